package dev.trellis.runtime.optim;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Pyro's {@code ClippedAdam}: Adam whose gradients are clamped entry by entry to
 * [-clipNorm, clipNorm] and whose learning rate is multiplied by {@code lrd} at the start of every
 * step (so the first step already uses {@code lr * lrd}). Its arithmetic differs from
 * {@link Adam}'s in where eps enters, and this class keeps Pyro's form, for step k:
 * <pre>
 * g = clamp(grad, -clipNorm, clipNorm) + weightDecay * value
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * value -= (lr * sqrt(1 - beta2^k) / (1 - beta1^k)) * m / (sqrt(v) + eps)
 * </pre>
 * Defaults are Pyro's: betas (0.9, 0.999), eps 1e-8, no weight decay, clipNorm 10, lrd 1.
 *
 * <p>Not thread-safe: it keeps each parameter's state, which every step updates; an optimizer belongs to one training
 * run. Its decayed learning rate is part of that state.
 */
public final class ClippedAdam extends AdamFamily {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double clipNorm;
    private final double lrd;
    private double lr;
    private double nextLr;

    /**
     * @param lr the initial learning rate, > 0
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps added to the denominator, >= 0
     * @param weightDecay L2 penalty, >= 0
     * @param clipNorm the bound each gradient entry is clamped to, > 0
     * @param lrd the factor the learning rate is multiplied by at every step, > 0
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public ClippedAdam(double lr, double beta1, double beta2, double eps, double weightDecay, double clipNorm, double lrd) {
        this.lr = OptimizerSettings.positive("lr", lr);
        this.beta1 = OptimizerSettings.unitInterval("beta1", beta1);
        this.beta2 = OptimizerSettings.unitInterval("beta2", beta2);
        this.eps = OptimizerSettings.nonNegative("eps", eps);
        this.weightDecay = OptimizerSettings.nonNegative("weightDecay", weightDecay);
        this.clipNorm = OptimizerSettings.positive("clipNorm", clipNorm);
        this.lrd = OptimizerSettings.positive("lrd", lrd);
    }

    /** ClippedAdam with Pyro's defaults and the given learning rate. */
    public static ClippedAdam withLearningRate(double lr) {
        return new ClippedAdam(lr, 0.9, 0.999, 1e-8, 0.0, 10.0, 1.0);
    }

    /** The learning rate the last completed step used (the initial one before any step). */
    public double learningRate() {
        return lr;
    }

    @Override
    Map<String, Tensor> globalState() {
        return Map.of("lr", Tensor.scalar(lr));
    }

    @Override
    void restoreGlobalState(Map<String, Tensor> slots) {
        double restored = slots.get("lr").item();
        OptimizerSettings.positive("lr", restored);
        lr = restored;
    }

    @Override
    void beginStep() {
        nextLr = lr * lrd;
    }

    @Override
    void commitStep() {
        lr = nextLr;
    }

    @Override
    Proposal<AdamMoments> propose(double[] value, double[] gradient, @Nullable AdamMoments state) {
        int n = value.length;
        AdamMoments next = AdamMoments.next(state, n);
        double[] m = next.m();
        double[] v = next.v();
        int step = next.step();
        double stepSize = nextLr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        for (int i = 0; i < n; i++) {
            double clamped = Math.max(-clipNorm, Math.min(clipNorm, gradient[i]));
            double g = weightDecay != 0 ? clamped + weightDecay * value[i] : clamped;
            m[i] = m[i] * beta1 + (1 - beta1) * g;
            v[i] = v[i] * beta2 + (1 - beta2) * g * g;
            value[i] = value[i] + (-stepSize * m[i]) / (Math.sqrt(v[i]) + eps);
        }
        return new Proposal<>(value, next);
    }
}
