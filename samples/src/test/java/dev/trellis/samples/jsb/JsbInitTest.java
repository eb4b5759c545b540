package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** hmm.py's starting tables, in distribution: AutoDelta's init_to_median, and hmm2's torch.rand. */
class JsbInitTest {
    private static final int TONES = 51;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JsbModel.class, names = "HMM2", mode = EnumSource.Mode.EXCLUDE)
    void transitionRowsAreUniformAsInitToFeasible(JsbModel model) {
        Map<String, Tensor> init = JsbInit.hmmPy(model, TONES, 3);
        for (JsbModel.Parameter parameter : model.parameters(TONES)) {
            Tensor value = init.get(parameter.name());
            assertArrayEquals(parameter.shape(), value.shape(), parameter.name());
            assertTrue(parameter.constraint().firstViolation(value).isEmpty(), parameter.name());
            if (parameter.constraint() instanceof Constraint.Simplex) {
                double uniform = 1.0 / parameter.shape()[parameter.shape().length - 1];
                assertTrue(Arrays.stream(value.toArray()).allMatch(p -> p == uniform), parameter.name());
            }
        }
    }

    /**
     * Each emission probability is the median of 15 Beta(0.1, 0.9) draws, so it falls below the prior's median with
     * probability exactly 1/2 (at least 8 of 15 draws below it, a symmetric binomial event). Over 816 independent
     * entries the fraction below has standard error sqrt(1/4 / 816) = 0.0175; the bound is 4 of them. The prior's
     * median comes from a quadrature of its CDF here, not from any sampler.
     */
    @Test
    void emissionProbabilitiesAreMediansOfFifteenPriorDraws() {
        double median = betaPointOneMedian();
        double[] probsY = JsbInit.hmmPy(JsbModel.HMM, TONES, 7).get("probs_y").toArray();
        double below = Arrays.stream(probsY).filter(p -> p < median).count() / (double) probsY.length;
        assertEquals(0.5, below, 4 * Math.sqrt(0.25 / probsY.length), "fraction below the prior median " + median);
        assertTrue(Arrays.stream(probsY).allMatch(p -> p > 0 && p < 1));
    }

    /**
     * nnhmm: the network's parameters are torch's default initialisation, each uniform on
     * {@code [-1/sqrt(fan_in), 1/sqrt(fan_in))} with the fan-in of its layer (a Linear's inputs, the convolution's
     * in-channels times kernel), and reproducible from the seed.
     */
    @Test
    void nnhmmNetworkStartsFromTorchsDefaultInitialisation() {
        Map<String, Tensor> init = JsbInit.hmmPy(JsbModel.NNHMM, TONES, 4);
        Map<String, Integer> fanIn = Map.of("x_to_hidden", 16, "y_to_hidden", 2 * TONES, "conv", 3,
                "hidden_to_logits", 48);
        fanIn.forEach((layer, fan) -> {
            for (String parameter : new String[] {"weight", "bias"}) {
                double[] values = init.get(TonesGenerator.storeName(layer + "." + parameter)).toArray();
                double bound = 1 / Math.sqrt(fan);
                assertTrue(Arrays.stream(values).allMatch(v -> v >= -bound && v < bound), layer + "." + parameter);
                assertTrue(Arrays.stream(values).map(Math::abs).max().orElseThrow() > bound / 2, layer + "." + parameter);
            }
        });
        assertEquals(init.get(TonesGenerator.storeName("conv.weight")), JsbInit.hmmPy(JsbModel.NNHMM, TONES, 4)
                .get(TonesGenerator.storeName("conv.weight")));
        assertTrue(init.get(TonesGenerator.storeName("conv.bias")).get(0) != JsbInit.hmmPy(JsbModel.NNHMM, TONES, 5)
                .get(TonesGenerator.storeName("conv.bias")).get(0), "seeded");
    }

    /** hmm2: torch.rand entries (mean 1/2, sd sqrt(1/12)); 4 standard errors over 816 entries. */
    @Test
    void hmm2StartsFromUniformDrawsWithNormalisedRows() {
        Map<String, Tensor> init = JsbInit.hmmPy(JsbModel.HMM2, TONES, 1);
        double[] rowSums = init.get("probs_x").sum(-1, false).toArray();
        assertTrue(Arrays.stream(rowSums).allMatch(s -> Math.abs(s - 1) < 1e-12), "rows sum to 1");
        double[] probsY = init.get("probs_y").toArray();
        assertEquals(0.5, Arrays.stream(probsY).average().orElseThrow(), 4 * Math.sqrt(1.0 / 12 / probsY.length));
        assertTrue(JsbInit.hmmPy(JsbModel.HMM2, TONES, 2).get("probs_y").get(0, 0) != probsY[0], "seeded");
    }

    /**
     * The median m of Beta(0.1, 0.9): with x = u^10 the CDF is (10 / B) * integral_0^{m^0.1} (1 - u^10)^-0.1 du, a
     * smooth integrand, with B = B(0.1, 0.9) = pi / sin(0.1 pi). Simpson's rule with 2000 panels and bisection.
     */
    private static double betaPointOneMedian() {
        double beta = Math.PI / Math.sin(0.1 * Math.PI);
        double lo = 0;
        double hi = 1;
        for (int iteration = 0; iteration < 60; iteration++) {
            double mid = (lo + hi) / 2;
            double upper = Math.pow(mid, 0.1);
            int panels = 2000;
            double h = upper / panels;
            double sum = 0;
            for (int i = 0; i <= panels; i++) {
                double f = Math.pow(1 - Math.pow(i * h, 10), -0.1);
                sum += f * (i == 0 || i == panels ? 1 : i % 2 == 1 ? 4 : 2);
            }
            double cdf = 10 / beta * sum * h / 3;
            if (cdf < 0.5) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
