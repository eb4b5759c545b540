package dev.trellis.runtime.optim;

import org.jspecify.annotations.Nullable;

/**
 * Adam with bias correction, exactly as {@code torch.optim.Adam} (and so {@code pyro.optim.Adam})
 * computes it, per parameter, for step k = 1, 2, ...:
 * <pre>
 * g = grad + weightDecay * value
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * value -= (lr / (1 - beta1^k)) * m / (sqrt(v) / sqrt(1 - beta2^k) + eps)
 * </pre>
 * The operations run in torch's order, so the same gradients give the same values to the last few
 * ulps. Defaults are torch's: betas (0.9, 0.999), eps 1e-8, no weight decay.
 *
 * <p>Not thread-safe: it keeps each parameter's state, which every step updates; an optimizer belongs to one training
 * run.
 */
public final class Adam extends AdamFamily {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    /**
     * @param lr the learning rate, > 0
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps added to the denominator, >= 0
     * @param weightDecay L2 penalty added to the gradient as {@code weightDecay * value}, >= 0
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        this.lr = OptimizerSettings.positive("lr", lr);
        this.beta1 = OptimizerSettings.unitInterval("beta1", beta1);
        this.beta2 = OptimizerSettings.unitInterval("beta2", beta2);
        this.eps = OptimizerSettings.nonNegative("eps", eps);
        this.weightDecay = OptimizerSettings.nonNegative("weightDecay", weightDecay);
    }

    /** Adam with torch's defaults and the given learning rate. */
    public static Adam withLearningRate(double lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8, 0.0);
    }

    @Override
    Proposal<AdamMoments> propose(double[] value, double[] gradient, @Nullable AdamMoments state) {
        int n = value.length;
        AdamMoments next = AdamMoments.next(state, n);
        double[] m = next.m();
        double[] v = next.v();
        int step = next.step();
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double stepSize = lr / biasCorrection1;
        for (int i = 0; i < n; i++) {
            double g = weightDecay != 0 ? gradient[i] + weightDecay * value[i] : gradient[i];
            m[i] = m[i] * beta1 + (1 - beta1) * g;
            v[i] = v[i] * beta2 + (1 - beta2) * g * g;
            double denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;
            value[i] = value[i] + (-stepSize * m[i]) / denom; // torch addcdiv_: (value * t1) / t2
        }
        return new Proposal<>(value, next);
    }
}
