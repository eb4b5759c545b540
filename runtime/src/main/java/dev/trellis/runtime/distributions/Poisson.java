package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The Poisson distribution, as {@code torch.distributions.Poisson}: {@code P(k) = rate^k e^(-rate) / k!} on the
 * non-negative integers.
 *
 * <p>{@code rate} is non-negative (torch's {@code nonnegative}: rate 0 is the point mass at 0), any shape forming the
 * batch. {@code logProb} is torch's {@code xlogy(k, rate) - rate - lgamma(k + 1)}, with {@code 0 log 0 = 0}; a value
 * must be a non-negative integer (torch's validation rejects 2.5, whose formula alone would give a number). The
 * entropy has no closed form and torch does not implement it: {@link #entropy()} throws.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Poisson implements Distribution {

    private static final String NAME = "Poisson";

    /** Below this rate Knuth's product of uniforms is cheapest (about rate + 1 uniforms per draw). */
    private static final double KNUTH_LIMIT = 10;

    private final Tensor rate;

    private Poisson(Tensor rate) {
        this.rate = rate;
    }

    /** {@return the Poisson with rate {@code rate}, every entry {@code >= 0}} */
    public static Poisson of(Tensor rate) {
        return new Poisson(DistributionChecks.requireParameter(NAME, "rate", rate, new Constraint.GreaterThanEq(0)));
    }

    /** {@return the Poisson with scalar rate {@code rate >= 0}} */
    public static Poisson of(double rate) {
        return of(Tensor.scalar(rate));
    }

    /** {@return the rate} */
    public Tensor rate() {
        return rate;
    }

    @Override
    public int[] batchShape() {
        return rate.shape();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    @Override
    public Constraint support() {
        return new Constraint.NonNegativeInteger();
    }

    @Override
    public boolean isDiscrete() {
        return true;
    }

    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        // xlogy(k, rate): a zero count contributes 0 even at rate 0, and log is taken of a safe stand-in there so
        // that its infinite slope at 0 never meets the zero adjoint (NaN).
        Tensor zero = value.eq(0.0);
        Tensor logRate = Tensor.where(zero, Tensor.scalar(1.0), rate).log();
        Tensor xLogY = Tensor.where(zero, Tensor.scalar(0.0), value.mul(logRate));
        return xLogY.sub(rate).sub(value.add(1.0).lgamma());
    }

    /** {@return one count per batch member: Knuth's method below rate 10, Hörmann's PTRS rejection above} */
    @Override
    public Tensor sample(Rng rng) {
        double[] rates = rate.toArray();
        double[] draws = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            draws[i] = rates[i] < KNUTH_LIMIT ? knuth(rng, rates[i]) : transformedRejection(rng, rates[i]);
        }
        return Tensor.of(draws, rate.shape());
    }

    /** {@return the rate} */
    @Override
    public Tensor mean() {
        return rate;
    }

    /** {@return the rate} */
    @Override
    public Tensor variance() {
        return rate;
    }

    /** Always throws: torch's Poisson has no entropy ({@code NotImplementedError}). */
    @Override
    public Tensor entropy() {
        throw new UnsupportedOperationException(this + " has no closed-form entropy (torch raises "
                + "NotImplementedError)");
    }

    /** Returns e.g. {@code Poisson(rate=3.5)}. */
    @Override
    public String toString() {
        return NAME + "(rate=" + ParameterText.of(rate) + ")";
    }

    /** Counts uniforms until their product falls to {@code e^(-rate)}. */
    private static double knuth(Rng rng, double rate) {
        double limit = Math.exp(-rate);
        double product = rng.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            count++;
        }
        return count;
    }

    /**
     * Hörmann (1993), "The transformed rejection method for generating Poisson random variables": a hat function
     * around the mode, with a squeeze that accepts about 87% of candidates without computing the density.
     */
    private static double transformedRejection(Rng rng, double rate) {
        double sqrtRate = Math.sqrt(rate);
        double logRate = Math.log(rate);
        double b = 0.931 + 2.53 * sqrtRate;
        double a = -0.059 + 0.02483 * b;
        double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double squeeze = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + rate + 0.43);
            if (us >= 0.07 && v <= squeeze) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            double logDensity = -rate + k * logRate - Tensor.scalar(k + 1).lgamma().item();
            if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b) <= logDensity) {
                return k;
            }
        }
    }
}
