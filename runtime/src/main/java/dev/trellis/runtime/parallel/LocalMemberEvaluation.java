package dev.trellis.runtime.parallel;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a step's blocks on the threads of this machine: the calling thread and {@code threads - 1} pool threads.
 * Workers take the next unclaimed block, so blocks of ragged sizes balance by themselves; which worker computes a
 * block changes nothing, since each block is computed on its own and the blocks are added exactly. The blocks read
 * the calling thread's tabulation of the step ({@link StepTables}), which is the only one: this process is the whole
 * step.
 *
 * <p>With more than one thread it owns a pool of {@code threads - 1} daemon threads, started on first use;
 * {@link #close} stops it. The calling thread works too, rather than waiting while the pool works: a step then waits
 * for no thread to wake before its first block, and for none after its last but the workers still computing. One
 * instance may serve several programs, one step at a time each (a step waits for its blocks).
 *
 * <p>Thread-safe: its one mutable field, the pool, is made and shut down under a lock, and each step keeps its own
 * counters.
 */
public final class LocalMemberEvaluation implements MemberEvaluation, AutoCloseable {

    static final LocalMemberEvaluation SEQUENTIAL = new LocalMemberEvaluation(1, MemberBlocks.DEFAULT_SIZE);
    /** One block of every member, which generated programs run as one plain elimination. */
    static final LocalMemberEvaluation WHOLE = new LocalMemberEvaluation(1, Integer.MAX_VALUE, true);

    private final int threads;
    private final int blockSize;
    private final boolean whole;
    private @Nullable ExecutorService pool;

    LocalMemberEvaluation(int threads, int blockSize) {
        this(threads, blockSize, false);
    }

    private LocalMemberEvaluation(int threads, int blockSize, boolean whole) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + "; need at least 1");
        }
        this.threads = threads;
        this.blockSize = MemberBlocks.checkSize(blockSize);
        this.whole = whole;
    }

    @Override
    public boolean isWhole() {
        return whole;
    }

    /** {@return this evaluation with another block size (the same threads, a pool of its own)} */
    public LocalMemberEvaluation withBlockSize(int size) {
        return new LocalMemberEvaluation(threads, size);
    }

    /** {@return the number of threads} */
    public int threads() {
        return threads;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int memberCount(MemberProgram program) {
        return program.memberCount();
    }

    @Override
    public ExactSums sum(MemberProgram program, int[] members, Tensor[] globals, StepTables tables,
                         boolean gradient) {
        List<int[]> blocks = MemberBlocks.split(members, blockSize, program.memberCount());
        int length = BlockGradient.length(tables, globals);
        if (threads == 1 || blocks.size() <= 1) {
            ExactSums sums = new ExactSums(length);
            for (int[] block : blocks) {
                sums.add(0, BlockEvaluator.evaluate(program, block, tables, globals, gradient));
            }
            return sums;
        }
        // The calling thread is one of the workers and the pool supplies the others, so a step hands work to
        // threads - 1 pool threads and waits for nobody to wake up before its own blocks start. Each worker adds
        // each of its blocks to the one vector of exact sums as it finishes it (SharedExactSums), so nothing is left
        // to merge after the last block: exact sums do not depend on the order of their terms.
        int workerCount = Math.min(threads, blocks.size());
        SharedExactSums sums = new SharedExactSums(length);
        Throwable[] failures = new Throwable[blocks.size()];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> helpers = new ArrayList<>();
        AtomicBoolean[] started = new AtomicBoolean[workerCount];
        for (int w = 1; w < workerCount; w++) {
            int worker = w;
            started[w] = new AtomicBoolean();
            helpers.add(pool().submit(() -> {
                if (started[worker].compareAndSet(false, true)) {
                    work(program, blocks, tables, globals, gradient, next, sums, failures, worker, workerCount);
                }
            }));
        }
        work(program, blocks, tables, globals, gradient, next, sums, failures, 0, workerCount);
        awaitHelpers(helpers, started);
        // Rethrow the failure of the first block that failed, so the same input fails the same way whatever the
        // timing (a single thread would have stopped there).
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        }
        return sums.sums();
    }

    /** A worker: takes the next unclaimed block until none is left, adding each to the sums (or its failure). */
    private static void work(MemberProgram program, List<int[]> blocks, StepTables tables, Tensor[] globals,
                             boolean gradient, AtomicInteger next, SharedExactSums sums, Throwable[] failures,
                             int worker, int workers) {
        for (int b = next.getAndIncrement(); b < blocks.size(); b = next.getAndIncrement()) {
            try {
                sums.add(BlockEvaluator.evaluate(program, blocks.get(b), tables, globals, gradient), worker, workers);
            } catch (RuntimeException | Error e) {
                failures[b] = e;
            }
        }
    }

    /**
     * Waits for the pool's workers. One that has not started by the time the calling thread ran out of blocks has
     * nothing left to do (the pool is busy with another program's step): it is marked started here, so that it
     * returns at once if it ever runs, and is not waited for. ({@code Future.cancel} would not do: it also cancels
     * a task that is running, whose block would then be missing from the sums.)
     *
     * @param started per worker from 1 on, whether it started (set by whichever of it and this wait comes first)
     */
    private static void awaitHelpers(List<Future<?>> helpers, AtomicBoolean[] started) {
        for (int h = 0; h < helpers.size(); h++) {
            Future<?> helper = helpers.get(h);
            if (started[h + 1].compareAndSet(false, true)) {
                helper.cancel(false);   // never started: nothing of this step's will run in it
                continue;
            }
            try {
                helper.get();
            } catch (InterruptedException e) {
                helpers.forEach(other -> other.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the member blocks", e);
            } catch (ExecutionException e) {   // a worker that failed outside its blocks (e.g. out of memory)
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("a member worker failed", e.getCause());
            }
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, task -> {
                Thread thread = new Thread(task, "trellis-members-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return pool;
    }

    /** Stops the pool's threads (they are daemons, so an exiting JVM need not wait for this). */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    @Override
    public String toString() {
        return "LocalMemberEvaluation(threads=" + threads + ", blockSize=" + blockSize + ")";
    }
}
