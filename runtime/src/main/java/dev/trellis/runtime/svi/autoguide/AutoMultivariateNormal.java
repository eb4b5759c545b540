package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.MultivariateNormal;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Pyro's {@code AutoMultivariateNormal}: a multivariate normal with a full covariance on the latent vector of
 * {@link AutoContinuous}, {@code MultivariateNormal(loc, scale_tril = scale[:, None] * scale_tril)}.
 *
 * <p>Parameters, as Pyro 1.8.6 names and parameterises them: {@code AutoMultivariateNormal.loc} (real, the
 * unconstrained init values), {@code AutoMultivariateNormal.scale} ({@code softplus_positive}, {@code init_scale} =
 * 0.1 for every entry) and {@code AutoMultivariateNormal.scale_tril} ({@code unit_lower_cholesky}, starting at the
 * identity: stored as the matrix itself, of which only the strictly lower part is used). The covariance is
 * {@code diag(scale) L L^T diag(scale)} with {@code L} the unit lower-triangular factor. Defaults as Pyro:
 * {@link InitStrategy#median()} and init scale 0.1.
 *
 * <p>{@link AutoLaplaceApproximation#laplaceApproximation} returns one of these with fixed {@code loc}, {@code scale}
 * and {@code scale_tril} (Pyro's buffers): it reads no parameters and trains nothing.
 *
 * <p>Thread-safe whenever its model program is: the prototype run that finds the model's sites happens once (a volatile
 * field; two threads racing to make it make the same one), and runs read and write only their context.
 */
public final class AutoMultivariateNormal extends AutoContinuous {

    /** Fixed values in place of the parameters (the Laplace approximation's), or null. */
    private record Fixed(Tensor loc, Tensor scale, Tensor scaleTril) {}

    private final double initScale;
    private final @Nullable Fixed fixed;

    /** A guide for every latent site of {@code model}, with Pyro's defaults. */
    public AutoMultivariateNormal(Program model) {
        this(model, InitStrategy.median(), 0.1, name -> true, null);
    }

    private AutoMultivariateNormal(Program model, InitStrategy init, double initScale, Predicate<String> exposed,
            @Nullable Fixed fixed) {
        super(model, init, exposed);
        this.initScale = InitScales.require(getClass().getSimpleName(), initScale);
        this.fixed = fixed;
    }

    /**
     * A guide with fixed {@code loc}, {@code scale} and {@code scale_tril} for the given sites of {@code model}.
     *
     * @param scaleTril lower triangular with a positive diagonal (not necessarily unit)
     */
    static AutoMultivariateNormal fixed(Program model, Predicate<String> exposed, List<LatentSite> sites, Tensor loc,
            Tensor scale, Tensor scaleTril) {
        AutoMultivariateNormal guide = new AutoMultivariateNormal(model, InitStrategy.median(), 0.1, exposed,
                new Fixed(loc.detach(), scale.detach(), scaleTril.detach()));
        guide.adoptSites(sites);
        return guide;
    }

    /** {@return a guide like this one (not yet run) that starts its location from {@code init}} */
    public AutoMultivariateNormal withInit(InitStrategy init) {
        return new AutoMultivariateNormal(model(), init, initScale, exposed(), fixed);
    }

    /** {@return a guide like this one (not yet run) whose scales start at {@code initScale}} */
    public AutoMultivariateNormal withInitScale(double initScale) {
        return new AutoMultivariateNormal(model(), init(), initScale, exposed(), fixed);
    }

    /** {@return a guide like this one (not yet run) that covers only the latent sites {@code exposed} accepts} */
    public AutoMultivariateNormal exposing(Predicate<String> exposed) {
        return new AutoMultivariateNormal(model(), init(), initScale, exposed, fixed);
    }

    /** {@return whether the parameters are fixed values (a Laplace approximation) rather than trained ones} */
    public boolean isFixed() {
        return fixed != null;
    }

    @Override
    public Tensor loc(ParamStore store) {
        return fixed != null ? fixed.loc() : super.loc(store);
    }

    /** {@return the Cholesky factor of the covariance, {@code scale[:, None] * scale_tril}} */
    public Tensor scaleTril(ParamStore store) {
        latentSites();
        if (fixed != null) {
            return fixed.scale().unsqueeze(-1).mul(fixed.scaleTril());
        }
        return ParamValues.constrained(store, paramName("scale")).unsqueeze(-1)
                .mul(ParamValues.constrained(store, paramName("scale_tril")));
    }

    /** {@return the covariance of the latent vector, {@code L L^T} for {@link #scaleTril(ParamStore)}} */
    public Tensor covariance(ParamStore store) {
        Tensor factor = scaleTril(store);
        return factor.matmul(factor.transpose());
    }

    @Override
    Distribution latentPosterior(SampleContext context, Tensor initialLoc) {
        if (fixed != null) {
            return MultivariateNormal.of(fixed.loc(), fixed.scale().unsqueeze(-1).mul(fixed.scaleTril()));
        }
        int dimension = initialLoc.size(0);
        Tensor loc = context.param(paramName("loc"), initialLoc, new Constraint.Real());
        Tensor scale = context.param(paramName("scale"), () -> Tensor.full(initScale, dimension),
                new Constraint.SoftplusPositive());
        Tensor unitTril = context.param(paramName("scale_tril"), () -> Tensor.eye(dimension),
                new Constraint.UnitLowerCholesky());
        return MultivariateNormal.of(loc, scale.unsqueeze(-1).mul(unitTril));
    }

    @Override
    public String toString() {
        return fixed != null ? "AutoMultivariateNormal(fixed)" : "AutoMultivariateNormal(initScale=" + initScale + ")";
    }
}
