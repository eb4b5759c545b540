package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
                assertEquals(expectedGradient, fusedGradient, 1e-15, "gradient at y " + y0 + ", logit " + l[j]);
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
