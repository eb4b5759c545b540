package dev.trellis.spark;

import static dev.trellis.spark.Trajectories.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.parallel.MemberBlocks;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.samples.gmm.GmmFit;
import dev.trellis.samples.jsb.JsbModel;
import dev.trellis.samples.jsb.JsbTraining;
import dev.trellis.spark.Trajectories.Trajectory;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Data-parallel SVI on Spark in local mode has the bits of one thread: 20-step trajectories of hmm.py's model_1 on the
 * whole train split and at batch 8, and of the GMM's MAP fit on 300 points, on local[1], local[2] and local[4]
 * (1, 2 and 4 partitions of whole blocks).
 */
class SparkTrainingTest {

    @Test
    void trajectories_on_local_1_2_and_4_have_the_bits_of_one_thread() {
        Trajectory wholeSplit = Trajectories.jsb(229, MemberEvaluation.sequential());
        Trajectory batchOf8 = Trajectories.jsb(8, MemberEvaluation.sequential());
        Trajectory gmm = Trajectories.gmm(MemberEvaluation.sequential());
        for (int threads : new int[] {1, 2, 4}) {
            String master = "local[" + threads + "]";
            JavaSparkContext context = SparkClusters.start(master, "trellis-test");
            try {
                try (SparkMemberEvaluation evaluation = SparkMemberEvaluation.create(context, Trajectories.sequences(),
                        JsbTraining.programs(JsbModel.HMM, Trajectories.TRAIN.numTones()), MemberBlocks.DEFAULT_SIZE,
                        context.defaultParallelism(), false)) {
                    assertEquals(threads, evaluation.partitions(), master);
                    assertSameBits(wholeSplit, Trajectories.jsb(229, evaluation), master + ", whole split");
                    StepTimings last = evaluation.lastStep();
                    assertNotNull(last);
                    assertEquals(4, last.blocks(), "229 sequences are 4 blocks of at most 64");
                    assertSameBits(batchOf8, Trajectories.jsb(8, evaluation), master + ", batch 8");
                }
                try (SparkMemberEvaluation evaluation = SparkMemberEvaluation.create(context, Trajectories.gmmPoints(),
                        GmmFit.programs(2), MemberBlocks.DEFAULT_SIZE, context.defaultParallelism(), false)) {
                    assertSameBits(gmm, Trajectories.gmm(evaluation), master + ", GMM");
                    assertTrue(evaluation.lastStep().maxComputeNanos() > 0);
                }
            } finally {
                context.stop();
            }
        }
    }
}
