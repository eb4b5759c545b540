package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * Maps a vector of {@code K - 1} reals onto the {@code K}-simplex by breaking a stick: torch's
 * {@code StickBreakingTransform}, which {@code biject_to(simplex)} returns and autoguides such as AutoNormal use
 * for simplex-valued latents. Bijective, with event dim 1 on both sides.
 *
 * <p>For {@code x} of length {@code K - 1} and {@code offset = [K - 1, K - 2, ..., 1]}, the fraction broken off
 * at step {@code k} is {@code z = sigmoid(x - log(offset))} (clamped as {@link SigmoidTransform} clamps; the
 * offset makes {@code x = 0} the uniform vector), the stick left after step {@code k} is
 * {@code cumprod(1 - z)}, and {@code y = [z, 1] * [1, cumprod(1 - z)]}.
 *
 * <p><b>Reproduces torch's rounding on purpose.</b> {@code 1 - z} is computed by subtraction, so for a
 * fraction {@code z} within a few ulps of 1 (e.g. {@code x = 30}) the remaining stick, and every later
 * {@code y} entry and the log-determinant, carry relative errors up to about {@code 1e-4}. A reformulation with
 * {@code sigmoid(-x)} would be more accurate, but the log-determinant enters the ELBO, and matching torch bit for
 * bit is what lets Trellis reproduce Pyro's loss trajectories; the golden tests pin this behaviour.
 *
 * <p>Immutable, so thread-safe.
 */
public record StickBreakingTransform() implements Transform {

    private static final String NAME = "StickBreakingTransform";

    @Override
    public Tensor forward(Tensor x) {
        EventShapes.requireRank(NAME, "an input", x.shape(), 1);
        int[] edge = edgeShape(x.shape());
        Tensor z = SigmoidTransform.clippedSigmoid(x.sub(logOffset(x.size(x.rank() - 1))));
        Tensor remaining = z.neg().add(1.0).cumprod(-1);
        return Tensor.cat(-1, z, Tensor.ones(edge)).mul(Tensor.cat(-1, Tensor.ones(edge), remaining));
    }

    /**
     * torch's inverse: {@code x = log(y[:-1]) - log(sf) + log(offset)} with the survival
     * {@code sf = 1 - cumsum(y[:-1])} clamped below at the smallest normal double, because rounding can make it 0
     * or negative when the last entry of {@code y} is tiny.
     */
    @Override
    public Tensor inverse(Tensor y) {
        EventShapes.requireRank(NAME, "a simplex value", y.shape(), 1);
        int k = y.size(y.rank() - 1);
        if (k < 1) {
            throw new IllegalArgumentException(NAME + " needs a simplex of at least one entry, got shape "
                    + Arrays.toString(y.shape()));
        }
        Tensor crop = y.slice(-1, 0, k - 1);
        Tensor survival = crop.cumsum(-1).neg().add(1.0).clamp(SigmoidTransform.TINY, Double.POSITIVE_INFINITY);
        return crop.log().sub(survival.log()).add(logOffset(k - 1));
    }

    /**
     * {@return torch's {@code sum(-u + logsigmoid(u) + log(y[:-1]))} with {@code u = x - log(offset)}}: the
     * Jacobian of {@code y[:-1]} in {@code x} is triangular with diagonal {@code z (1 - z) * stick}, and
     * {@code 1 - z = exp(-u) sigmoid(u)}. It reads {@code y}, so it inherits {@code y}'s rounding (see above).
     */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        EventShapes.requireRank(NAME, "an input", x.shape(), 1);
        int length = x.size(x.rank() - 1);
        Tensor shifted = x.sub(logOffset(length));
        return shifted.neg().add(shifted.logSigmoid()).add(y.slice(-1, 0, length).log()).sum(-1, false);
    }

    @Override
    public int domainEventDim() {
        return 1;
    }

    @Override
    public int codomainEventDim() {
        return 1;
    }

    @Override
    public boolean isBijective() {
        return true;
    }

    /** {@return the shape with one more entry in the last dimension: {@code K - 1} reals to {@code K} weights} */
    @Override
    public int[] forwardShape(int[] shape) {
        EventShapes.requireRank(NAME, "an input shape", shape, 1);
        return EventShapes.withLastSize(shape, 1);
    }

    /** {@return the shape with one entry fewer in the last dimension} */
    @Override
    public int[] inverseShape(int[] shape) {
        EventShapes.requireRank(NAME, "an output shape", shape, 1);
        if (shape[shape.length - 1] < 1) {
            throw new IllegalArgumentException(NAME + " needs a simplex of at least one entry, got shape "
                    + Arrays.toString(shape));
        }
        return EventShapes.withLastSize(shape, -1);
    }

    /** {@return torch's repr, {@code StickBreakingTransform()}} */
    @Override
    public String toString() {
        return NAME + "()";
    }

    /** {@code log([n, n - 1, ..., 1])}, a constant. */
    private static Tensor logOffset(int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.log(n - i);
        }
        return Tensor.vector(values);
    }

    /** The batch shape with a last dimension of 1: the padding torch's {@code pad(..., value=1)} adds. */
    private static int[] edgeShape(int[] shape) {
        int[] edge = shape.clone();
        edge[edge.length - 1] = 1;
        return edge;
    }
}
