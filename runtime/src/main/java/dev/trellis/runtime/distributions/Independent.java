package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * A distribution whose rightmost batch dimensions are read as event dimensions, as torch's {@code Independent} and
 * Pyro's {@code to_event}: the log-density and entropy are summed over them. Made by {@link Distribution#toEvent(int)}.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class Independent implements Distribution {

    private final Distribution base;
    private final int reinterpretedDims;

    Independent(Distribution base, int reinterpretedDims) {
        int batchRank = base.batchShape().length;
        if (reinterpretedDims < 0 || reinterpretedDims > batchRank) {
            throw new IllegalArgumentException("toEvent(" + reinterpretedDims + ") needs 0.." + batchRank
                    + " batch dimensions to reinterpret, " + base + " has batch shape "
                    + Arrays.toString(base.batchShape()));
        }
        this.base = base;
        this.reinterpretedDims = reinterpretedDims;
    }

    /** {@return the distribution whose batch dimensions were reinterpreted} */
    public Distribution base() {
        return base;
    }

    /** {@return how many batch dimensions of the base are event dimensions here} */
    public int reinterpretedDims() {
        return reinterpretedDims;
    }

    @Override
    public int[] batchShape() {
        int[] baseBatch = base.batchShape();
        return Arrays.copyOf(baseBatch, baseBatch.length - reinterpretedDims);
    }

    @Override
    public int[] eventShape() {
        int[] baseBatch = base.batchShape();
        int[] baseEvent = base.eventShape();
        int[] event = new int[reinterpretedDims + baseEvent.length];
        System.arraycopy(baseBatch, baseBatch.length - reinterpretedDims, event, 0, reinterpretedDims);
        System.arraycopy(baseEvent, 0, event, reinterpretedDims, baseEvent.length);
        return event;
    }

    @Override
    public Constraint support() {
        return new Constraint.Independent(base.support(), reinterpretedDims);
    }

    @Override
    public boolean isDiscrete() {
        return base.isDiscrete();
    }

    @Override
    public Tensor logProb(Tensor value) {
        return sumRightmost(base.logProb(value));
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

    @Override
    public Tensor entropy() {
        return sumRightmost(base.entropy());
    }

    @Override
    public Distribution expand(int... batchShape) {
        if (Arrays.equals(batchShape, batchShape())) {
            return this;
        }
        int[] baseBatch = base.batchShape();
        int[] full = Arrays.copyOf(batchShape, batchShape.length + reinterpretedDims);
        System.arraycopy(baseBatch, baseBatch.length - reinterpretedDims, full, batchShape.length,
                reinterpretedDims);
        return new Independent(base.expand(full), reinterpretedDims);
    }

    @Override
    public Distribution toEvent(int dims) {
        return dims == 0 ? this : new Independent(base, reinterpretedDims + dims);
    }

    @Override
    public String toString() {
        return base + ".toEvent(" + reinterpretedDims + ")";
    }

    private Tensor sumRightmost(Tensor t) {
        Tensor result = t;
        for (int i = 0; i < reinterpretedDims; i++) {
            result = result.sum(-1, false);
        }
        return result;
    }
}
