package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The multivariate normal distribution with a Cholesky factor of its covariance, as
 * {@code torch.distributions.MultivariateNormal(loc, scale_tril=L)}: covariance {@code L L^T}, event shape
 * {@code [D]}, support the real vectors.
 *
 * <p>{@code loc} has shape {@code batch + [D]} and {@code scale_tril} {@code batch' + [D, D]}, lower triangular with
 * a positive diagonal (torch's {@code lower_cholesky}); the two batch shapes broadcast. (torch also takes a
 * covariance or precision matrix and factors it; here the factor is given, so nothing is decomposed.)
 *
 * <p>{@code logProb} solves {@code L z = x - loc} by forward substitution ({@link Tensor#solveLowerTriangular}),
 * never forming an inverse: {@code -(D log 2 pi + |z|^2) / 2 - sum log diag L}. Every quantity is differentiable in
 * {@code loc} and {@code scale_tril}; {@link #rsample(Rng)} is {@code loc + L eps}.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class MultivariateNormal implements Distribution {

    private static final String NAME = "MultivariateNormal";
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final Tensor loc;
    private final Tensor scaleTril;
    private final int[] batchShape;
    private final int dimension;

    private MultivariateNormal(Tensor loc, Tensor scaleTril, int[] batchShape) {
        this.loc = loc;
        this.scaleTril = scaleTril;
        this.batchShape = batchShape;
        this.dimension = loc.shape()[loc.rank() - 1];
    }

    /**
     * Creates the distribution {@code N(loc, L L^T)}.
     *
     * @param loc the mean, shape {@code batch + [D]}, no NaN
     * @param scaleTril the lower Cholesky factor L, shape {@code batch' + [D, D]}
     * @throws IllegalArgumentException naming the shapes if they do not fit, or the entry that breaks a constraint
     */
    public static MultivariateNormal of(Tensor loc, Tensor scaleTril) {
        int[] locShape = loc.shape();
        int[] lShape = scaleTril.shape();
        if (locShape.length < 1 || lShape.length < 2 || lShape[lShape.length - 1] != lShape[lShape.length - 2]
                || lShape[lShape.length - 1] != locShape[locShape.length - 1]) {
            throw new IllegalArgumentException(NAME + ": needs loc of shape [..., D] and scale_tril of shape "
                    + "[..., D, D], got " + Arrays.toString(locShape) + " and " + Arrays.toString(lShape));
        }
        DistributionChecks.requireParameter(NAME, "loc", loc, new Constraint.Real());
        DistributionChecks.requireParameter(NAME, "scale_tril", scaleTril, new Constraint.LowerCholesky());
        int[] batch;
        try {
            batch = Tensor.broadcastShapes(Arrays.copyOf(locShape, locShape.length - 1),
                    Arrays.copyOf(lShape, lShape.length - 2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NAME + ": the batch dims of loc " + Arrays.toString(locShape)
                    + " and scale_tril " + Arrays.toString(lShape) + " do not broadcast", e);
        }
        return new MultivariateNormal(loc, scaleTril, batch);
    }

    /** {@return the mean vector(s), as given} */
    public Tensor loc() {
        return loc;
    }

    /** {@return the lower Cholesky factor(s) of the covariance, as given} */
    public Tensor scaleTril() {
        return scaleTril;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[] {dimension};
    }

    @Override
    public Constraint support() {
        return new Constraint.Independent(new Constraint.Real(), 1);
    }

    @Override
    public Tensor logProb(Tensor value) {
        DistributionChecks.requireInSupport(this, value);
        Tensor z = scaleTril.solveLowerTriangular(value.sub(loc).unsqueeze(-1));
        Tensor squaredNorm = z.square().sum(-1, false).sum(-1, false);
        return squaredNorm.add(dimension * LOG_TWO_PI).mul(-0.5).sub(halfLogDet());
    }

    @Override
    public Tensor sample(Rng rng) {
        return rsample(rng).detach();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** {@return {@code loc + L eps} with {@code eps} standard normal, one vector per batch member} */
    @Override
    public Tensor rsample(Rng rng) {
        int[] shape = withEvent();
        int count = 1;
        for (int size : shape) {
            count *= size;
        }
        double[] eps = new double[count];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = rng.nextGaussian();
        }
        Tensor noise = Tensor.of(eps, shape).unsqueeze(-1);
        return scaleTril.matmul(noise).squeeze(-1).add(loc);
    }

    /** {@return loc, broadcast to {@code batch + [D]}} */
    @Override
    public Tensor mean() {
        return loc.expand(withEvent());
    }

    /** {@return the diagonal of {@code L L^T}: the row sums of {@code L * L}} */
    @Override
    public Tensor variance() {
        return scaleTril.square().sum(-1, false).expand(withEvent());
    }

    /** {@return {@code D (1 + log 2 pi) / 2 + sum log diag L}} */
    @Override
    public Tensor entropy() {
        return halfLogDet().add(0.5 * dimension * (1 + LOG_TWO_PI)).expand(batchShape);
    }

    /** Returns e.g. {@code MultivariateNormal(loc=[0.0, 0.0], scale_tril=[[1.0, 0.0], [0.5, 1.0]])}. */
    @Override
    public String toString() {
        return NAME + "(loc=" + ParameterText.of(loc) + ", scale_tril=" + ParameterText.of(scaleTril) + ")";
    }

    /** {@code sum log diag L} = half the log-determinant of the covariance, shape of L's batch. */
    private Tensor halfLogDet() {
        double[] identity = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            identity[i * dimension + i] = 1;
        }
        Tensor diagonal = scaleTril.mul(Tensor.of(identity, dimension, dimension)).sum(-1, false);
        return diagonal.log().sum(-1, false);
    }

    private int[] withEvent() {
        int[] shape = Arrays.copyOf(batchShape, batchShape.length + 1);
        shape[batchShape.length] = dimension;
        return shape;
    }
}
