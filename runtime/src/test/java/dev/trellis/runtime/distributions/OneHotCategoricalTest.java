package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OneHotCategoricalTest {

    @Test
    void matchesEveryGoldenRecord() {
        GoldenRecords.checkAll("OneHotCategorical", c -> c.hasParam("probs") ? OneHotCategorical.of(c.param("probs"))
                : OneHotCategorical.ofLogits(c.param("logits")), Map.of());
    }

    @Test
    void aZeroProbabilityCategoryIsImpossibleAsInCategorical() {
        // Deviation (a), shared with Categorical: torch would give log(eps) = -36.04.
        OneHotCategorical d = OneHotCategorical.of(Tensor.vector(0.5, 0.5, 0.0));
        assertEquals(Double.NEGATIVE_INFINITY, d.logProb(Tensor.vector(0, 0, 1)).item());
        assertEquals(Math.log(2), d.entropy().item(), 1e-15);
    }

    @Test
    void gradientsReachLogitsThroughMeanVarianceAndLogProb() {
        Tensor logits = Tensor.matrix(new double[][] {{0.1, -1.2, 2.0}, {3.0, 0.0, -4.0}});
        Tensor values = Tensor.matrix(new double[][] {{0, 1, 0}, {1, 0, 0}});
        FiniteDifferences.assertGradient("logProb", l -> OneHotCategorical.ofLogits(l).logProb(values), logits);
        FiniteDifferences.assertGradient("variance", l -> OneHotCategorical.ofLogits(l).variance(), logits);
        FiniteDifferences.assertGradient("entropy", l -> OneHotCategorical.ofLogits(l).entropy(), logits);
    }

    @Test
    void samplesAreOneHotWithTheMean() {
        OneHotCategorical d = OneHotCategorical.of(Tensor.vector(0.2, 0.3, 0.5));
        Rng rng = Rng.seeded(9);
        double[] sums = new double[3];
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            Tensor draw = d.sample(rng);
            assertEquals(0.0, d.logProb(draw).item() - d.categorical().logProb((int) draw.argMax(0).item()), 0.0);
            double[] x = draw.toArray();
            for (int k = 0; k < 3; k++) {
                sums[k] += x[k];
            }
        }
        // Standard errors sqrt(p (1 - p) / 20000) <= 0.0036; 5 of them: 0.018.
        assertArrayEquals(new double[] {0.2, 0.3, 0.5}, new double[] {sums[0] / draws, sums[1] / draws,
                sums[2] / draws}, 0.018);
    }

    @Test
    void shapesExpandAndToEvent() {
        OneHotCategorical rows = OneHotCategorical.of(Tensor.matrix(new double[][] {{0.1, 0.9}, {0.6, 0.4}}));
        assertArrayEquals(new int[] {2}, rows.batchShape());
        assertArrayEquals(new int[] {2}, rows.eventShape());
        assertArrayEquals(new int[] {2, 2}, rows.sample(Rng.seeded(1)).shape());
        assertArrayEquals(new int[] {5, 2}, rows.logProb(Tensor.zeros(5, 1, 2).add(Tensor.vector(1, 0))).shape());
        Distribution expanded = rows.expand(3, 2);
        assertArrayEquals(new int[] {3, 2, 2}, expanded.sample(Rng.seeded(2)).shape());
        Distribution joint = rows.toEvent(1);
        assertEquals(Math.log(0.9) + Math.log(0.6), joint.logProb(Tensor.matrix(new double[][] {{0, 1}, {1, 0}}))
                .item(), 1e-15);
        assertTrue(rows.isDiscrete());
    }

    @Test
    void aValueThatIsNotOneHotIsNamed() {
        OneHotCategorical d = OneHotCategorical.of(Tensor.vector(0.2, 0.3, 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.logProb(Tensor.vector(0, 1, 1)));
        assertEquals("value[0] = 0.0 is outside the support one_hot of OneHotCategorical(probs=[0.2, 0.3, 0.5])",
                e.getMessage());
    }
}
