package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;

/** A distribution that counts its {@code logProb} calls and otherwise is the one it wraps: how tests see batching. */
final class CountingDistribution implements Distribution {

    private final Distribution inner;
    private final AtomicInteger calls;

    CountingDistribution(Distribution inner, AtomicInteger calls) {
        this.inner = inner;
        this.calls = calls;
    }

    @Override
    public Tensor logProb(Tensor value) {
        calls.incrementAndGet();
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
