package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's {@code nn.Softplus(beta, threshold)}: {@code log(1 + e^(beta x)) / beta} elementwise, and {@code x} itself
 * where {@code beta x > threshold} (torch switches to the identity there for speed; the function jumps by
 * {@code log1p(e^-threshold) / beta}, about 2.1e-9 at the defaults). The derivative is torch's: 1 above the
 * threshold, {@code sigmoid(beta x)} elsewhere, including at the threshold itself.
 *
 * <p>Thread-safe: its settings are final and it has no parameters.
 */
public final class Softplus extends Layer {

    private final double beta;
    private final double threshold;

    /** torch's defaults: beta 1, threshold 20. */
    public Softplus() {
        this(1.0, 20.0);
    }

    /**
     * @param beta finite and non-zero
     * @param threshold finite
     * @throws IllegalArgumentException if either is out of range
     */
    public Softplus(double beta, double threshold) {
        if (beta == 0 || !Double.isFinite(beta) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("Softplus(beta = " + beta + ", threshold = " + threshold
                    + "): beta must be finite and non-zero, threshold finite");
        }
        this.beta = beta;
        this.threshold = threshold;
    }

    /** {@return beta} */
    public double beta() {
        return beta;
    }

    /** {@return the threshold above which {@code beta x} gives {@code x} itself} */
    public double threshold() {
        return threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return ActivationKernels.softplus(input, beta, threshold);
    }

    @Override
    public String toString() {
        return "Softplus(beta=" + beta + ", threshold=" + threshold + ")";
    }
}
