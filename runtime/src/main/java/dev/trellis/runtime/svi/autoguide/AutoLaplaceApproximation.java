package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Delta;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Pyro's {@code AutoLaplaceApproximation}: first a MAP guide on the unconstrained latent vector of
 * {@link AutoContinuous}, {@code Delta(loc).to_event(1)}, trained by SVI; then {@link #laplaceApproximation} puts a
 * multivariate normal at the trained point whose covariance is the inverse Hessian of
 * {@code -log p(x, z)} there, with {@code z} the unconstrained latent vector (the log-Jacobians of the supports'
 * bijections included, as Pyro's loss {@code guide log_prob_sum - model log_prob_sum} has them).
 *
 * <p>Parameter, as Pyro names it: {@code AutoLaplaceApproximation.loc} (real, the unconstrained init values; default
 * {@link InitStrategy#median()}).
 *
 * <p>The Hessian: Pyro differentiates the gradient a second time with autograd; Trellis's tape is first order, so
 * each column is a central difference of exact (autodiff) gradients, Richardson-extrapolated from steps {@code h} and
 * {@code h / 2} with {@code h = 1e-3 max(1, |z_j|)}: truncation error {@code O(h^4)}, rounding about
 * {@code 1e-16 |gradient| / h}, so about 1e-12 relative for a smooth density (exact up to rounding for a Gaussian one,
 * whose gradient is linear). The result is symmetrised.
 *
 * <p>Thread-safe whenever its model program is: the prototype run that finds the model's sites happens once (a volatile
 * field; two threads racing to make it make the same one), and runs read and write only their context.
 */
public final class AutoLaplaceApproximation extends AutoContinuous {

    private static final double RELATIVE_STEP = 1e-3;

    /** A guide for every latent site of {@code model}, with Pyro's defaults. */
    public AutoLaplaceApproximation(Program model) {
        this(model, InitStrategy.median(), name -> true);
    }

    private AutoLaplaceApproximation(Program model, InitStrategy init, Predicate<String> exposed) {
        super(model, init, exposed);
    }

    /** {@return a guide like this one (not yet run) that starts its point from {@code init}} */
    public AutoLaplaceApproximation withInit(InitStrategy init) {
        return new AutoLaplaceApproximation(model(), init, exposed());
    }

    /** {@return a guide like this one (not yet run) that covers only the latent sites {@code exposed} accepts} */
    public AutoLaplaceApproximation exposing(Predicate<String> exposed) {
        return new AutoLaplaceApproximation(model(), init(), exposed);
    }

    @Override
    Distribution latentPosterior(SampleContext context, Tensor initialLoc) {
        return Delta.of(context.param(paramName("loc"), initialLoc, new Constraint.Real()), 0.0, 1);
    }

    /**
     * Returns the Laplace approximation at the trained point, as Pyro's {@code laplace_approximation()}: an
     * {@link AutoMultivariateNormal} with fixed {@code loc} = the trained point, and {@code scale} and
     * {@code scale_tril} such that its covariance is {@code H^-1}: {@code scale = sqrt(diag(H^-1))} and
     * {@code scale_tril} the Cholesky factor of the correlation matrix {@code H^-1 / (scale scale^T)}.
     *
     * @param store the trained parameters ({@code AutoLaplaceApproximation.loc} and the model's own, which are held
     *     fixed)
     * @return the normal guide; it reads no parameters
     * @throws IllegalStateException if the guide has not run yet
     * @throws IllegalArgumentException if the Hessian is not positive definite (the point is not a local maximum of
     *     the posterior density), or a latent site of the model is outside the guide (every one needs a value)
     */
    public AutoMultivariateNormal laplaceApproximation(ParamStore store) {
        List<LatentSite> sites = latentSites();
        Tensor loc = loc(store);
        DMatrixRMaj covariance = invert(hessian(loc, store));
        int n = covariance.numRows;
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.sqrt(covariance.get(i, i));
        }
        DMatrixRMaj correlation = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                correlation.set(i, j, covariance.get(i, j) / (scale[i] * scale[j]));
            }
        }
        CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(n, true);
        if (!cholesky.decompose(correlation)) {
            throw new IllegalArgumentException(prefix() + ": the correlation matrix of the inverse Hessian is not "
                    + "positive definite");
        }
        return AutoMultivariateNormal.fixed(model(), exposed(), sites, loc, Tensor.vector(scale),
                Tensor.fromMatrix(cholesky.getT(null)));
    }

    /**
     * {@return the Hessian of {@code -log p(x, z) - log|det J|} with respect to the unconstrained latent vector at
     * {@code point}, as a symmetric matrix}
     *
     * @param point the unconstrained latent vector
     * @param store the model's parameters, held fixed
     * @throws IllegalStateException if the guide has not run yet
     */
    public Tensor hessian(Tensor point, ParamStore store) {
        int n = latentDim();
        double[] u = point.toArray();
        double[][] columns = new double[n][];
        for (int j = 0; j < n; j++) {
            double h = RELATIVE_STEP * Math.max(1, Math.abs(u[j]));
            double[] coarse = centralDifference(u, j, h, store);
            double[] fine = centralDifference(u, j, h / 2, store);
            columns[j] = new double[n];
            for (int i = 0; i < n; i++) {
                columns[j][i] = (4 * fine[i] - coarse[i]) / 3;
            }
        }
        double[] symmetric = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                symmetric[i * n + j] = (columns[j][i] + columns[i][j]) / 2;
            }
        }
        return Tensor.of(symmetric, n, n);
    }

    /**
     * {@return Pyro's Laplace loss at the unconstrained latent vector {@code latent}: the guide's log-density (the
     * log-Jacobian terms of its sites' Deltas) minus the model's log joint, differentiable in {@code latent}}
     *
     * @param latent the unconstrained latent vector, of length {@link #latentDim()}
     * @param store the model's parameters
     */
    public Tensor negativeLogDensity(Tensor latent, ParamStore store) {
        Tensor total = Tensor.scalar(0.0);
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Block block : blocks(latentSites())) {
            Tensor unconstrained = slice(latent, block);
            Tensor value = block.bijection().forward(unconstrained);
            total = total.add(logDensity(block, unconstrained, value).sum());
            values.put(block.site().name(), value);
        }
        Trace trace = Conditioned.run(model(), values, store);
        for (Site site : trace.sites()) {
            total = total.sub(site.logProb().sum());
        }
        return total;
    }

    private double[] centralDifference(double[] u, int j, double h, ParamStore store) {
        double[] up = gradient(shifted(u, j, h), store);
        double[] down = gradient(shifted(u, j, -h), store);
        double[] difference = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            difference[i] = (up[i] - down[i]) / (2 * h);
        }
        return difference;
    }

    private double[] gradient(double[] u, ParamStore store) {
        Tensor leaf = Tensor.variable(Tensor.vector(u));
        Tensor loss = negativeLogDensity(leaf, store);
        return Autodiff.gradients(loss).of(leaf).toArray();
    }

    private static double[] shifted(double[] u, int j, double step) {
        double[] copy = u.clone();
        copy[j] += step;
        return copy;
    }

    private DMatrixRMaj invert(Tensor hessian) {
        DMatrixRMaj matrix = hessian.toMatrix();
        DMatrixRMaj inverse = new DMatrixRMaj(matrix.numRows, matrix.numCols);
        if (!CommonOps_DDRM.solveSPD(matrix.copy(), CommonOps_DDRM.identity(matrix.numRows), inverse)) {
            throw new IllegalArgumentException(prefix() + ": the Hessian of -log p(x, z) at the trained point is not "
                    + "positive definite, so the point is not a local maximum of the posterior density (train longer, "
                    + "or check the model): " + hessian);
        }
        return inverse;
    }

    @Override
    public String toString() {
        return "AutoLaplaceApproximation";
    }
}
