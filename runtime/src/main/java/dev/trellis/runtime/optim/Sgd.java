package dev.trellis.runtime.optim;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD} computes it, with optional momentum,
 * dampening, Nesterov momentum and weight decay:
 * <pre>
 * g = grad + weightDecay * value
 * buf = g on the first step, else momentum * buf + (1 - dampening) * g     (only with momentum)
 * g = nesterov ? g + momentum * buf : buf                                  (only with momentum)
 * value -= lr * g
 * </pre>
 *
 * <p>Not thread-safe: it keeps each parameter's state, which every step updates; an optimizer belongs to one training
 * run.
 */
public final class Sgd extends PerParameterOptimizer<Sgd.Buffer> {

    private final double lr;
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    /** One parameter's momentum buffer (null entries before the first step with momentum). */
    record Buffer(double[] momentum) {}

    /**
     * @param lr the learning rate, > 0
     * @param momentum in [0, 1); 0 for plain SGD
     * @param dampening in [0, 1]
     * @param weightDecay L2 penalty, >= 0
     * @param nesterov Nesterov momentum; needs momentum > 0 and dampening 0 (as torch)
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this.lr = OptimizerSettings.positive("lr", lr);
        this.momentum = OptimizerSettings.unitInterval("momentum", momentum);
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("dampening must be in [0, 1], got " + dampening);
        }
        this.dampening = dampening;
        this.weightDecay = OptimizerSettings.nonNegative("weightDecay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        this.nesterov = nesterov;
    }

    /** Plain SGD with the given learning rate. */
    public static Sgd withLearningRate(double lr) {
        return new Sgd(lr, 0.0, 0.0, 0.0, false);
    }

    @Override
    Map<String, Tensor> encode(Buffer state) {
        return Map.of("momentum_buffer", Tensor.vector(state.momentum()));
    }

    @Override
    Buffer decode(String parameter, Map<String, Tensor> slots) {
        requireSlots(parameter, slots, Set.of("momentum_buffer"));
        return new Buffer(slot(parameter, slots, "momentum_buffer"));
    }

    @Override
    boolean fits(Buffer state, int size) {
        return momentum == 0 || state.momentum().length == size;
    }

    @Override
    Proposal<Buffer> propose(double[] value, double[] gradient, @Nullable Buffer state) {
        double[] buffer = momentum != 0 ? new double[value.length] : new double[0];
        for (int i = 0; i < value.length; i++) {
            double g = weightDecay != 0 ? gradient[i] + weightDecay * value[i] : gradient[i];
            if (momentum != 0) {
                buffer[i] = state == null ? g : state.momentum()[i] * momentum + (1 - dampening) * g;
                g = nesterov ? g + momentum * buffer[i] : buffer[i];
            }
            value[i] = value[i] + (-lr) * g;
        }
        return new Proposal<>(value, new Buffer(buffer));
    }
}
