package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused log-likelihood from logits gives the composition's numbers to the last bits (values and gradients: the same formulas; Math.exp may round
 * differently once compiled), at
 * ordinary, saturated, zero and infinite logits, with zero, fractional and broadcast counts.
 */
class BinaryLogitsKernelTest {

    private static final double[] LOGITS = {0.3, -1.7, 0, 25, -40, 800, -800, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1e-300};

    @Test
    void valuesAndGradientsAreTheComposedOnes() {
        SplittableRandom random = new SplittableRandom(3);
        int n = LOGITS.length;
        double[] successes = new double[n];
        for (int i = 0; i < n; i++) {
            successes[i] = i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : random.nextDouble();
        }
        successes[7] = 1;   // log p(1) at +inf logit is 0: finite
        successes[8] = 0;   // and at -inf only the failure counts
        Tensor s = Tensor.of(successes, n);
        Tensor f = s.neg().add(1.0);
        Tensor fused = Tensor.variable(Tensor.of(LOGITS, n));
        Tensor composed = Tensor.variable(Tensor.of(LOGITS, n));
        Tensor a = BinaryLogitsKernel.logLikelihood(s, f, fused);
        Tensor b = composed(s, f, composed);
        assertClose(b.toArray(), a.toArray());
        Tensor adjoint = Tensor.of(random.doubles(n, -2, 2).toArray(), n);
        assertClose(Autodiff.gradients(List.of(b), List.of(adjoint)).of(composed).toArray(),
                Autodiff.gradients(List.of(a), List.of(adjoint)).of(fused).toArray());
    }

    @Test
    void logitsBroadcastAgainstABlockOfCounts() {
        Tensor logits = Tensor.variable(Tensor.vector(0.4, -2.0, 3.0));
        Tensor s = Tensor.of(new double[] {1, 0, 1, 0, 0, 1}, 2, 3);
        Tensor f = s.neg().add(1.0);
        Tensor fused = BinaryLogitsKernel.logLikelihood(s, f, logits);
        assertArrayEquals(new int[] {2, 3}, fused.shape());
        assertClose(composed(s, f, logits).toArray(), fused.toArray());
        Tensor leaf = Tensor.variable(logits.detach());
        Tensor other = Tensor.variable(logits.detach());
        assertClose(Autodiff.gradients(composed(s, f, other).sum()).of(other).toArray(),
                Autodiff.gradients(BinaryLogitsKernel.logLikelihood(s, f, leaf).sum()).of(leaf).toArray());
    }

    @Test
    void bernoulliFromLogitsScoresThroughItAndComputesProbsOnlyWhenAsked() {
        Tensor logits = Tensor.vector(0.4, -2.0);
        Bernoulli bernoulli = Bernoulli.ofLogits(logits);
        Tensor value = Tensor.vector(1, 0);
        assertClose(composed(value, value.neg().add(1.0), logits).toArray(), bernoulli.logProb(value).toArray());
        assertEquals(1 / (1 + Math.exp(-0.4)), bernoulli.mean().get(0), 1e-16);
        assertFalse(bernoulli.logProb(value).requiresGrad());
    }

    /** Equal to within 2 ulps of the larger magnitude (exactly, for infinities and zeros). */
    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isInfinite(expected[i]) || expected[i] == 0) {
                assertEquals(expected[i], actual[i], "entry " + i);
            } else {
                assertEquals(expected[i], actual[i], 2 * Math.ulp(Math.max(Math.abs(expected[i]),
                        Math.abs(actual[i]))), "entry " + i);
            }
        }
    }

    /** The composition {@link BinaryProbability} uses when the counts need a gradient. */
    private static Tensor composed(Tensor successes, Tensor failures, Tensor logits) {
        Tensor logP = logits.neg().softplus().neg();
        Tensor log1mP = logits.softplus().neg();
        return Tensor.where(successes.eq(0.0), Tensor.scalar(0.0), successes.mul(logP))
                .add(Tensor.where(failures.eq(0.0), Tensor.scalar(0.0), failures.mul(log1mP)));
    }
}
