package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Objects;

/**
 * {@code y = loc + scale * x}, element-wise with broadcasting: torch's {@code AffineTransform} with
 * {@code event_dim = 0}, the only form the constraint registries build. {@code loc} and {@code scale} are tensors
 * (rank 0 for torch's Python numbers) and may require grad, so learned locations and scales get gradients.
 *
 * <p>Deviation: torch's {@code event_dim} argument (summing the log-determinant over trailing dimensions) is not
 * offered; wrap the transform where an event version is needed. A {@code scale} of 0 is accepted as in torch
 * (its inverse divides by zero and its log-determinant is {@code -inf}).
 *
 * <p>Immutable, so thread-safe.
 *
 * @param loc the shift, broadcast against {@code x}
 * @param scale the factor, broadcast against {@code x}
 */
public record AffineTransform(Tensor loc, Tensor scale) implements Transform {

    public AffineTransform {
        Objects.requireNonNull(loc, "loc");
        Objects.requireNonNull(scale, "scale");
    }

    /**
     * Creates the transform for constant numbers, as the registries do ({@code AffineTransform(lower, 1)}).
     *
     * @param loc the shift
     * @param scale the factor
     */
    public AffineTransform(double loc, double scale) {
        this(Tensor.scalar(loc), Tensor.scalar(scale));
    }

    @Override
    public Tensor forward(Tensor x) {
        return loc.add(scale.mul(x));
    }

    @Override
    public Tensor inverse(Tensor y) {
        return y.sub(loc).div(scale);
    }

    /**
     * {@return {@code log |scale|} expanded to the shape of {@code x}}: torch's {@code full_like(x, log|scale|)}
     * for a number, {@code abs(scale).log().expand(x.shape)} for a tensor. It does not depend on {@code x}.
     *
     * @throws IllegalArgumentException if {@code scale} has a shape that does not expand to {@code x}'s
     */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        return scale.abs().log().expand(x.shape());
    }

    @Override
    public int domainEventDim() {
        return 0;
    }

    @Override
    public int codomainEventDim() {
        return 0;
    }

    @Override
    public boolean isBijective() {
        return true;
    }

    /** {@return the shape that {@code x}, {@code loc} and {@code scale} broadcast to} */
    @Override
    public int[] forwardShape(int[] shape) {
        return Tensor.broadcastShapes(shape, loc.shape(), scale.shape());
    }

    /** {@return the shape that {@code y}, {@code loc} and {@code scale} broadcast to} */
    @Override
    public int[] inverseShape(int[] shape) {
        return Tensor.broadcastShapes(shape, loc.shape(), scale.shape());
    }

    /** {@return e.g. {@code AffineTransform(loc=1.0, scale=1.0)}; torch's repr omits the parameters} */
    @Override
    public String toString() {
        return "AffineTransform(loc=" + describe(loc) + ", scale=" + describe(scale) + ")";
    }

    private static String describe(Tensor t) {
        return t.rank() == 0 ? Double.toString(t.item()) : t.toString();
    }
}
