package dev.trellis.samples.schools;

import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Site;
import dev.trellis.runtime.distributions.HalfCauchy;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The seed tutorial's mean-field guide for {@link EightSchools}, parameter for parameter: Normal for {@code mu0} and
 * each {@code theta}, and a HalfCauchy for {@code tau} whose scale is the parameter {@code tau_loc}. (A HalfCauchy
 * guide puts mass near tau = 0, where the model's log density of theta diverges: its ELBO is minus infinity in
 * expectation, so this guide fits poorly, as it does in Pyro.)
 */
@Guide(EightSchools.class)
public class SeedGuide {
    private final int schools;

    /** A guide for {@code schools} schools. */
    public SeedGuide(int schools) {
        this.schools = schools;
    }

    @Param(name = "mu0_loc")
    Tensor mu0Loc() {
        return Tensor.scalar(0.0);
    }

    @Param(name = "mu0_scale", constraint = "positive")
    Tensor mu0Scale() {
        return Tensor.scalar(1.0);
    }

    @Param(name = "tau_loc", constraint = "positive")
    Tensor tauLoc() {
        return Tensor.scalar(1.0);
    }

    @Param(name = "theta_loc")
    Tensor thetaLoc() {
        return Tensor.zeros(schools);
    }

    @Param(name = "theta_scale", constraint = "positive")
    Tensor thetaScale() {
        return Tensor.ones(schools);
    }

    @Sample
    Normal mu0(@Site("mu0_loc") Tensor loc, @Site("mu0_scale") Tensor scale) {
        return Normal.of(loc, scale);
    }

    @Sample
    HalfCauchy tau(@Site("tau_loc") Tensor scale) {
        return HalfCauchy.of(scale);
    }

    @Sample @Plate("schools")
    Normal theta(@Site("theta_loc") Tensor loc, @Site("theta_scale") Tensor scale) {
        return Normal.of(loc, scale);
    }
}
