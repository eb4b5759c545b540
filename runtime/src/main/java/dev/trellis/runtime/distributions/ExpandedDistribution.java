package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A distribution broadcast to a larger batch shape, each new batch member an independent draw of the base member it
 * broadcasts from; Pyro's {@code ExpandedDistribution}, the general form of torch's {@code expand}. Families whose
 * parameters are easy to broadcast may expand themselves instead; the two give the same densities and the same
 * shapes.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class ExpandedDistribution implements Distribution {

    private final Distribution base;
    private final int[] batchShape;
    /** For each new batch member (row-major), the base draw it reads: draw number * base members + base member. */
    private final int[] drawIndex;
    /** How many base draws one sample takes. */
    private final int drawsPerSample;

    private ExpandedDistribution(Distribution base, int[] batchShape) {
        this.base = base;
        this.batchShape = batchShape.clone();
        int[] baseBatch = base.batchShape();
        int rank = batchShape.length;
        int[] aligned = new int[rank];
        Arrays.fill(aligned, 1);
        System.arraycopy(baseBatch, 0, aligned, rank - baseBatch.length, baseBatch.length);
        int members = 1;
        int baseMembers = 1;
        for (int d = 0; d < rank; d++) {
            members *= batchShape[d];
            baseMembers *= aligned[d];
        }
        this.drawsPerSample = baseMembers == 0 ? 0 : members / baseMembers;
        this.drawIndex = new int[members];
        // Walk the new batch in row-major order; the broadcast dims (aligned size 1, new size > 1) number the draws,
        // the others locate the base member.
        int[] coordinate = new int[rank];
        for (int flat = 0; flat < members; flat++) {
            int draw = 0;
            int member = 0;
            for (int d = 0; d < rank; d++) {
                if (aligned[d] == 1) {
                    draw = draw * batchShape[d] + coordinate[d];
                } else {
                    member = member * aligned[d] + coordinate[d];
                }
            }
            drawIndex[flat] = draw * baseMembers + member;
            for (int d = rank - 1; d >= 0; d--) {
                if (++coordinate[d] < batchShape[d]) {
                    break;
                }
                coordinate[d] = 0;
            }
        }
    }

    /**
     * Expands {@code base} to {@code batchShape}.
     *
     * @throws IllegalArgumentException if the base batch shape does not broadcast to {@code batchShape}
     */
    public static Distribution of(Distribution base, int... batchShape) {
        int[] baseBatch = base.batchShape();
        if (Arrays.equals(baseBatch, batchShape)) {
            return base;
        }
        int[] broadcast;
        try {
            broadcast = Tensor.broadcastShapes(baseBatch, batchShape);
        } catch (IllegalArgumentException e) {
            broadcast = null;
        }
        if (broadcast == null || !Arrays.equals(broadcast, batchShape)) {
            throw new IllegalArgumentException("cannot expand " + base + " with batch shape "
                    + Arrays.toString(baseBatch) + " to batch shape " + Arrays.toString(batchShape));
        }
        Distribution unwrapped = base instanceof ExpandedDistribution expanded ? expanded.base : base;
        return new ExpandedDistribution(unwrapped, batchShape);
    }

    /** {@return the distribution that was expanded} */
    public Distribution base() {
        return base;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
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
        return logProb.expand(Tensor.broadcastShapes(logProb.shape(), batchShape));
    }

    @Override
    public Tensor sample(Rng rng) {
        return gatherDraws(rng, false);
    }

    @Override
    public boolean hasRsample() {
        return base.hasRsample();
    }

    @Override
    public Tensor rsample(Rng rng) {
        return gatherDraws(rng, true);
    }

    @Override
    public Tensor mean() {
        return base.mean().expand(withEvent(batchShape));
    }

    @Override
    public Tensor variance() {
        return base.variance().expand(withEvent(batchShape));
    }

    @Override
    public Tensor entropy() {
        return base.entropy().expand(batchShape);
    }

    @Override
    public Distribution expand(int... newBatchShape) {
        return of(this, newBatchShape);
    }

    @Override
    public String toString() {
        return base + ".expand(" + Arrays.toString(batchShape) + ")";
    }

    /** Stacks {@code drawsPerSample} base draws and places each in the batch members that broadcast from it. */
    private Tensor gatherDraws(Rng rng, boolean reparameterised) {
        int[] event = base.eventShape();
        int eventSize = 1;
        for (int size : event) {
            eventSize *= size;
        }
        List<Tensor> draws = new ArrayList<>(drawsPerSample);
        for (int i = 0; i < drawsPerSample; i++) {
            Tensor draw = reparameterised ? base.rsample(rng) : base.sample(rng);
            draws.add(draw.reshape(draw.numElements() / Math.max(eventSize, 1), eventSize));
        }
        Tensor rows = draws.isEmpty() ? Tensor.zeros(0, eventSize) : Tensor.cat(0, draws);
        return rows.index(0, drawIndex).reshape(withEvent(batchShape));
    }

    private int[] withEvent(int[] batch) {
        int[] event = base.eventShape();
        int[] shape = Arrays.copyOf(batch, batch.length + event.length);
        System.arraycopy(event, 0, shape, batch.length, event.length);
        return shape;
    }
}
