package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.nn.ProductPrecision;
import dev.trellis.runtime.parallel.LocalMemberEvaluation;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * hmm.py's model_1 trained on 1, 2 and 4 threads: the sequences of each step are split into the same blocks whatever
 * the thread count, and the blocks are added exactly, so every loss and every table of a 20-step trajectory has the
 * bits of the one-thread run — on the whole train split (229 sequences, 4 blocks of at most 64) and at hmm.py's batch of 8.
 */
class ThreadedTrainingTest {

    static final int STEPS = 20;

    /** The losses of every step, then the final tables, flattened in name order. */
    record Trajectory(double[] losses, Map<String, Tensor> params) {}

    static Trajectory train(int batchSize, MemberEvaluation evaluation) {
        return train(JsbModel.HMM, STEPS, batchSize, evaluation);
    }

    static Trajectory train(JsbModel model, int steps, int batchSize, MemberEvaluation evaluation) {
        JsbSplit train = JsbData.CHORALES.train();
        Map<String, Tensor> init = JsbInit.hmmPy(model, train.numTones(), 0);
        JsbTraining training = JsbTraining.start(model, train, init, 0.05, batchSize, 0, evaluation);
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            losses[step] = training.step();
        }
        return new Trajectory(losses, training.params());
    }

    static void assertSameBits(Trajectory expected, Trajectory actual, String what) {
        assertArrayEquals(expected.losses(), actual.losses(), what + ": losses");
        assertEquals(expected.params().keySet(), actual.params().keySet(), what + ": parameters");
        expected.params().forEach((name, value) ->
                assertArrayEquals(value.toArray(), actual.params().get(name).toArray(), what + ": " + name));
    }

    @Test
    void whole_split_trajectory_has_the_same_bits_on_1_2_and_4_threads() {
        Trajectory one = train(229, MemberEvaluation.sequential());
        for (int threads : new int[] {1, 2, 4}) {
            try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(threads)) {
                assertSameBits(one, train(229, evaluation), threads + " threads, whole split");
            }
        }
    }

    @Test
    void batch_of_8_trajectory_has_the_same_bits_on_1_2_and_4_threads() {
        Trajectory one = train(8, MemberEvaluation.sequential());
        for (int threads : new int[] {2, 4}) {
            try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(threads)) {
                assertSameBits(one, train(8, evaluation), threads + " threads, batch 8");
            }
        }
    }
    /**
     * The nnHMM with its network's products in float32 ({@link ProductPrecision#SINGLE}): each block's products are
     * the same float32 sums whatever the thread count, so the bits still do not depend on it.
     */
    @Test
    void nnhmm_trajectory_with_single_precision_products_has_the_same_bits_on_1_and_2_threads() {
        ProductPrecision before = ProductPrecision.use(ProductPrecision.SINGLE);
        try {
            Trajectory one = train(JsbModel.NNHMM, 3, 8, MemberEvaluation.sequential());
            try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(2)) {
                assertSameBits(one, train(JsbModel.NNHMM, 3, 8, evaluation), "2 threads, nnhmm, single");
            }
        } finally {
            ProductPrecision.use(before);
        }
    }

    @Test
    void log_likelihood_of_every_chorale_has_the_same_bits_on_1_2_and_4_threads() {
        JsbSplit train = JsbData.CHORALES.train();
        Map<String, Tensor> tables = JsbInit.hmmPy(JsbModel.HMM, train.numTones(), 0);
        dev.trellis.runtime.parallel.MemberProgram program =
                (dev.trellis.runtime.parallel.MemberProgram) JsbPrograms.of(JsbModel.HMM, train, Map.of());
        program.setMemberEvaluation(MemberEvaluation.sequential());
        double one = program.logLikelihood(tables);
        double inference = ((HmmProgram) program).inference(tables).logLikelihood(JsbPrograms.sequences(train));
        assertEquals(inference, one, 1e-12 * Math.abs(inference), "blocks against one elimination");
        for (int threads : new int[] {2, 4}) {
            try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(threads)) {
                program.setMemberEvaluation(evaluation);
                assertEquals(Double.doubleToRawLongBits(one), Double.doubleToRawLongBits(program.logLikelihood(tables)),
                        threads + " threads");
            }
        }
    }
}
