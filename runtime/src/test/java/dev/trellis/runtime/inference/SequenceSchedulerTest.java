package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SequenceSchedulerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void rejectsFewerThanOneWorker() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SequenceScheduler(pool, 0));
        assertEquals("workers = 0; need at least 1", e.getMessage());
    }

    @Test
    void rejectsSeveralWorkersWithoutAnExecutor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SequenceScheduler(null, 2));
        assertEquals("workers = 2 needs an executor to run on", e.getMessage());
    }

    @Test
    void oneWorkerNeedsNoExecutorAndOneWorkerIsTheMinimum() {
        assertEquals(1, new SequenceScheduler(null, 1).workers());
        assertEquals(1, new SequenceScheduler(pool, 1).workers());
        assertEquals(3, new SequenceScheduler(pool, 3).workers());
    }

    @Test
    void withoutAnExecutorEverySequenceRunsOnceInOrderOnTheCallingThread() {
        StringBuilder order = new StringBuilder();
        Thread caller = Thread.currentThread();
        new SequenceScheduler(null, 1).forEach(4, (worker, s) -> {
            assertEquals(0, worker);
            assertSame(caller, Thread.currentThread());
            order.append(s);
        });
        assertEquals("0123", order.toString());
    }

    @Test
    void noSequencesRunsNoTask() {
        new SequenceScheduler(pool, 3).forEach(0, (worker, s) -> {
            throw new AssertionError("ran sequence " + s);
        });
    }

    @Test
    void aSingleSequenceRunsOnTheCallingThreadAsWorkerZero() {
        Thread caller = Thread.currentThread();
        int[] runs = new int[1];
        new SequenceScheduler(pool, 3).forEach(1, (worker, s) -> {
            assertEquals(0, worker);
            assertEquals(0, s);
            assertSame(caller, Thread.currentThread());
            runs[0]++;
        });
        assertEquals(1, runs[0]);
    }

    @Test
    void oneWorkerWithAnExecutorStillRunsOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        StringBuilder order = new StringBuilder();
        new SequenceScheduler(pool, 1).forEach(3, (worker, s) -> {
            assertSame(caller, Thread.currentThread());
            order.append(s);
        });
        assertEquals("012", order.toString());
    }

    @Test
    void severalWorkersRunEverySequenceExactlyOnceOnThePoolWithWorkerIndicesInRange() {
        int sequences = 50;
        AtomicIntegerArray runs = new AtomicIntegerArray(sequences);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        new SequenceScheduler(pool, 3).forEach(sequences, (worker, s) -> {
            assertTrue(worker >= 0 && worker < 3, "worker " + worker);
            threads.add(Thread.currentThread());
            runs.incrementAndGet(s);
        });
        for (int s = 0; s < sequences; s++) {
            assertEquals(1, runs.get(s), "sequence " + s);
        }
        assertTrue(!threads.contains(Thread.currentThread()), "ran on the calling thread");
    }

    @Test
    void severalWorkersSubmitExactlyThatManyTasksToTheExecutor() {
        CountingExecutor counting = new CountingExecutor(pool);
        new SequenceScheduler(counting, 3).forEach(10, (worker, s) -> { });
        assertEquals(3, counting.submitted.get());
        new SequenceScheduler(counting, 2).forEach(10, (worker, s) -> { });
        assertEquals(5, counting.submitted.get());
    }

    @Test
    void everyWorkerGetsItsOwnIndex() throws InterruptedException {
        // Each of the three sequences waits until all three run at once, so three distinct workers must hold them.
        CountDownLatch together = new CountDownLatch(3);
        Set<Integer> workersSeen = ConcurrentHashMap.newKeySet();
        new SequenceScheduler(pool, 3).forEach(3, (worker, s) -> {
            workersSeen.add(worker);
            together.countDown();
            try {
                assertTrue(together.await(10, TimeUnit.SECONDS), "the workers did not run concurrently");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(Set.of(0, 1, 2), workersSeen);
    }

    @Test
    void aRuntimeExceptionOfATaskIsRethrownUnwrapped() {
        IllegalArgumentException failure = new IllegalArgumentException("sequence 3 is bad");
        assertSame(failure, assertThrows(IllegalArgumentException.class,
                () -> new SequenceScheduler(pool, 2).forEach(6, (worker, s) -> {
                    if (s == 3) {
                        throw failure;
                    }
                })));
    }

    @Test
    void anErrorOfATaskIsRethrownUnwrapped() {
        AssertionError failure = new AssertionError("sequence 1 failed");
        assertSame(failure, assertThrows(AssertionError.class,
                () -> new SequenceScheduler(pool, 2).forEach(4, (worker, s) -> {
                    if (s == 1) {
                        throw failure;
                    }
                })));
    }

    @Test
    void aCheckedExceptionOfATaskIsWrappedWithItsCause() {
        IOException failure = new IOException("disk gone");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SequenceScheduler(pool, 2).forEach(4, (worker, s) -> {
                    if (s == 2) {
                        throw SequenceSchedulerTest.<RuntimeException>sneaky(failure);
                    }
                }));
        assertEquals("a sequence worker failed", e.getMessage());
        assertSame(failure, e.getCause());
    }

    @Test
    void anInterruptedCallerGetsAnIllegalStateExceptionAndKeepsItsInterruptFlag() {
        // The tasks wait for a release that never comes, so the caller is still waiting when it sees its interrupt;
        // the scheduler's pool cancels (interrupts) them when it gives up.
        CountDownLatch never = new CountDownLatch(1);
        Thread.currentThread().interrupt();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new SequenceScheduler(pool, 2).forEach(4, (worker, s) -> {
                        try {
                            never.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException cancelled) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertEquals("interrupted while waiting for the sequence workers", e.getMessage());
            assertTrue(e.getCause() instanceof InterruptedException);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    /** Runs tasks on another executor and counts them. */
    private static final class CountingExecutor extends AbstractExecutorService {
        final AtomicInteger submitted = new AtomicInteger();
        private final ExecutorService delegate;

        CountingExecutor(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            submitted.incrementAndGet();
            delegate.execute(command);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }

    /** Throws a checked exception through a lambda that cannot declare it (a task never does, but one could). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
