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
 * The eight schools of the seed tutorial, centred: a population mean {@code mu0} and spread {@code tau}, each
 * school's true effect {@code theta} drawn around them, and each school's measured effect {@code y} with its known
 * standard error {@code sigma}.
 *
 * <pre>
 * mu0 ~ Normal(0, 5);  tau ~ HalfCauchy(5)
 * for each school i:  theta_i ~ Normal(mu0, tau);  y_i ~ Normal(theta_i, sigma_i)
 * </pre>
 */
@Model
@Dim(name = "schools", from = "schools")
public class EightSchools {
    /** The measured treatment effects of the seed's data. */
    public static final Tensor Y = Tensor.vector(28, 8, -3, 7, -1, 1, 18, 12);
    /** Their standard errors. */
    public static final Tensor SIGMA = Tensor.vector(15, 10, 16, 11, 9, 11, 10, 18);

    private final Tensor sigma;

    /** The model for schools whose measurements have the standard errors {@code sigma}. */
    public EightSchools(Tensor sigma) {
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
    Normal theta(@Shape("") Tensor mu0, @Shape("") Tensor tau) {
        return Normal.of(mu0, tau);
    }

    @Sample @Plate("schools") @Observed @Shape
    Normal y(@Shape("schools") Tensor theta) {
        return Normal.of(theta, sigma);
    }
}
