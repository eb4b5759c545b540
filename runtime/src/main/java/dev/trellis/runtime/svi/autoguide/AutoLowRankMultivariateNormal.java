package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.LowRankMultivariateNormal;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import java.util.function.Predicate;

/**
 * Pyro's {@code AutoLowRankMultivariateNormal}: a normal with a low-rank-plus-diagonal covariance on the latent vector
 * of {@link AutoContinuous}, {@code LowRankMultivariateNormal(loc, cov_factor * scale[:, None], scale^2)}, i.e.
 * covariance {@code diag(scale) (W W^T + I) diag(scale)}.
 *
 * <p>Parameters, as Pyro 1.8.6 names and parameterises them: {@code AutoLowRankMultivariateNormal.loc} (real, the
 * unconstrained init values), {@code AutoLowRankMultivariateNormal.scale} ({@code softplus_positive}, starting at
 * {@code sqrt(0.5) * init_scale} so that the initial variances are about {@code init_scale^2}) and
 * {@code AutoLowRankMultivariateNormal.cov_factor} (real, {@code [latent_dim, rank]}, entries drawn from
 * {@code Normal(0, 1 / sqrt(rank))}). The rank defaults to {@code round(sqrt(latent_dim))}, the init scale to 0.1 and
 * the init strategy to {@link InitStrategy#median()}, as in Pyro. Pyro draws {@code cov_factor} from torch's global
 * generator; Trellis from a stream of its own, seeded by {@link #withSeed} (0 by default), so that building the guide
 * neither depends on nor disturbs any other stream.
 *
 * <p>Thread-safe whenever its model program is: the prototype run that finds the model's sites happens once (a volatile
 * field; two threads racing to make it make the same one), and runs read and write only their context.
 */
public final class AutoLowRankMultivariateNormal extends AutoContinuous {

    private final double initScale;
    private final int rank;
    private final long seed;

    /** A guide for every latent site of {@code model}, with Pyro's defaults. */
    public AutoLowRankMultivariateNormal(Program model) {
        this(model, InitStrategy.median(), 0.1, 0, 0L, name -> true);
    }

    private AutoLowRankMultivariateNormal(Program model, InitStrategy init, double initScale, int rank, long seed,
            Predicate<String> exposed) {
        super(model, init, exposed);
        this.initScale = InitScales.require(getClass().getSimpleName(), initScale);
        if (rank < 0) {
            throw new IllegalArgumentException("AutoLowRankMultivariateNormal needs a rank > 0, got " + rank);
        }
        this.rank = rank;
        this.seed = seed;
    }

    /** {@return a guide like this one (not yet run) that starts its location from {@code init}} */
    public AutoLowRankMultivariateNormal withInit(InitStrategy init) {
        return new AutoLowRankMultivariateNormal(model(), init, initScale, rank, seed, exposed());
    }

    /** {@return a guide like this one (not yet run) whose variances start at about {@code initScale^2}} */
    public AutoLowRankMultivariateNormal withInitScale(double initScale) {
        return new AutoLowRankMultivariateNormal(model(), init(), initScale, rank, seed, exposed());
    }

    /**
     * Returns a guide like this one (not yet run) whose covariance factor has {@code rank} columns.
     *
     * @throws IllegalArgumentException if {@code rank < 1}
     */
    public AutoLowRankMultivariateNormal withRank(int rank) {
        if (rank < 1) {
            throw new IllegalArgumentException("AutoLowRankMultivariateNormal needs a rank > 0, got " + rank);
        }
        return new AutoLowRankMultivariateNormal(model(), init(), initScale, rank, seed, exposed());
    }

    /** {@return a guide like this one (not yet run) that draws the initial covariance factor from {@code seed}} */
    public AutoLowRankMultivariateNormal withSeed(long seed) {
        return new AutoLowRankMultivariateNormal(model(), init(), initScale, rank, seed, exposed());
    }

    /** {@return a guide like this one (not yet run) that covers only the latent sites {@code exposed} accepts} */
    public AutoLowRankMultivariateNormal exposing(Predicate<String> exposed) {
        return new AutoLowRankMultivariateNormal(model(), init(), initScale, rank, seed, exposed);
    }

    /**
     * {@return the rank of the covariance factor: as given, else {@code round(sqrt(latent_dim))}}
     *
     * @throws IllegalStateException if no rank was given and the guide has not run yet
     */
    public int rank() {
        return rank > 0 ? rank : defaultRank(latentDim());
    }

    /** {@return the covariance of the latent vector, {@code diag(s) (W W^T + I) diag(s)}} */
    public Tensor covariance(ParamStore store) {
        latentSites();
        Tensor scale = ParamValues.constrained(store, paramName("scale"));
        Tensor factor = ParamValues.constrained(store, paramName("cov_factor")).mul(scale.unsqueeze(-1));
        return LowRankMultivariateNormal.of(loc(store), factor, scale.square()).covarianceMatrix();
    }

    @Override
    Distribution latentPosterior(SampleContext context, Tensor initialLoc) {
        int dimension = initialLoc.size(0);
        int columns = rank > 0 ? rank : defaultRank(dimension);
        Tensor loc = context.param(paramName("loc"), initialLoc, new Constraint.Real());
        Tensor scale = context.param(paramName("scale"), () -> Tensor.full(Math.sqrt(0.5) * initScale, dimension),
                new Constraint.SoftplusPositive());
        Tensor factor = context.param(paramName("cov_factor"), () -> initialFactor(dimension, columns),
                new Constraint.Real());
        return LowRankMultivariateNormal.of(loc, factor.mul(scale.unsqueeze(-1)), scale.square());
    }

    /** Pyro's {@code int(round(latent_dim ** 0.5))}; a square root of an integer is never exactly half-way. */
    private static int defaultRank(int dimension) {
        return (int) Math.round(Math.sqrt(dimension));
    }

    private Tensor initialFactor(int dimension, int columns) {
        Rng rng = Rng.seeded(seed);
        double[] entries = new double[dimension * columns];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = rng.nextGaussian() / Math.sqrt(columns);
        }
        return Tensor.of(entries, dimension, columns);
    }

    @Override
    public String toString() {
        return "AutoLowRankMultivariateNormal(initScale=" + initScale + ", rank=" + (rank > 0 ? rank : "default") + ")";
    }
}
