package dev.trellis.samples.hmm;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A million steps: no underflow, and the exact answer. */
class LongSequenceTest {

    @Test
    void millionStepLogLikelihoodIsFiniteAndExact() {
        // Every transition row equals pi, so the states are independent and
        // log p(x) = sum_t log(sum_k pi_k B[k][x_t]) exactly: an answer that needs no forward pass.
        double[] pi = {0.3, 0.5, 0.2};
        double[][] b = {{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}, {0.25, 0.5, 0.25}};
        var model = new DiscreteHmm(Tensor.vector(pi), Tensor.matrix(new double[][] {pi, pi, pi}), Tensor.matrix(b));
        var inference = new DiscreteHmmInference(model);
        int[] obs = inference.simulate(1_000_000, Rng.seeded(2026)).symbol();

        double expected = 0;
        double compensation = 0; // Kahan summation, so the reference is not the less accurate side
        for (int x : obs) {
            double term = Math.log(pi[0] * b[0][x] + pi[1] * b[1][x] + pi[2] * b[2][x]) - compensation;
            double sum = expected + term;
            compensation = (sum - expected) - term;
            expected = sum;
        }
        double actual = inference.logLikelihood(obs);

        assertTrue(Double.isFinite(actual), "log-likelihood " + actual);
        assertTrue(actual < -500_000, "a million steps carry a large negative log-likelihood: " + actual);
        assertRelative(expected, actual, 1e-9, "log p of 10^6 steps");
    }
}
