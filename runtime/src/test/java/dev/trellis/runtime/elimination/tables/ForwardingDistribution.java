package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/** A distribution that is another one in every respect: tests override {@code logProb} to watch or spoil it. */
abstract class ForwardingDistribution implements Distribution {

    final Distribution inner;

    ForwardingDistribution(Distribution inner) {
        this.inner = inner;
    }

    @Override
    public Tensor logProb(Tensor value) {
        return inner.logProb(value);
    }

    @Override
    public int[] batchShape() {
        return inner.batchShape();
    }

    @Override
    public int[] eventShape() {
        return inner.eventShape();
    }

    @Override
    public Constraint support() {
        return inner.support();
    }

    @Override
    public Tensor sample(Rng rng) {
        return inner.sample(rng);
    }

    @Override
    public Tensor mean() {
        return inner.mean();
    }

    @Override
    public Tensor variance() {
        return inner.variance();
    }

    @Override
    public Tensor entropy() {
        return inner.entropy();
    }
}
