package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ExpTransform;
import org.junit.jupiter.api.Test;

/**
 * The text a distribution gives of itself, which every support and parameter error embeds ("... is outside the
 * support ... of Normal(loc=0.0, scale=1.0)"): parameters shown in full while small, by shape once large; wrappers
 * as their base followed by what was done to it, in the order it was done.
 */
class DescriptionsTest {

    @Test
    void parameters_are_shown_in_full_up_to_sixteen_entries_then_by_shape() {
        assertEquals("Dirichlet(concentration=[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, "
                + "1.0, 1.0])", Dirichlet.of(Tensor.full(1.0, 16)).toString());
        assertEquals("Dirichlet(concentration=shape [17])", Dirichlet.of(Tensor.full(1.0, 17)).toString());
        assertEquals("Dirichlet(concentration=shape [2, 2, 2])", Dirichlet.of(Tensor.full(1.0, 2, 2, 2)).toString());
        assertEquals("Dirichlet(concentration=[[1.0, 2.0], [3.0, 4.0]])",
                Dirichlet.of(Tensor.matrix(new double[][] {{1, 2}, {3, 4}})).toString());
    }

    @Test
    void a_batched_categorical_shows_its_rows() {
        assertEquals("Categorical(probs=[0.25, 0.75])", Categorical.ofProbs(0.25, 0.75).toString());
        assertEquals("Categorical(probs=[[0.25, 0.75], [0.5, 0.5]])",
                Categorical.of(Tensor.matrix(new double[][] {{0.25, 0.75}, {0.5, 0.5}})).toString());
    }

    @Test
    void multivariate_families_name_their_parameters_as_torch() {
        Tensor loc = Tensor.vector(0.0, 1.0);
        assertEquals("MultivariateNormal(loc=[0.0, 1.0], scale_tril=[[1.0, 0.0], [0.5, 2.0]])",
                MultivariateNormal.of(loc, Tensor.matrix(new double[][] {{1, 0}, {0.5, 2}})).toString());
        assertEquals("LowRankMultivariateNormal(loc=[0.0, 1.0], cov_factor=[[1.0], [0.5]], cov_diag=[1.0, 2.0])",
                LowRankMultivariateNormal.of(loc, Tensor.matrix(new double[][] {{1}, {0.5}}), Tensor.vector(1, 2))
                        .toString());
    }

    @Test
    void wrappers_describe_their_base_then_what_was_done_to_it() {
        Distribution gamma = Gamma.of(2.0, 3.0);
        assertEquals("Gamma(concentration=2.0, rate=3.0).expand([2, 3])", gamma.expand(2, 3).toString());
        assertEquals("Gamma(concentration=2.0, rate=3.0).expand([2, 3]).toEvent(1)",
                gamma.expand(2, 3).toEvent(1).toString());
        assertEquals("Gamma(concentration=2.0, rate=3.0).expand([2, 3]).mask([3])",
                gamma.expand(2, 3).mask(Tensor.vector(1, 0, 1)).toString());
        assertEquals("TransformedDistribution(Normal(loc=0.0, scale=1.0), ExpTransform())",
                TransformedDistribution.of(Normal.of(0.0, 1.0), new ExpTransform(), new Constraint.Positive())
                        .toString());
    }

    @Test
    void a_refused_to_event_names_the_wrapped_distribution_and_its_batch() {
        var e = assertThrows(IllegalArgumentException.class, () -> Gamma.of(2.0, 3.0).expand(2).toEvent(2));
        assertEquals("toEvent(2) needs 0..1 batch dimensions to reinterpret, Gamma(concentration=2.0, rate=3.0)"
                + ".expand([2]) has batch shape [2]", e.getMessage());
    }
}
