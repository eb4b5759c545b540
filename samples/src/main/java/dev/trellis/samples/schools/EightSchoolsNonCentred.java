package dev.trellis.samples.schools;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.runtime.distributions.HalfCauchy;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The eight schools, non-centred: each school's effect is written {@code theta_i = mu0 + tau * eta_i} with a
 * standard-normal {@code eta_i}, the same posterior for mu0, tau and theta as {@link EightSchools} without the funnel
 * between tau and the thetas that makes the centred form hard for samplers and guides (the golden file's NUTS
 * reference is run on this form).
 *
 * <pre>
 * mu0 ~ Normal(0, 5);  tau ~ HalfCauchy(5)
 * for each school i:  eta_i ~ Normal(0, 1);  y_i ~ Normal(mu0 + tau * eta_i, sigma_i)
 * </pre>
 */
@Model
@Dim(name = "schools", from = "schools")
public class EightSchoolsNonCentred {
    private final Tensor sigma;

    /** The model for schools whose measurements have the standard errors {@code sigma}. */
    public EightSchoolsNonCentred(Tensor sigma) {
        this.sigma = sigma;
    }

    /** {@return the number of schools, the length of sigma} */
    int schools() {
        return sigma.size(0);
    }

    @Sample @Shape
    Normal mu0() {
        return Normal.of(0.0, 5.0);
    }

    @Sample @Shape
    HalfCauchy tau() {
        return HalfCauchy.of(5.0);
    }

    @Sample @Plate("schools") @Shape
    Normal eta() {
        return Normal.of(0.0, 1.0);
    }

    @Sample @Plate("schools") @Observed @Shape
    Normal y(@Shape("") Tensor mu0, @Shape("") Tensor tau, @Shape("schools") Tensor eta) {
        return Normal.of(theta(mu0, tau, eta), sigma);
    }

    /** {@return each school's effect mu0 + tau * eta} */
    public static Tensor theta(Tensor mu0, Tensor tau, Tensor eta) {
        return mu0.add(tau.mul(eta));
    }
}
