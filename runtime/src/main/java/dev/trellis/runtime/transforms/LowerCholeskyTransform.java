package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * Maps square matrices (the last two dimensions) to lower-triangular matrices with a positive diagonal:
 * torch's {@code LowerCholeskyTransform}, which {@code transform_to(lower_cholesky)} returns. It keeps the
 * strictly lower part of {@code x}, exponentiates the diagonal and discards the strictly upper part:
 * {@code y = tril(x, -1) + diag_embed(exp(diag(x)))}; the inverse takes the log of the diagonal instead.
 *
 * <p>Not bijective (the upper part is lost), and torch defines no log-determinant for it, so
 * {@link #logAbsDetJacobian} throws. (With respect to the {@code n(n+1)/2} lower entries alone it would be
 * {@code sum(diag x)}; torch's {@code biject_to(lower_cholesky)} is not implemented for this reason.)
 *
 * <p>Built from {@code where} over constant triangle masks rather than multiplying by them, so an infinite or
 * NaN entry in the discarded part neither reaches {@code y} nor its gradient, as with torch's {@code tril}.
 *
 * <p>Immutable, so thread-safe.
 */
public record LowerCholeskyTransform() implements Transform {

    private static final String NAME = "LowerCholeskyTransform";

    @Override
    public Tensor forward(Tensor x) {
        EventShapes.requireSquare(NAME, "an input", x.shape());
        return withDiagonal(x, diagonal(x).exp());
    }

    @Override
    public Tensor inverse(Tensor y) {
        EventShapes.requireSquare(NAME, "a lower-Cholesky value", y.shape());
        return withDiagonal(y, diagonal(y).log());
    }

    /**
     * Always throws, as torch (which raises NotImplementedError).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        throw new UnsupportedOperationException(NAME + " has no log_abs_det_jacobian (torch raises "
                + "NotImplementedError): it maps n*n entries onto n(n+1)/2 by discarding the strictly upper "
                + "triangle, so it is not bijective");
    }

    @Override
    public int domainEventDim() {
        return 2;
    }

    @Override
    public int codomainEventDim() {
        return 2;
    }

    @Override
    public boolean isBijective() {
        return false;
    }

    @Override
    public int[] forwardShape(int[] shape) {
        EventShapes.requireSquare(NAME, "an input shape", shape);
        return shape.clone();
    }

    @Override
    public int[] inverseShape(int[] shape) {
        EventShapes.requireSquare(NAME, "an output shape", shape);
        return shape.clone();
    }

    /** {@return torch's repr, {@code LowerCholeskyTransform()}} */
    @Override
    public String toString() {
        return NAME + "()";
    }

    /** {@code diag(m)} batched: the diagonal of the last two dimensions, shape {@code [..., n]}. */
    private static Tensor diagonal(Tensor m) {
        int[] shape = m.shape();
        int n = shape[shape.length - 1];
        int[] flat = Arrays.copyOf(shape, shape.length - 1);
        flat[flat.length - 1] = n * n;
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i * (n + 1);
        }
        return m.reshape(flat).index(-1, positions);
    }

    /** {@code tril(m, -1) + diag_embed(diagonal)}: the strictly lower part of {@code m} and the given diagonal. */
    private static Tensor withDiagonal(Tensor m, Tensor diagonal) {
        int n = m.size(m.rank() - 1);
        boolean[] onDiagonal = new boolean[n * n];
        boolean[] strictlyLower = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                onDiagonal[i * n + j] = i == j;
                strictlyLower[i * n + j] = i > j;
            }
        }
        Tensor lower = Tensor.where(Tensor.mask(strictlyLower, n, n), m, Tensor.scalar(0));
        // Row i of diagonal.unsqueeze(-1) broadcasts d_i across the row; the mask keeps it only at (i, i).
        return Tensor.where(Tensor.mask(onDiagonal, n, n), diagonal.unsqueeze(-1), lower);
    }
}
