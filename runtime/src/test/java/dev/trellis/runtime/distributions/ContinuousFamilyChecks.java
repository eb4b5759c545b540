package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Behaviour checks shared by the continuous families' tests: densities and reparameterised draws against finite
 * differences, and sample moments against the family's own mean and variance.
 */
final class ContinuousFamilyChecks {

    private ContinuousFamilyChecks() {
    }

    /**
     * The gradient of {@code logProb(value)} with respect to every parameter and the value, by
     * {@link GradientChecker}: {@code inputs} are the parameters followed by the value.
     */
    static void logProbGradients(String what, Function<Tensor[], Distribution> family, Tensor... inputs) {
        int parameters = inputs.length - 1;
        GradientChecker.check(what + " logProb", args -> {
            Tensor[] params = Arrays.copyOf(args, parameters);
            return family.apply(params).logProb(args[parameters]);
        }, inputs);
    }

    /**
     * The gradient of {@code rsample} with respect to the parameters against finite differences of the same draw:
     * every evaluation redraws from {@code Rng.seeded(seed)}, so the noise is the same and only the parameters move.
     */
    static void rsampleGradients(String what, Function<Tensor[], Distribution> family, long seed,
            Tensor... parameters) {
        GradientChecker.check(what + " rsample", args -> family.apply(args).rsample(Rng.seeded(seed)), parameters);
    }

    /**
     * Draws {@code n} samples of a scalar distribution (one expanded batch of {@code n}) and asserts the sample mean
     * and variance lie within {@code sigmas} standard errors of the distribution's: the mean's standard error is
     * {@code sqrt(var / n)}, the variance's {@code sqrt((mu4 - var^2) / n)}, with the fourth central moment
     * {@code mu4} given by the caller (e.g. {@code 3 var^2} for a normal).
     */
    static void momentsMatch(Distribution scalar, int n, long seed, double fourthCentralMoment, double sigmas) {
        Distribution batch = scalar.expand(n);
        Tensor draws = batch.sample(Rng.seeded(seed));
        assertArrayEquals(new int[] {n}, draws.shape());
        double mean = scalar.mean().item();
        double variance = scalar.variance().item();
        double sampleMean = draws.mean().item();
        double sampleVariance = draws.sub(sampleMean).square().sum().item() / (n - 1);
        double meanError = Math.sqrt(variance / n);
        double varianceError = Math.sqrt((fourthCentralMoment - variance * variance) / n);
        assertTrue(Math.abs(sampleMean - mean) < sigmas * meanError, scalar + ": sample mean " + sampleMean
                + " vs " + mean + " (standard error " + meanError + ")");
        assertTrue(Math.abs(sampleVariance - variance) < sigmas * varianceError, scalar + ": sample variance "
                + sampleVariance + " vs " + variance + " (standard error " + varianceError + ")");
        assertEquals(draws, batch.rsample(Rng.seeded(seed)).detach(), "sample is the rsample draw, detached");
    }

    /**
     * Asserts that the fraction of {@code n} draws below {@code quantile} is {@code p} within {@code sigmas} binomial
     * standard errors {@code sqrt(p (1 - p) / n)}: for heavy-tailed families without moments.
     */
    static void quantileMatches(Distribution scalar, int n, long seed, double quantile, double p, double sigmas) {
        double[] draws = scalar.expand(n).sample(Rng.seeded(seed)).toArray();
        int below = 0;
        for (double x : draws) {
            if (x < quantile) {
                below++;
            }
        }
        double fraction = (double) below / n;
        double error = Math.sqrt(p * (1 - p) / n);
        assertTrue(Math.abs(fraction - p) < sigmas * error, scalar + ": fraction below " + quantile + " is "
                + fraction + ", expected " + p + " (standard error " + error + ")");
    }
}
