package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * A distribution whose log-density is 0 where a 0/1 mask is 0, as Pyro's {@code dist.mask(mask)}
 * ({@code MaskedDistribution}), made by {@link Distribution#mask(Tensor)}: the way a DSL model leaves entries out
 * of its likelihood, e.g. held-out ratings or the padding of ragged data, since a site method returns only its
 * distribution. Sampling, moments and support are the base distribution's; only the density is masked, and its masked
 * entries are exactly 0 (their gradient too), even where the base density is -Infinity.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class MaskedDistribution implements Distribution {

    private final Distribution base;
    private final Tensor mask;

    /**
     * Masks {@code base}.
     *
     * @param mask 0/1 entries whose shape broadcasts with the base's batch shape
     * @throws IllegalArgumentException if an entry is not 0 or 1 (naming its flat index), or the shapes do not
     *     broadcast
     */
    MaskedDistribution(Distribution base, Tensor mask) {
        double[] entries = mask.toArray();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] != 0.0 && entries[i] != 1.0) {
                throw new IllegalArgumentException("mask[" + i + "] = " + entries[i] + "; a mask holds 0 or 1");
            }
        }
        Tensor.broadcastShapes(base.batchShape(), mask.shape());
        this.base = base;
        this.mask = mask.detach();
    }

    @Override
    public int[] batchShape() {
        return Tensor.broadcastShapes(base.batchShape(), mask.shape());
    }

    @Override
    public int[] eventShape() {
        return base.eventShape();
    }

    @Override
    public Constraint support() {
        return base.support();
    }

    @Override
    public boolean isDiscrete() {
        return base.isDiscrete();
    }

    @Override
    public Tensor logProb(Tensor value) {
        Tensor logProb = base.logProb(value);
        int[] shape = Tensor.broadcastShapes(logProb.shape(), mask.shape());
        return Tensor.where(mask.expand(shape), logProb.expand(shape), Tensor.scalar(0.0));
    }

    @Override
    public Tensor sample(Rng rng) {
        return base.sample(rng);
    }

    @Override
    public boolean hasRsample() {
        return base.hasRsample();
    }

    @Override
    public Tensor rsample(Rng rng) {
        return base.rsample(rng);
    }

    @Override
    public Tensor mean() {
        return base.mean();
    }

    @Override
    public Tensor variance() {
        return base.variance();
    }

    /** Unsupported, as in Pyro: a masked distribution is no longer normalised, so it has no entropy. */
    @Override
    public Tensor entropy() {
        throw new UnsupportedOperationException("a masked distribution has no entropy (its density is not normalised)");
    }

    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        return new MaskedDistribution(base.expand(batchShape), mask);
    }

    @Override
    public String toString() {
        return base + ".mask(" + Arrays.toString(mask.shape()) + ")";
    }
}
