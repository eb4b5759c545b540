package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import java.util.function.Predicate;

/**
 * Pyro's {@code AutoDiagonalNormal}: an independent normal on each entry of the latent vector of
 * {@link AutoContinuous}, {@code Normal(loc, scale).to_event(1)}.
 *
 * <p>Parameters, as Pyro names them: {@code AutoDiagonalNormal.loc} (real, the unconstrained init values) and
 * {@code AutoDiagonalNormal.scale} ({@code softplus_positive}, {@code init_scale} = 0.1 for every entry). Defaults as
 * Pyro: {@link InitStrategy#median()} and init scale 0.1.
 *
 * <p>Thread-safe whenever its model program is: the prototype run that finds the model's sites happens once (a volatile
 * field; two threads racing to make it make the same one), and runs read and write only their context.
 */
public final class AutoDiagonalNormal extends AutoContinuous {

    private final double initScale;

    /** A guide for every latent site of {@code model}, with Pyro's defaults. */
    public AutoDiagonalNormal(Program model) {
        this(model, InitStrategy.median(), 0.1, name -> true);
    }

    private AutoDiagonalNormal(Program model, InitStrategy init, double initScale, Predicate<String> exposed) {
        super(model, init, exposed);
        this.initScale = InitScales.require(getClass().getSimpleName(), initScale);
    }

    /** {@return a guide like this one (not yet run) that starts its location from {@code init}} */
    public AutoDiagonalNormal withInit(InitStrategy init) {
        return new AutoDiagonalNormal(model(), init, initScale, exposed());
    }

    /** {@return a guide like this one (not yet run) whose scales start at {@code initScale}} */
    public AutoDiagonalNormal withInitScale(double initScale) {
        return new AutoDiagonalNormal(model(), init(), initScale, exposed());
    }

    /** {@return a guide like this one (not yet run) that covers only the latent sites {@code exposed} accepts} */
    public AutoDiagonalNormal exposing(Predicate<String> exposed) {
        return new AutoDiagonalNormal(model(), init(), initScale, exposed);
    }

    /**
     * {@return the scale of each entry of the latent vector}
     *
     * @param store the trained parameters
     */
    public Tensor scale(ParamStore store) {
        latentSites();
        return ParamValues.constrained(store, paramName("scale"));
    }

    /** {@return the covariance of the latent vector, {@code diag(scale^2)}} */
    public Tensor covariance(ParamStore store) {
        return scale(store).square().unsqueeze(-1).mul(Tensor.eye(latentDim()));
    }

    @Override
    Distribution latentPosterior(SampleContext context, Tensor initialLoc) {
        Tensor loc = context.param(paramName("loc"), initialLoc, new Constraint.Real());
        Tensor scale = context.param(paramName("scale"), () -> Tensor.full(initScale, initialLoc.shape()),
                new Constraint.SoftplusPositive());
        return Normal.of(loc, scale).toEvent(1);
    }

    @Override
    public String toString() {
        return "AutoDiagonalNormal(initScale=" + initScale + ")";
    }
}
