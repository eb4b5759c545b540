package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * A log-density term that is not a distribution over a value, as Pyro's {@code Unit} behind {@code pyro.factor}: its
 * log-probability is the given tensor whatever the (empty) value. It is how a model adds the exact log marginal of
 * its enumerated sites to the joint: {@code context.factor("y", logMarginal)}.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Factor implements Distribution {

    private final Tensor logFactor;

    private Factor(Tensor logFactor) {
        this.logFactor = logFactor;
    }

    /** {@return a factor whose log-probability is {@code logFactor}, batch shape = its shape} */
    public static Factor of(Tensor logFactor) {
        return new Factor(logFactor);
    }

    @Override
    public int[] batchShape() {
        return logFactor.shape();
    }

    @Override
    public int[] eventShape() {
        return new int[] {0};
    }

    /** {@return real vectors of length 0: the only value is the empty one} */
    @Override
    public Constraint support() {
        return new Constraint.Independent(new Constraint.Real(), 1);
    }

    /** {@return the factor itself, broadcast with the value's batch shape} */
    @Override
    public Tensor logProb(Tensor value) {
        int[] shape = value.shape();
        int[] batch = java.util.Arrays.copyOf(shape, Math.max(shape.length - 1, 0));
        return logFactor.expand(Tensor.broadcastShapes(batch, logFactor.shape()));
    }

    /** {@return the empty value of shape {@code batchShape + [0]}} */
    @Override
    public Tensor sample(Rng rng) {
        return emptyValue();
    }

    /** {@return the only value, empty: shape {@code batchShape + [0]}} */
    public Tensor emptyValue() {
        int[] batch = logFactor.shape();
        int[] shape = java.util.Arrays.copyOf(batch, batch.length + 1);
        return Tensor.zeros(shape);
    }

    /** Unsupported: a factor is not a distribution over a quantity. */
    @Override
    public Tensor mean() {
        throw new UnsupportedOperationException("a factor has no mean");
    }

    /** Unsupported: a factor is not a distribution over a quantity. */
    @Override
    public Tensor variance() {
        throw new UnsupportedOperationException("a factor has no variance");
    }

    /** Unsupported: a factor is not a distribution over a quantity. */
    @Override
    public Tensor entropy() {
        throw new UnsupportedOperationException("a factor has no entropy");
    }

    @Override
    public String toString() {
        return "Factor(" + (logFactor.rank() == 0 ? String.valueOf(logFactor.item())
                : java.util.Arrays.toString(logFactor.shape())) + ")";
    }
}
