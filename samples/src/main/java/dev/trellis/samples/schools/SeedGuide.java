package dev.trellis.samples.schools;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
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
@Dim(name = "schools", from = "schools")
public class SeedGuide {
    final int schools;

    /** A guide for {@code schools} schools. */
    public SeedGuide(int schools) {
        this.schools = schools;
    }

    @Param(name = "mu0_loc") @Shape("")
    Tensor mu0Loc() {
        return Tensor.scalar(0.0);
    }

    @Param(name = "mu0_scale", constraint = "positive") @Shape("")
    Tensor mu0Scale() {
        return Tensor.scalar(1.0);
    }

    @Param(name = "tau_loc", constraint = "positive") @Shape("")
    Tensor tauLoc() {
        return Tensor.scalar(1.0);
    }

    @Param(name = "theta_loc") @Shape("schools")
    Tensor thetaLoc() {
        return Tensor.zeros(schools);
    }

    @Param(name = "theta_scale", constraint = "positive") @Shape("schools")
    Tensor thetaScale() {
        return Tensor.ones(schools);
    }

    @Sample @Shape
    Normal mu0(@Site("mu0_loc") @Shape("") Tensor loc, @Site("mu0_scale") @Shape("") Tensor scale) {
        return Normal.of(loc, scale);
    }

    @Sample @Shape
    HalfCauchy tau(@Site("tau_loc") @Shape("") Tensor scale) {
        return HalfCauchy.of(scale);
    }

    @Sample @Plate("schools") @Shape
    Normal theta(@Site("theta_loc") @Shape("schools") Tensor loc, @Site("theta_scale") @Shape("schools") Tensor scale) {
        return Normal.of(loc, scale);
    }
}
