package dev.trellis.runtime.inference;

import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per sequence of a plate, on the calling thread or on a fixed number of workers.
 *
 * <p>Workers take the next unclaimed sequence index from a shared counter, so ragged lengths balance by
 * themselves. Which worker computes a sequence is therefore not deterministic, but nothing may depend on it:
 * each task writes only that sequence's own result slots, computed the same way on every thread, and the
 * caller combines the slots afterwards in index order. That is what makes results bit-identical for any number
 * of workers. A worker index is passed to the task so that it can use that worker's buffers.
 */
final class SequenceScheduler {

    /** One sequence's work, run by the given worker (0 <= worker < workers). */
    @FunctionalInterface
    interface SequenceTask {
        void run(int worker, int sequence);
    }

    private final @Nullable ExecutorService executor;
    private final int workers;

    /**
     * @param executor where workers run, or null to run everything on the calling thread
     * @param workers how many workers to use (1 when there is no executor)
     */
    SequenceScheduler(@Nullable ExecutorService executor, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers = " + workers + "; need at least 1");
        }
        if (executor == null && workers != 1) {
            throw new IllegalArgumentException("workers = " + workers + " needs an executor to run on");
        }
        this.executor = executor;
        this.workers = workers;
    }

    int workers() {
        return workers;
    }

    /**
     * Runs {@code task} once for every sequence index in {@code [0, numSequences)} and returns when all are done.
     *
     * @throws RuntimeException the first failure of a task (in worker order), rethrown on the calling thread
     */
    void forEach(int numSequences, SequenceTask task) {
        if (executor == null || workers == 1 || numSequences <= 1) {
            for (int s = 0; s < numSequences; s++) {
                task.run(0, s);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> jobs = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int worker = w;
            jobs.add(() -> {
                for (int s = next.getAndIncrement(); s < numSequences; s = next.getAndIncrement()) {
                    task.run(worker, s);
                }
                return null;
            });
        }
        try {
            for (Future<Void> future : executor.invokeAll(jobs)) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sequence workers", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a sequence worker failed", cause);
        }
    }
}
