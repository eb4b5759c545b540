package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;

/** A distribution that counts its {@code logProb} calls and otherwise is the one it wraps: how tests see batching. */
final class CountingDistribution extends ForwardingDistribution {

    private final AtomicInteger calls;

    CountingDistribution(Distribution inner, AtomicInteger calls) {
        super(inner);
        this.calls = calls;
    }

    @Override
    public Tensor logProb(Tensor value) {
        calls.incrementAndGet();
        return inner.logProb(value);
    }
}
