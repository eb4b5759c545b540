package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.elimination.Elimination;
import dev.trellis.runtime.elimination.Query;
import dev.trellis.runtime.parallel.BlockGradient;
import dev.trellis.runtime.parallel.LocalMemberEvaluation;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.parallel.StepTables;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Where {@link LocalMemberEvaluation} runs the blocks of hmm.py's model_1 on the first 40 training chorales (3 blocks
 * of 13–14): the calling thread is one of the workers, beside a pool of {@code threads - 1}, and a step whose pool
 * thread is busy with another program's step does its blocks itself rather than wait — the same bits either way.
 */
class LocalMemberEvaluationTest {

    private static final JsbSplit TRAIN = JsbData.CHORALES.train();
    private static final Map<String, Tensor> TABLES = JsbInit.hmmPy(JsbModel.HMM, TRAIN.numTones(), 0);

    /** 40 chorales in 3 blocks, so that two threads have blocks to share. */
    private static final int BLOCK_SIZE = 16;

    /** hmm.py's program over 40 chorales, recording on which threads its blocks ran and running a hook first. */
    private static final class Recording implements MemberProgram {
        final HmmProgram inner = new HmmProgram(new Hmm(16, TRAIN.numTones()),
                JsbPrograms.sequences(TRAIN).subList(0, 40));
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        volatile Consumer<int[]> beforeBlock = block -> { };
        private MemberEvaluation evaluation = MemberEvaluation.onThreads(1).withBlockSize(BLOCK_SIZE);

        @Override
        public void run(SampleContext context) {
            throw new UnsupportedOperationException("only the log-likelihood is asked for");
        }

        @Override
        public String memberPlate() {
            return inner.memberPlate();
        }

        @Override
        public int memberCount() {
            return inner.memberCount();
        }

        @Override
        public List<String> globalNames() {
            return inner.globalNames();
        }

        @Override
        public Tensor memberLogLikelihood(int[] members, Tensor... globals) {
            return inner.memberLogLikelihood(members, globals);
        }

        @Override
        public StepTables memberTables(int[] members, Tensor... globals) {
            return inner.memberTables(members, globals);
        }

        @Override
        public Elimination memberElimination(int[] members, StepTables tables, Query query, BlockGradient gradient,
                                             Tensor... globals) {
            threads.add(Thread.currentThread().getName());
            beforeBlock.accept(members);
            return inner.memberElimination(members, tables, query, gradient, globals);
        }

        @Override
        public MemberEvaluation memberEvaluation() {
            return evaluation;
        }

        @Override
        public void setMemberEvaluation(MemberEvaluation evaluation) {
            this.evaluation = evaluation;
        }
    }

    private static double sequential() {
        return new Recording().logLikelihood(TABLES);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void the_calling_thread_evaluates_blocks_beside_the_pool() {
        Recording program = new Recording();
        String caller = Thread.currentThread().getName();
        CountDownLatch callerStarted = new CountDownLatch(1);
        CountDownLatch poolStarted = new CountDownLatch(1);
        program.beforeBlock = block -> {   // each side's block waits until the other side is in one too
            if (Thread.currentThread().getName().equals(caller)) {
                callerStarted.countDown();
                await(poolStarted);
            } else {
                poolStarted.countDown();
                await(callerStarted);
            }
        };
        try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(2).withBlockSize(BLOCK_SIZE)) {
            program.setMemberEvaluation(evaluation);
            assertEquals(Double.doubleToRawLongBits(sequential()),
                    Double.doubleToRawLongBits(program.logLikelihood(TABLES)));
        }
        assertEquals(2, program.threads.size(), program.threads.toString());
        assertTrue(program.threads.contains(caller), program.threads.toString());
        assertTrue(program.threads.stream().anyMatch(t -> t.startsWith("trellis-members-")), program.threads.toString());
    }

    @Test
    void a_step_does_not_wait_for_a_pool_thread_busy_with_another_step() throws Exception {
        Recording busy = new Recording();
        Recording other = new Recording();
        CountDownLatch poolBusy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        busy.beforeBlock = block -> {   // the pool's one thread holds a block of the busy program's step
            if (Thread.currentThread().getName().startsWith("trellis-members-")) {
                poolBusy.countDown();
                await(release);
            } else {
                await(poolBusy);   // (so that its calling thread cannot take every block first)
            }
        };
        double expected = sequential();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(2).withBlockSize(BLOCK_SIZE)) {
            busy.setMemberEvaluation(evaluation);
            other.setMemberEvaluation(evaluation);
            Future<Double> busyStep = caller.submit(() -> busy.logLikelihood(TABLES));
            await(poolBusy);
            double otherStep = other.logLikelihood(TABLES);   // its helper is queued behind the held block
            assertEquals(Set.of(Thread.currentThread().getName()), other.threads, "all on the calling thread");
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(otherStep));
            release.countDown();
            assertEquals(Double.doubleToRawLongBits(expected),
                    Double.doubleToRawLongBits(busyStep.get(30, TimeUnit.SECONDS)));
        } finally {
            release.countDown();
            caller.shutdownNow();
        }
    }
}
