package dev.trellis.spark;

import static dev.trellis.spark.Trajectories.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.elimination.Elimination;
import dev.trellis.runtime.elimination.Query;
import dev.trellis.runtime.parallel.BlockGradient;
import dev.trellis.runtime.parallel.MemberBlocks;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.MemberProgram;
import dev.trellis.runtime.parallel.MemberProgramFactory;
import dev.trellis.runtime.parallel.StepTables;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.gmm.GmmFit;
import dev.trellis.spark.Trajectories.Trajectory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;

/**
 * A task that fails once (an executor's block evaluation throws, injected) is retried by Spark, and the step, and so
 * the whole trajectory, keeps the bits of the run without the fault. Local mode with two attempts per task
 * ({@code local[2,2]}); the executors run in this JVM, which is what lets the test arm the fault from here.
 */
class SparkFaultTest {

    /** Armed by the test; the first block evaluated while armed disarms it and throws. */
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicInteger INJECTED = new AtomicInteger();

    @Test
    void a_task_that_fails_once_is_retried_and_the_trajectory_is_unchanged() throws InterruptedException {
        Trajectory expected = Trajectories.gmm(MemberEvaluation.sequential());
        JavaSparkContext context = SparkClusters.start("local[2,2]", "trellis-fault-test");
        AtomicInteger failedTasks = new AtomicInteger();
        context.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (taskEnd.reason() instanceof TaskFailedReason) {
                    failedTasks.incrementAndGet();
                }
            }
        });
        try (SparkMemberEvaluation evaluation = SparkMemberEvaluation.create(context, Trajectories.gmmPoints(),
                failingOnce(), MemberBlocks.DEFAULT_SIZE, 2, false)) {
            ARMED.set(true);
            assertSameBits(expected, Trajectories.gmm(evaluation), "local[2,2] with one injected failure");
        } finally {
            ARMED.set(false);
            context.stop();
        }
        assertEquals(1, INJECTED.get(), "faults injected");
        for (int wait = 0; wait < 50 && failedTasks.get() == 0; wait++) {
            Thread.sleep(100);   // the listener bus delivers events asynchronously
        }
        assertTrue(failedTasks.get() >= 1, "Spark saw the failed task");
    }

    /** The GMM's programs, each failing the first block it evaluates while the test is armed. */
    static MemberProgramFactory<Double> failingOnce() {
        return points -> new FailingOnce(GmmFit.programs(2).create(points));
    }

    /** A program that throws once, in place of an executor that crashes mid-task. */
    static final class FailingOnce implements MemberProgram {
        private final MemberProgram program;

        FailingOnce(MemberProgram program) {
            this.program = program;
        }

        @Override
        public Tensor memberLogLikelihood(int[] members, Tensor... globals) {
            return program.memberLogLikelihood(members, globals);
        }

        @Override
        public StepTables memberTables(int[] members, Tensor... globals) {
            return program.memberTables(members, globals);
        }

        @Override
        public Elimination memberElimination(int[] members, StepTables tables, Query query, BlockGradient gradient,
                                             Tensor... globals) {
            if (ARMED.compareAndSet(true, false)) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected executor failure");
            }
            return program.memberElimination(members, tables, query, gradient, globals);
        }

        @Override
        public void run(SampleContext context) {
            program.run(context);
        }

        @Override
        public String memberPlate() {
            return program.memberPlate();
        }

        @Override
        public int memberCount() {
            return program.memberCount();
        }

        @Override
        public List<String> globalNames() {
            return program.globalNames();
        }

        @Override
        public MemberEvaluation memberEvaluation() {
            return program.memberEvaluation();
        }

        @Override
        public void setMemberEvaluation(MemberEvaluation evaluation) {
            program.setMemberEvaluation(evaluation);
        }
    }
}
