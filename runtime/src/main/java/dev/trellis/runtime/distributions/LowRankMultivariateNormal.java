package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The multivariate normal whose covariance is low rank plus diagonal, as
 * {@code torch.distributions.LowRankMultivariateNormal(loc, cov_factor, cov_diag)}: covariance
 * {@code W W^T + diag(d)} with {@code W = cov_factor} of shape {@code [D, r]}, event shape {@code [D]}, support the
 * real vectors. It is the posterior of {@code AutoLowRankMultivariateNormal}.
 *
 * <p>As torch, nothing of size {@code D x D} is factored: with the capacitance {@code C = I_r + W^T diag(d)^-1 W} and
 * its Cholesky factor {@code L_C}, the log-determinant is {@code 2 sum log diag L_C + sum log d} (the matrix
 * determinant lemma) and the Mahalanobis term is {@code |x|^2_{d^-1} - |L_C^-1 W^T d^-1 x|^2} (Woodbury), O(D r^2).
 * {@link #rsample(Rng)} is {@code loc + W eps_W + sqrt(d) eps_D} with {@code eps_W} (r per draw) drawn before
 * {@code eps_D} (D per draw), torch's order. Every quantity is differentiable in the three parameters.
 *
 * <p>Batches: {@code loc} of shape {@code batch + [D]}, {@code cov_factor} of {@code batch' + [D, r]} and
 * {@code cov_diag} of {@code batch'' + [D]}, whose batch shapes broadcast.
 *
 * <p>Immutable, so thread-safe: any number of threads may score and sample it at once, each with its own {@link
 * dev.trellis.runtime.random.Rng}.
 */
public final class LowRankMultivariateNormal implements Distribution {

    private static final String NAME = "LowRankMultivariateNormal";
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private final Tensor loc;
    private final Tensor covFactor;
    private final Tensor covDiag;
    private final int[] batchShape;
    private final int dimension;
    private final int rank;
    /** {@code W^T diag(d)^-1}, shape {@code batch' + [r, D]}, and the Cholesky factor of the capacitance. */
    private final Tensor weightedFactorT;
    private final Tensor capacitanceTril;

    private LowRankMultivariateNormal(Tensor loc, Tensor covFactor, Tensor covDiag, int[] batchShape) {
        this.loc = loc;
        this.covFactor = covFactor;
        this.covDiag = covDiag;
        this.batchShape = batchShape;
        this.dimension = loc.size(loc.rank() - 1);
        this.rank = covFactor.size(covFactor.rank() - 1);
        int rankDim = covFactor.rank() - 1;
        this.weightedFactorT = covFactor.transpose(rankDim - 1, rankDim).div(covDiag.unsqueeze(-2));
        Tensor capacitance = weightedFactorT.matmul(covFactor).add(Tensor.eye(rank));
        this.capacitanceTril = CholeskyFactor.of(capacitance);
    }

    /**
     * Creates {@code N(loc, W W^T + diag(d))}.
     *
     * @param loc the mean, shape {@code [..., D]}, no NaN
     * @param covFactor {@code W}, shape {@code [..., D, r]} with {@code r >= 1}, finite
     * @param covDiag {@code d}, shape {@code [..., D]}, positive
     * @throws IllegalArgumentException naming the shapes if they do not fit, or the entry that breaks a constraint
     */
    public static LowRankMultivariateNormal of(Tensor loc, Tensor covFactor, Tensor covDiag) {
        int[] locShape = loc.shape();
        int[] factorShape = covFactor.shape();
        int[] diagShape = covDiag.shape();
        if (locShape.length < 1 || factorShape.length < 2 || diagShape.length < 1
                || factorShape[factorShape.length - 2] != locShape[locShape.length - 1]
                || diagShape[diagShape.length - 1] != locShape[locShape.length - 1]
                || factorShape[factorShape.length - 1] < 1) {
            throw new IllegalArgumentException(NAME + ": needs loc [..., D], cov_factor [..., D, r] (r >= 1) and "
                    + "cov_diag [..., D], got " + Arrays.toString(locShape) + ", " + Arrays.toString(factorShape)
                    + " and " + Arrays.toString(diagShape));
        }
        DistributionChecks.requireParameter(NAME, "loc", loc, new Constraint.Real());
        DistributionChecks.requireParameter(NAME, "cov_factor", covFactor, new Constraint.Real());
        DistributionChecks.requireParameter(NAME, "cov_diag", covDiag, new Constraint.Positive());
        int[] batch;
        try {
            batch = Tensor.broadcastShapes(Arrays.copyOf(locShape, locShape.length - 1),
                    Arrays.copyOf(factorShape, factorShape.length - 2), Arrays.copyOf(diagShape, diagShape.length - 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NAME + ": the batch dims of loc " + Arrays.toString(locShape)
                    + ", cov_factor " + Arrays.toString(factorShape) + " and cov_diag " + Arrays.toString(diagShape)
                    + " do not broadcast", e);
        }
        return new LowRankMultivariateNormal(loc, covFactor, covDiag, batch);
    }

    /** {@return the mean vector(s), as given} */
    public Tensor loc() {
        return loc;
    }

    /** {@return {@code W}, as given} */
    public Tensor covFactor() {
        return covFactor;
    }

    /** {@return {@code d}, as given} */
    public Tensor covDiag() {
        return covDiag;
    }

    /** {@return the covariance {@code W W^T + diag(d)}, shape {@code batch + [D, D]}} */
    public Tensor covarianceMatrix() {
        int rankDim = covFactor.rank() - 1;
        Tensor lowRank = covFactor.matmul(covFactor.transpose(rankDim - 1, rankDim));
        Tensor diagonal = covDiag.unsqueeze(-1).mul(Tensor.eye(dimension));
        int[] shape = Arrays.copyOf(batchShape, batchShape.length + 2);
        shape[batchShape.length] = dimension;
        shape[batchShape.length + 1] = dimension;
        return lowRank.add(diagonal).expand(shape);
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
        Tensor diff = value.sub(loc);
        Tensor plain = diff.square().div(covDiag).sum(-1, false);
        Tensor projected = capacitanceTril.solveLowerTriangular(weightedFactorT.matmul(diff.unsqueeze(-1)));
        Tensor mahalanobis = plain.sub(projected.square().sum(-1, false).sum(-1, false));
        return mahalanobis.add(logDet()).add(dimension * LOG_TWO_PI).mul(-0.5);
    }

    @Override
    public Tensor sample(Rng rng) {
        return rsample(rng).detach();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(Rng rng) {
        int[] shape = withEvent();
        int[] factorNoiseShape = shape.clone();
        factorNoiseShape[shape.length - 1] = rank;
        Tensor epsW = standardNormal(factorNoiseShape, rng);
        Tensor epsD = standardNormal(shape, rng);
        Tensor lowRank = covFactor.matmul(epsW.unsqueeze(-1)).squeeze(-1);
        return loc.add(lowRank).add(covDiag.sqrt().mul(epsD));
    }

    /** {@return loc, broadcast to {@code batch + [D]}} */
    @Override
    public Tensor mean() {
        return loc.expand(withEvent());
    }

    /** {@return the diagonal of the covariance: the row sums of {@code W * W}, plus {@code d}} */
    @Override
    public Tensor variance() {
        return covFactor.square().sum(-1, false).add(covDiag).expand(withEvent());
    }

    /** {@return {@code (D (1 + log 2 pi) + log det) / 2}} */
    @Override
    public Tensor entropy() {
        return logDet().add(dimension * (1 + LOG_TWO_PI)).mul(0.5).expand(batchShape);
    }

    @Override
    public String toString() {
        return ParameterText.describe(NAME, "loc", loc, "cov_factor", covFactor, "cov_diag", covDiag);
    }

    /** {@code log det (W W^T + diag d) = 2 sum log diag L_C + sum log d}. */
    private Tensor logDet() {
        Tensor diagonal = capacitanceTril.mul(Tensor.eye(rank)).sum(-1, false);
        return diagonal.log().sum(-1, false).mul(2).add(covDiag.log().sum(-1, false));
    }

    private static Tensor standardNormal(int[] shape, Rng rng) {
        double[] eps = new double[Tensor.zeros(shape).numElements()];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = rng.nextGaussian();
        }
        return Tensor.of(eps, shape);
    }

    private int[] withEvent() {
        int[] shape = Arrays.copyOf(batchShape, batchShape.length + 1);
        shape[batchShape.length] = dimension;
        return shape;
    }
}
