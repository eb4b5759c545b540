package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ExpTransform;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the ELBOs and autoguides ask a distribution before using it: whether it has a reparameterised sampler (torch's
 * {@code has_rsample}: a reparameterised gradient, else the score-function estimator) and whether its support is
 * discrete (enumerable, never given an autoguide). Each family as torch 2.x declares it; the wrappers (expand,
 * to_event, mask, a transform) answer as their base, for a discrete and a reparameterised base alike.
 */
class FamilyCapabilitiesTest {

    static Stream<Arguments> families() {
        Tensor loc = Tensor.vector(0.0, 1.0);
        return Stream.of(
                family(Bernoulli.of(0.3), false, true),
                family(Binomial.of(4, 0.3), false, true),
                family(Categorical.ofProbs(0.2, 0.8), false, true),
                family(Geometric.of(0.3), false, true),
                family(OneHotCategorical.of(Tensor.vector(0.2, 0.8)), false, true),
                family(Poisson.of(2.0), false, true),
                family(Beta.of(2.0, 3.0), true, false),
                family(Cauchy.of(0.0, 1.0), true, false),
                family(Delta.of(1.5), true, false),
                family(Dirichlet.of(1.0, 2.0), true, false),
                family(Exponential.of(2.0), true, false),
                family(Gamma.of(2.0, 3.0), true, false),
                family(HalfCauchy.of(1.0), true, false),
                family(HalfNormal.of(1.0), true, false),
                family(Laplace.of(0.0, 1.0), true, false),
                family(LogNormal.of(0.0, 1.0), true, false),
                family(LowRankMultivariateNormal.of(loc, Tensor.matrix(new double[][] {{1.0}, {0.5}}),
                        Tensor.vector(1.0, 2.0)), true, false),
                family(MultivariateNormal.of(loc, Tensor.eye(2)), true, false),
                family(Normal.of(0.0, 1.0), true, false),
                family(StudentT.of(3.0, 0.0, 1.0), true, false),
                family(Uniform.of(0.0, 1.0), true, false),
                family(Factor.of(Tensor.scalar(-1.5)), false, false));
    }

    private static Arguments family(Distribution d, boolean hasRsample, boolean discrete) {
        return Arguments.of(d.getClass().getSimpleName(), d, hasRsample, discrete);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void each_family_declares_torchs_reparameterisation_and_discreteness(String name, Distribution d,
            boolean hasRsample, boolean discrete) {
        assertEquals(hasRsample, d.hasRsample(), name + " has_rsample");
        assertEquals(discrete, d.isDiscrete(), name + " discrete");
        if (!hasRsample) {
            var e = assertThrows(UnsupportedOperationException.class, () -> d.rsample(Rng.seeded(1)));
            assertTrue(e.getMessage().contains("has no reparameterised sampler"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void expanded_reinterpreted_and_masked_distributions_answer_as_their_base(String name, Distribution d,
            boolean hasRsample, boolean discrete) {
        if (d instanceof Factor) {
            return;
        }
        Distribution batch = d.expand(append(d.batchShape(), 3));
        for (Distribution wrapped : List.of(batch, batch.toEvent(1), batch.mask(Tensor.vector(1, 0, 1)),
                d.expand(append(d.batchShape(), 2)).expand(append(append(d.batchShape(), 4), 2)))) {
            assertEquals(hasRsample, wrapped.hasRsample(), wrapped + " has_rsample");
            assertEquals(discrete, wrapped.isDiscrete(), wrapped + " discrete");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reparameterisedAndNot")
    void a_transformed_distribution_is_reparameterised_exactly_when_its_base_is(Distribution base,
            boolean hasRsample) {
        TransformedDistribution pushed = TransformedDistribution.of(base, new ExpTransform(),
                new Constraint.Positive());
        assertEquals(hasRsample, pushed.hasRsample());
        assertEquals(false, pushed.isDiscrete());
    }

    static Stream<Arguments> reparameterisedAndNot() {
        return Stream.of(Arguments.of(Normal.of(0.0, 1.0), true), Arguments.of(Poisson.of(2.0), false));
    }

    private static int[] append(int[] shape, int size) {
        int[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = size;
        return out;
    }
}
