package dev.trellis.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.parallel.MemberBlocks;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.jsb.JsbInit;
import dev.trellis.samples.jsb.JsbModel;
import dev.trellis.samples.jsb.JsbTraining;
import dev.trellis.spark.Trajectories.Trajectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark stopped mid-run (its context stopped after step 10, a checkpoint saved after every step) resumes
 * on a new cluster of another size from its last checkpoint and finishes with the bits of an uninterrupted one-thread
 * run: hmm.py's model_1 at batch 8, whose batches come from the checkpointed random stream.
 */
class SparkResumeTest {

    private static JsbTraining resumeOrStart(Path checkpoint, boolean resume, MemberEvaluation evaluation)
            throws IOException {
        Map<String, Tensor> init = JsbInit.hmmPy(JsbModel.HMM, Trajectories.TRAIN.numTones(), 0);
        return resume
                ? JsbTraining.resume(checkpoint, JsbModel.HMM, Trajectories.TRAIN, init, 0.05, 8, 0, evaluation)
                : JsbTraining.start(JsbModel.HMM, Trajectories.TRAIN, init, 0.05, 8, 0, evaluation);
    }

    private static void run(String master, Path checkpoint, boolean resume, int untilStep, List<Double> losses,
            List<Map<String, Tensor>> params) throws IOException {
        JavaSparkContext context = SparkClusters.start(master, "trellis-resume-test");
        try (SparkMemberEvaluation evaluation = SparkMemberEvaluation.create(context, Trajectories.sequences(),
                JsbTraining.programs(JsbModel.HMM, Trajectories.TRAIN.numTones()), MemberBlocks.DEFAULT_SIZE,
                context.defaultParallelism(), true)) {
            JsbTraining training = resumeOrStart(checkpoint, resume, evaluation);
            while (training.stepsTaken() < untilStep) {
                losses.add(training.step());
                training.save(checkpoint);
            }
            params.add(training.params());
        }
    }

    @Test
    void a_run_stopped_after_step_10_resumes_on_another_cluster_with_the_bits_of_an_uninterrupted_run(
            @TempDir Path dir) throws IOException {
        Trajectory expected = Trajectories.jsb(8, MemberEvaluation.sequential());
        Path checkpoint = dir.resolve("model_1.checkpoint.json");
        List<Double> losses = new ArrayList<>();
        List<Map<String, Tensor>> params = new ArrayList<>();
        run("local[2]", checkpoint, false, 10, losses, params);
        run("local[4]", checkpoint, true, Trajectories.STEPS, losses, params);

        assertEquals(expected.losses(), losses);
        expected.params().forEach((name, value) ->
                assertArrayEquals(value.toArray(), params.get(1).get(name).toArray(), name));
    }
}
