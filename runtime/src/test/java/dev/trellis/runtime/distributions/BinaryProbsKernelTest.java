package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused log-likelihood from probabilities: the composition's values to the bit, its gradients to rounding (and
 * exactly where it gives infinities), at ordinary probabilities, at 0 and 1 against zero and non-zero counts, with
 * fractional and broadcast counts, and against finite differences.
 */
class BinaryProbsKernelTest {

    @Test
    void values_and_gradients_are_the_composed_ones_including_probabilities_zero_and_one() {
        double[] p = {0.3, 0.9, 0.5, 0, 1, 0, 1, 1e-300, 1 - 1e-16, 0.25};
        double[] successes = {1, 0, 0.4, 0, 1, 1, 0, 1, 0, 2};
        double[] failures = {0, 1, 0.6, 1, 0, 0, 1, 0, 1, 3};
        int n = p.length;
        Tensor s = Tensor.of(successes, n);
        Tensor f = Tensor.of(failures, n);
        Tensor fusedLeaf = Tensor.variable(Tensor.of(p, n));
        Tensor composedLeaf = Tensor.variable(Tensor.of(p, n));
        Tensor fused = BinaryProbsKernel.logLikelihood(s, f, fusedLeaf);
        Tensor composed = composed(s, f, composedLeaf);
        assertArrayEquals(composed.toArray(), fused.toArray());
        Tensor adjoint = Tensor.of(new SplittableRandom(2).doubles(n, -2, 2).toArray(), n);
        double[] expected = Autodiff.gradients(List.of(composed), List.of(adjoint)).of(composedLeaf).toArray();
        double[] actual = Autodiff.gradients(List.of(fused), List.of(adjoint)).of(fusedLeaf).toArray();
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(expected[i])) {
                assertEquals(expected[i], actual[i], 1e-13 * Math.max(1, Math.abs(expected[i])), "entry " + i);
            } else {
                assertEquals(expected[i], actual[i], "entry " + i);
            }
        }
    }

    @Test
    void probabilities_broadcast_against_a_block_of_counts_and_match_finite_differences() {
        Tensor s = Tensor.of(new double[] {1, 0, 1, 0, 0, 1}, 2, 3);
        Tensor f = s.neg().add(1.0);
        Tensor p = Tensor.vector(0.2, 0.6, 0.9);
        Tensor fused = BinaryProbsKernel.logLikelihood(s, f, p);
        assertArrayEquals(new int[] {2, 3}, fused.shape());
        assertArrayEquals(composed(s, f, p).toArray(), fused.toArray());
        FiniteDifferences.assertGradient("d/dp", v -> BinaryProbsKernel.logLikelihood(s, f, v), p);
    }

    @Test
    void bernoulli_from_probs_scores_data_through_it() {
        Tensor probs = Tensor.variable(Tensor.vector(0.4, 0.8));
        Tensor value = Tensor.vector(1, 0);
        Tensor logProb = Bernoulli.of(probs).logProb(value);
        assertEquals("bernoulliProbs", logProb.node().op());
        assertArrayEquals(composed(value, value.neg().add(1.0), probs).toArray(), logProb.toArray());
    }

    /** The composition {@link BinaryProbability} uses when the counts need a gradient. */
    private static Tensor composed(Tensor successes, Tensor failures, Tensor p) {
        Tensor noSuccess = successes.eq(0.0);
        Tensor noFailure = failures.eq(0.0);
        Tensor logP = Tensor.where(noSuccess, Tensor.scalar(1.0), p).log();
        Tensor log1mP = Tensor.where(noFailure, Tensor.scalar(0.0), p).neg().log1p();
        return Tensor.where(noSuccess, Tensor.scalar(0.0), successes.mul(logP))
                .add(Tensor.where(noFailure, Tensor.scalar(0.0), failures.mul(log1mP)));
    }
}
