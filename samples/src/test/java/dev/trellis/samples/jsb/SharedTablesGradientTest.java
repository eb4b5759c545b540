package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.elimination.Elimination;
import dev.trellis.runtime.elimination.EliminationGradient;
import dev.trellis.runtime.elimination.Query;
import dev.trellis.runtime.parallel.BlockEvaluator;
import dev.trellis.runtime.parallel.LocalMemberEvaluation;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.parallel.StepTables;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * hmm.py's model_1 on the whole train split, its log-likelihood and gradient evaluated in blocks that share one
 * tabulation of the step (the tables and the sparse Bernoulli emission's log-probabilities, differentiated once with
 * the blocks' summed adjoints): the same as one elimination over every chorale to rounding, and the same bits on 1, 2
 * and 4 threads for each block size.
 */
class SharedTablesGradientTest {

    private static final JsbSplit TRAIN = JsbData.CHORALES.train();
    private static final Map<String, Tensor> TABLES = JsbInit.hmmPy(JsbModel.HMM, TRAIN.numTones(), 0);

    /** {log-likelihood, d/d probs_x..., d/d probs_y...}. */
    private static double[] oneElimination(Hmm model, List<double[][]> sequences) {
        Tensor probsX = Tensor.variable(TABLES.get("probs_x"));
        Tensor probsY = Tensor.variable(TABLES.get("probs_y"));
        EliminationGradient gradient = new EliminationGradient();
        Elimination elimination = HmmInference.eliminate(model, probsX, probsY, HmmInference.bind(sequences),
                Query.GRADIENT, null, gradient);
        Tensor logZ = gradient.logZ(elimination, "log p(y)");
        return flatten(logZ, Autodiff.gradients(logZ), probsX, probsY);
    }

    private static double[] inBlocks(HmmProgram program, MemberEvaluation evaluation) {
        Tensor probsX = Tensor.variable(TABLES.get("probs_x"));
        Tensor probsY = Tensor.variable(TABLES.get("probs_y"));
        program.setMemberEvaluation(evaluation);
        Plate plate = Plate.full("sequences", program.memberCount(), -1);
        Tensor logLikelihood = evaluation.logLikelihood("log p(y)", program, plate, probsX, probsY);
        return flatten(logLikelihood, Autodiff.gradients(logLikelihood), probsX, probsY);
    }

    private static double[] flatten(Tensor value, Gradients gradients, Tensor probsX, Tensor probsY) {
        double[] x = gradients.of(probsX).toArray();
        double[] y = gradients.of(probsY).toArray();
        double[] out = new double[1 + x.length + y.length];
        out[0] = value.item();
        System.arraycopy(x, 0, out, 1, x.length);
        System.arraycopy(y, 0, out, 1 + x.length, y.length);
        return out;
    }

    @Test
    void blocks_over_one_tabulation_give_the_gradient_of_one_elimination_and_the_same_bits_on_any_thread_count() {
        List<double[][]> sequences = JsbPrograms.sequences(TRAIN);
        Hmm model = new Hmm(16, TRAIN.numTones());
        HmmProgram program = new HmmProgram(model, sequences);
        double[] expected = oneElimination(model, sequences);
        double scale = 0;
        for (int i = 1; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        for (int blockSize : new int[] {1, 16, 100, 229}) {
            double[] one;
            try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(1).withBlockSize(blockSize)) {
                one = inBlocks(program, evaluation);
            }
            assertEquals(expected[0], one[0], 1e-12 * Math.abs(expected[0]), "log-likelihood, blocks of " + blockSize);
            for (int i = 1; i < expected.length; i++) {
                double tolerance = 1e-9 * Math.max(Math.abs(expected[i]), 1e-3 * scale);
                assertEquals(expected[i], one[i], tolerance, "gradient entry " + i + ", blocks of " + blockSize);
            }
            for (int threads : new int[] {2, 4}) {
                try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(threads).withBlockSize(blockSize)) {
                    assertArrayEquals(one, inBlocks(program, evaluation), threads + " threads, blocks of "
                            + blockSize);
                }
            }
        }
    }

    @Test
    void blocks_read_the_steps_emission_and_send_its_adjoints_not_a_gradient_of_their_own() {
        List<double[][]> sequences = JsbPrograms.sequences(TRAIN);
        HmmProgram program = new HmmProgram(new Hmm(16, TRAIN.numTones()), sequences);
        Tensor probsX = Tensor.variable(TABLES.get("probs_x"));
        Tensor probsY = Tensor.variable(TABLES.get("probs_y"));
        StepTables tables = program.memberTables(new int[] {0, 5, 7}, probsX, probsY);
        assertEquals(List.of("table 0", "table 1", "evidence 0 (y): log p(1) at variant 0",
                "evidence 0 (y): log p(0) at variant 0"), tables.inputNames());
        assertTrue(tables.inputs().stream().allMatch(Tensor::requiresGrad));
        double[] block = BlockEvaluator.evaluate(program, new int[] {5, 7}, tables,
                new Tensor[] {probsX.detach(), probsY.detach()}, true);
        int inputs = tables.inputLength();
        assertEquals(1 + inputs + probsX.numElements() + probsY.numElements(), block.length);
        assertTrue(java.util.Arrays.stream(block, 1, 1 + inputs).anyMatch(a -> a != 0), "adjoints of the inputs");
        assertTrue(java.util.Arrays.stream(block, 1 + inputs, block.length).allMatch(g -> g == 0),
                "no evidence of the block's own reaches the globals");
    }
}
