package dev.trellis.runtime.parallel;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a step's blocks on the threads of this machine. Workers take the next unclaimed block, so blocks of
 * ragged sizes balance by themselves; which worker computes a block changes nothing, since each block is computed on
 * its own and the blocks are added exactly. The blocks read the calling thread's tabulation of the step
 * ({@link StepTables}), which is the only one: this process is the whole step.
 *
 * <p>With more than one thread it owns a pool of daemon threads, started on first use; {@link #close} stops it. One
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
        // Each worker adds its blocks up as it goes, in sums it makes itself (so the calling thread's serial part does
        // not include clearing them), and the workers' sums are merged at the end: exact sums do not depend on the
        // grouping, and most of the adding then runs on the workers.
        int workerCount = Math.min(threads, blocks.size());
        ExactSums[] perWorker = new ExactSums[workerCount];
        Throwable[] failures = new Throwable[blocks.size()];
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int w = 0; w < workerCount; w++) {
            int worker = w;
            workers.add(() -> {
                ExactSums own = new ExactSums(length);
                perWorker[worker] = own;
                for (int b = next.getAndIncrement(); b < blocks.size(); b = next.getAndIncrement()) {
                    try {
                        own.add(0, BlockEvaluator.evaluate(program, blocks.get(b), tables, globals, gradient));
                    } catch (RuntimeException | Error e) {
                        failures[b] = e;
                    }
                }
                return null;
            });
        }
        List<Future<Void>> done;
        try {
            done = pool().invokeAll(workers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the member blocks", e);
        }
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
        for (Future<Void> worker : done) {   // a worker that failed outside its blocks (e.g. out of memory)
            try {
                worker.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the member blocks", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("a member worker failed", e.getCause());
            }
        }
        ExactSums merged = perWorker[0];
        for (int w = 1; w < workerCount; w++) {
            merged.add(perWorker[w]);
        }
        return merged;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads, task -> {
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
