package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused Bernoulli-logits scoring of a block against {@code Bernoulli.ofLogits(l).logProb(y)} summed over each
 * row (the path it replaces), against finite differences, and at saturated and infinite logits.
 */
class BernoulliLogitsRowsTest {

    private final SplittableRandom random = new SplittableRandom(29);

    private double[] binary(int size) {
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            y[i] = random.nextInt(2);
        }
        return y;
    }

    private Tensor logits(int n, int members, double scale) {
        return Tensor.of(EvidenceChecks.uniform(random, n * members, -scale, scale), n, members);
    }

    /** {@code [n, cells]} by the tensor operations: Bernoulli's logProb of the block, summed over each row. */
    private static Tensor composed(double[] y, int n, Tensor[] logits) {
        Tensor block = Tensor.of(y, n, y.length / n);
        List<Tensor> columns = new ArrayList<>();
        for (Tensor l : logits) {
            columns.add(Bernoulli.ofLogits(l).logProb(block).sum(1, false));
        }
        return Tensor.stack(1, columns.toArray(new Tensor[0]));
    }

    private static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isInfinite(expected[i])) {
                assertEquals(expected[i], actual[i], what + " entry " + i);
            } else {
                assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), what + " entry " + i);
            }
        }
    }

    @Test
    void rows_equal_the_summed_log_probabilities_of_bernoulli_for_every_cell() {
        // 600 members per row: the product of factors is logged every 512 of them
        for (int members : new int[] {1, 3, 51, 600}) {
            int n = 7;
            double[] y = binary(n * members);
            Tensor[] cells = {logits(n, members, 4), logits(n, members, 60), logits(n, members, 0.01)};
            assertClose(composed(y, n, cells).toArray(), BernoulliLogitsRows.score(y, n, cells).toArray(), 1e-14,
                    members + " members");
        }
    }

    @Test
    void saturated_and_infinite_logits_give_bernoullis_terms_and_gradients() {
        double inf = Double.POSITIVE_INFINITY;
        double[] l = {800, -800, 40, -40, inf, -inf, 0, 1e-300};
        double[] ys = {0, 1};
        for (double y0 : ys) {
            double[] y = new double[l.length];
            java.util.Arrays.fill(y, y0);
            for (int j = 0; j < l.length; j++) {
                Tensor logit = Tensor.variable(Tensor.of(new double[] {l[j]}, 1, 1));
                double[] yj = {y[j]};
                Tensor fused = BernoulliLogitsRows.score(yj, 1, new Tensor[] {logit});
                Tensor expected = composed(yj, 1, new Tensor[] {logit});
                assertEquals(expected.item(), fused.item(), 1e-15 * Math.max(1, Math.abs(expected.item())),
                        "y " + y0 + ", logit " + l[j]);
                double fusedGradient = Autodiff.gradients(fused.sum()).of(logit).item();
                double expectedGradient = Autodiff.gradients(expected.sum()).of(logit).item();
                assertEquals(expectedGradient, fusedGradient, 1e-15 * Math.abs(expectedGradient),
                        "gradient at y " + y0 + ", logit " + l[j]);
            }
        }
    }

    @Test
    void the_gradient_agrees_with_the_tensor_operations_and_finite_differences() {
        int n = 5;
        int members = 6;
        double[] y = binary(n * members);
        Tensor a = logits(n, members, 3);
        Tensor b = logits(n, members, 3);
        // cells 0 and 2 share one tensor (a representative's): its gradient adds both columns' adjoints
        GradientChecker.check("fused Bernoulli rows",
                inputs -> BernoulliLogitsRows.score(y, n, new Tensor[] {inputs[0], inputs[1], inputs[0]}), a, b);
        Tensor va = Tensor.variable(a);
        Tensor vb = Tensor.variable(b);
        Tensor weights = Tensor.of(EvidenceChecks.uniform(random, n * 3, -1, 1), n, 3);
        Gradients fused = Autodiff.gradients(
                BernoulliLogitsRows.score(y, n, new Tensor[] {va, vb, va}).mul(weights).sum());
        Gradients expected = Autodiff.gradients(composed(y, n, new Tensor[] {va, vb, va}).mul(weights).sum());
        assertClose(expected.of(va).toArray(), fused.of(va).toArray(), 1e-14, "shared logits");
        assertClose(expected.of(vb).toArray(), fused.of(vb).toArray(), 1e-14, "own logits");
    }

    /** {@code [n, members]} logits whose row r copies row {@code source[r]} (itself where {@code source[r] == r}). */
    private Tensor repeating(int[] source, int members) {
        double[] values = logits(source.length, members, 5).toArray();
        for (int r = 0; r < source.length; r++) {
            System.arraycopy(values, source[r] * members, values, r * members, members);
        }
        return Tensor.of(values, source.length, members);
    }

    @Test
    void repeated_rows_of_logits_give_the_scores_and_gradients_of_every_row_scored_alone() {
        int members = 51;
        int[] chords = {0, 0, 2, 2, 2, 0, 6, 7, 6, 0};
        int n = chords.length;
        double[] y = binary(n * members);
        // a and b repeat the same rows (b is scored with a's numbering), c others, d none; c and a share a cell
        Tensor a = Tensor.variable(repeating(chords, members));
        Tensor b = Tensor.variable(repeating(chords, members));
        Tensor c = Tensor.variable(repeating(new int[] {0, 1, 0, 1, 4, 5, 4, 4, 8, 0}, members));
        Tensor d = Tensor.variable(logits(n, members, 5));
        Tensor[] cells = {a, b, c, d, a};
        Tensor weights = Tensor.of(EvidenceChecks.uniform(random, n * cells.length, -1, 1), n, cells.length);
        Tensor fused = BernoulliLogitsRows.score(y, n, cells);
        Tensor expected = composed(y, n, cells);
        assertClose(expected.toArray(), fused.toArray(), 1e-14, "scores");
        Gradients fusedGradients = Autodiff.gradients(fused.mul(weights).sum());
        Gradients expectedGradients = Autodiff.gradients(expected.mul(weights).sum());
        for (Tensor logits : new Tensor[] {a, b, c, d}) {
            assertClose(expectedGradients.of(logits).toArray(), fusedGradients.of(logits).toArray(), 1e-14,
                    "gradient");
        }
        // each row scored alone, as a block of one: the shared work changes no bit
        for (int r = 0; r < n; r++) {
            double[] row = java.util.Arrays.copyOfRange(y, r * members, (r + 1) * members);
            Tensor alone = BernoulliLogitsRows.score(row, 1, new Tensor[] {c.detach().select(0, r).reshape(1, members)});
            assertEquals(alone.item(), fused.toArray()[r * cells.length + 2], 0.0, "row " + r);
        }
    }

    @Test
    void the_gradient_with_repeated_rows_agrees_with_finite_differences() {
        int n = 6;
        int members = 4;
        int[] source = {0, 0, 2, 0, 2, 5};
        double[] y = binary(n * members);
        GradientChecker.check("fused Bernoulli rows, repeated",
                inputs -> BernoulliLogitsRows.score(y, n, new Tensor[] {inputs[0], inputs[1]}),
                repeating(source, members), repeating(source, members));
    }

    @Test
    void an_infinite_logit_among_finite_ones_gives_bernoullis_row_and_a_nan_logit_a_nan_row() {
        double inf = Double.POSITIVE_INFINITY;
        double[] y = {1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0};
        double[] firstTwo = java.util.Arrays.copyOf(y, 8);
        Tensor logits = Tensor.of(new double[] {inf, -2, 3, -inf, 0.5, 1, 2, -inf, 1, 2, Double.NaN, 1}, 3, 4);
        double[] expected = composed(firstTwo, 2, new Tensor[] {logits.slice(0, 0, 2)}).toArray();   // Bernoulli refuses NaN
        double[] fused = BernoulliLogitsRows.score(y, 3, new Tensor[] {logits}).toArray();
        assertEquals(expected[0], fused[0], 1e-15 * Math.abs(expected[0]), "+inf at a one");
        assertEquals(Double.NEGATIVE_INFINITY, fused[1], "-inf at a one");
        assertTrue(Double.isNaN(fused[2]), "NaN logit");
    }

    @Test
    void constant_logits_give_a_constant_and_data_other_than_zero_and_one_is_refused() {
        double[] y = binary(6);
        Tensor scores = BernoulliLogitsRows.score(y, 2, new Tensor[] {logits(2, 3, 1)});
        assertEquals(false, scores.requiresGrad());
        assertArrayEquals(y, BernoulliLogitsRows.binary(Tensor.of(y, 2, 3)));
        assertNull(BernoulliLogitsRows.binary(Tensor.of(new double[] {0, 1, 0.5}, 1, 3)));
        assertNull(BernoulliLogitsRows.binary(Tensor.of(new double[] {0, Double.NaN}, 1, 2)));
    }
}
