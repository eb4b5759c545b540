package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;

/**
 * Maps square matrices (the last two dimensions) to lower-triangular matrices with ones on the diagonal: Pyro's
 * {@code UnitLowerCholeskyTransform}, which {@code transform_to(unit_lower_cholesky)} returns and
 * {@code AutoMultivariateNormal} stores its {@code scale_tril} through. It keeps the strictly lower part of {@code x}
 * and puts ones on the diagonal, {@code y = tril(x, -1) + I}; the inverse is the identity (Pyro's {@code _inverse}
 * returns {@code y}), so the stored value of a unit lower-Cholesky parameter is the matrix itself.
 *
 * <p>Not bijective (the diagonal and the upper part are lost) and, as in Pyro, without a log-determinant:
 * {@link #logAbsDetJacobian} throws. Pyro registers it with {@code transform_to} only, so {@code biject_to} has no
 * entry for the constraint.
 *
 * <p>Built from {@code where} over constant masks, so a non-finite entry in the discarded part reaches neither
 * {@code y} nor its gradient.
 *
 * <p>Immutable, so thread-safe.
 */
public record UnitLowerCholeskyTransform() implements Transform {

    private static final String NAME = "UnitLowerCholeskyTransform";

    @Override
    public Tensor forward(Tensor x) {
        EventShapes.requireSquare(NAME, "an input", x.shape());
        int n = x.size(x.rank() - 1);
        boolean[] strictlyLower = new boolean[n * n];
        double[] identity = new double[n * n];
        for (int i = 0; i < n; i++) {
            identity[i * n + i] = 1;
            for (int j = 0; j < i; j++) {
                strictlyLower[i * n + j] = true;
            }
        }
        return Tensor.where(Tensor.mask(strictlyLower, n, n), x, Tensor.of(identity, n, n));
    }

    /** {@return {@code y} itself, as Pyro's {@code _inverse}} */
    @Override
    public Tensor inverse(Tensor y) {
        EventShapes.requireSquare(NAME, "a unit lower-Cholesky value", y.shape());
        return y;
    }

    /**
     * Always throws, as Pyro (which defines no log-determinant for it).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        throw new UnsupportedOperationException(NAME + " has no log_abs_det_jacobian: it maps n*n entries onto the "
                + "n(n-1)/2 below the diagonal, so it is not bijective");
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

    /** {@return Pyro's repr, {@code UnitLowerCholeskyTransform()}} */
    @Override
    public String toString() {
        return NAME + "()";
    }
}
