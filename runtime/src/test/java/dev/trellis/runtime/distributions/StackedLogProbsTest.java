package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stacked scorers tabulation and evidence use give exactly (bit for bit) the values and gradients of stacking
 * each distribution's own {@code logProb}, including probabilities 0 and 1.
 */
class StackedLogProbsTest {

    private static final double[][] ROWS = {{0.2, 0.5, 0.3}, {0.0, 1.0, 0.0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};

    @Test
    void stacked_categoricals_match_their_own_log_probs_and_gradients() {
        for (boolean logits : new boolean[] {false, true}) {
            Tensor parameter = Tensor.variable(Tensor.of(flat(ROWS), 3, 3));
            List<Categorical> rows = categoricals(parameter, logits);
            Tensor stacked = Categorical.stackedLogProbs(rows);
            List<Tensor> own = new ArrayList<>();
            for (Categorical row : rows) {
                own.add(row.logProb(Tensor.arange(3)));
            }
            Tensor expected = Tensor.stack(0, own);
            assertArrayEquals(expected.toArray(), stacked.toArray(), 0.0);
            Tensor weights = Tensor.of(new double[] {0.3, -1.2, 0.0, 2.0, 0.7, 0.0, 1.5, -0.4, 0.9}, 3, 3);
            assertArrayEquals(gradient(expected, weights, parameter), gradient(stacked, weights, parameter), 0.0);
        }
    }

    @Test
    void stacked_categoricals_decline_mixed_parameterisations_and_batches() {
        Tensor probs = Tensor.of(flat(ROWS), 3, 3);
        assertNull(Categorical.stackedLogProbs(List.of(Categorical.of(probs.select(0, 0)),
                Categorical.ofLogits(probs.select(0, 2)))));
        assertNull(Categorical.stackedLogProbs(List.of(Categorical.of(probs))));
        assertNull(Categorical.stackedLogProbs(List.of()));
    }

    @Test
    void stacked_bernoullis_match_log_probs_of_all_ones_and_all_zeros() {
        Tensor p = Tensor.variable(Tensor.of(new double[] {0.0, 0.25, 1.0, 0.9, 0.5, 1e-300}, 2, 3));
        List<Bernoulli> cells = List.of(Bernoulli.of(p.select(0, 0)), Bernoulli.of(p.select(0, 1)));
        Tensor[] stacked = Bernoulli.stackedLogProbs(cells, new int[] {3});
        Tensor[] expected = new Tensor[2];
        for (int value = 1; value >= 0; value--) {
            List<Tensor> own = new ArrayList<>();
            for (Bernoulli cell : cells) {
                own.add(cell.logProb(Tensor.full(value, 3)));
            }
            expected[1 - value] = Tensor.stack(0, own);
            assertArrayEquals(expected[1 - value].toArray(), stacked[1 - value].toArray(), 0.0);
        }
        Tensor w1 = Tensor.of(new double[] {0.0, 1.5, -2.0, 0.25, 3.0, 0.0}, 2, 3);
        Tensor w0 = Tensor.of(new double[] {-1.0, 0.5, 0.0, 2.0, 0.0, 0.75}, 2, 3);
        Tensor own = expected[0].mul(w1).sum().add(expected[1].mul(w0).sum());
        Tensor together = stacked[0].mul(w1).sum().add(stacked[1].mul(w0).sum());
        assertArrayEquals(Autodiff.gradients(own).of(p).toArray(), Autodiff.gradients(together).of(p).toArray(), 0.0);
    }

    @Test
    void stacked_bernoullis_decline_logits_and_other_batch_shapes() {
        Tensor p = Tensor.vector(0.2, 0.4, 0.6);
        assertNull(Bernoulli.stackedLogProbs(List.of(Bernoulli.of(p), Bernoulli.ofLogits(p)), new int[] {3}));
        assertNull(Bernoulli.stackedLogProbs(List.of(Bernoulli.of(p)), new int[] {1, 3}));
        assertNull(Bernoulli.stackedLogProbs(List.of(Bernoulli.of(0.5)), new int[] {3}));
    }

    private static List<Categorical> categoricals(Tensor parameter, boolean logits) {
        List<Categorical> rows = new ArrayList<>();
        for (int r = 0; r < ROWS.length; r++) {
            Tensor row = parameter.select(0, r);
            rows.add(logits ? Categorical.ofLogits(row) : Categorical.of(row));
        }
        return rows;
    }

    private static double[] gradient(Tensor table, Tensor weights, Tensor leaf) {
        Gradients gradients = Autodiff.gradients(table.mul(weights).sum());
        return gradients.of(leaf).toArray();
    }

    private static double[] flat(double[][] rows) {
        double[] out = new double[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * rows[r].length, rows[r].length);
        }
        return out;
    }
}
