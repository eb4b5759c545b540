package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CategoricalTest {

    /** Deviation (a): torch clamps probabilities to [eps, 1 - eps]; a zero-probability category is impossible. */
    private static final Map<Integer, GoldenRecords.Deviation> DEVIATIONS = Map.of(
            72, new GoldenRecords.Deviation("(a) zero-probability category", Double.NEGATIVE_INFINITY, null));

    /** Deviation (c): torch divides probs by their sum before validating; Trellis rejects an unnormalised row. */
    private static final int UNNORMALISED_RECORD = 71;

    @Test
    void matchesEveryGoldenRecordExceptExactZerosAndUnnormalisedProbs() {
        GoldenDistributions.Case unnormalised = GoldenDistributions.cases("Categorical").stream()
                .filter(c -> c.index() == UNNORMALISED_RECORD).findFirst().orElseThrow();
        assertEquals(Tensor.vector(1, 2, 3), unnormalised.param("probs"));
        assertMessage("probs sum to 6.0, not 1 (tolerance 1e-6)", () -> Categorical.of(unnormalised.param("probs")));
        GoldenRecords.checkAll("Categorical", c -> c.index() == UNNORMALISED_RECORD
                ? Categorical.of(c.param("probs").div(6.0)) // the normalised vector torch used: same values
                : c.hasParam("probs") ? Categorical.of(c.param("probs")) : Categorical.ofLogits(c.param("logits")),
                DEVIATIONS);
    }

    @Test
    void aBatchOfRowsGathersOneLogProbabilityPerRow() {
        Categorical rows = Categorical.of(Tensor.matrix(new double[][] {{0.1, 0.9}, {0.6, 0.4}}));
        assertArrayEquals(new int[] {2}, rows.batchShape());
        assertArrayEquals(new double[] {Math.log(0.9), Math.log(0.6)}, rows.logProb(Tensor.vector(1, 0)).toArray(),
                1e-15);
        // A value of shape [3, 1] broadcasts against the batch [2]: sample shape [3, 2].
        Tensor logProb = rows.logProb(Tensor.matrix(new double[][] {{0}, {1}, {0}}));
        assertArrayEquals(new int[] {3, 2}, logProb.shape());
        assertArrayEquals(new double[] {Math.log(0.1), Math.log(0.6), Math.log(0.9), Math.log(0.4), Math.log(0.1),
                Math.log(0.6)}, logProb.toArray(), 1e-15);
        assertArrayEquals(new int[] {2}, rows.sample(Rng.seeded(1)).shape());
        assertArrayEquals(new int[] {2}, rows.entropy().shape());
        assertEquals(2, rows.supportSize());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> rows.logProb(1));
        assertEquals("logProb(int) needs a Categorical with batch shape [], this one has batch shape [2]; use "
                + "logProb(Tensor) or sample(Rng)", e.getMessage());
        assertMessage("probs[0] = -0.1 is negative (in row 1, row-major, of the batch of shape [2])",
                () -> Categorical.of(Tensor.matrix(new double[][] {{0.5, 0.5}, {-0.1, 1.1}})));
    }

    @Test
    void gradientsReachProbsAndLogits() {
        // Training a transition matrix: the gradient of log p(next | previous) with respect to the rows. A finite
        // difference leaves the simplex, which Categorical rejects, so the probabilities are renormalised first.
        Tensor values = Tensor.vector(2, 0);
        FiniteDifferences.assertGradient("probs", p -> Categorical.of(onSimplex(p)).logProb(values),
                Tensor.matrix(new double[][] {{0.2, 0.3, 0.5}, {0.6, 0.1, 0.3}}));
        FiniteDifferences.assertGradient("logits", l -> Categorical.ofLogits(l).logProb(values),
                Tensor.matrix(new double[][] {{0.1, -1.2, 2.0}, {3.0, 0.0, -4.0}}));
        FiniteDifferences.assertGradient("unbatched probs",
                p -> Categorical.of(onSimplex(p)).logProb(Tensor.vector(0, 2, 2)), Tensor.vector(0.2, 0.3, 0.5));
        FiniteDifferences.assertGradient("entropy of probs", p -> Categorical.of(onSimplex(p)).entropy(),
                Tensor.vector(0.2, 0.3, 0.5));
        FiniteDifferences.assertGradient("entropy of logits", l -> Categorical.ofLogits(l).entropy(),
                Tensor.matrix(new double[][] {{0.1, -1.2, 2.0}, {3.0, 0.0, -4.0}}));
    }

    @Test
    void aZeroProbabilityThatIsNotObservedGivesNoNanGradient() {
        Tensor probs = Tensor.variable(Tensor.vector(0.5, 0.5, 0.0));
        Tensor logProb = Categorical.of(probs).logProb(Tensor.vector(0, 1)).sum();
        // d/dp_j sum_i log(p_{v_i} / S) = [j observed] / p_j - 2 / S with S = 1.
        assertArrayEquals(new double[] {0.0, 0.0, -2.0}, Autodiff.gradients(logProb).of(probs).toArray(), 1e-15);
        Tensor logits = Tensor.variable(Tensor.vector(0.0, Double.NEGATIVE_INFINITY, 1.0));
        Tensor entropy = Categorical.ofLogits(logits).entropy();
        for (double g : Autodiff.gradients(entropy).of(logits).toArray()) {
            assertTrue(!Double.isNaN(g), "entropy gradient " + g);
        }
    }

    @Test
    void batchedSamplesFollowEachRow() {
        Categorical rows = Categorical.of(Tensor.matrix(new double[][] {{0.1, 0.9}, {0.7, 0.3}}));
        Rng rng = Rng.seeded(5);
        double[] ones = new double[2];
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            double[] draw = rows.sample(rng).toArray();
            ones[0] += draw[0];
            ones[1] += draw[1];
        }
        // Standard errors sqrt(0.09 / 20000) = 0.0021 and sqrt(0.21 / 20000) = 0.0032; 5 of them: 0.011, 0.016.
        assertEquals(0.9, ones[0] / draws, 0.011);
        assertEquals(0.3, ones[1] / draws, 0.016);
    }

    @Test
    void logProbIsTheLogOfTheProbabilityAsInTorch() {
        // Golden value from distributions.json: Categorical(probs=[0.2, 0.3, 0.5]).log_prob(2).
        Categorical categorical = Categorical.ofProbs(0.2, 0.3, 0.5);
        assertEquals(-0.6931471805599453, categorical.logProb(2), 0.0);
        assertEquals(Math.log(0.2), categorical.logProb(0), 0.0);
        assertEquals(3, categorical.numCategories());
        assertEquals(3, categorical.supportSize());
        double[] table = new double[3];
        categorical.logProbsInto(table);
        assertArrayEquals(new double[] {Math.log(0.2), Math.log(0.3), Math.log(0.5)}, table, 0.0);
    }

    @Test
    void aZeroProbabilityHasLogProbMinusInfinity() {
        Categorical categorical = Categorical.ofProbs(0.5, 0.5, 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, categorical.logProb(2));
    }

    @Test
    void acceptedProbabilitiesAreDividedByTheirSum() {
        double off = 1 + 5e-7;
        Categorical categorical = Categorical.ofProbs(0.25 * off, 0.75 * off);
        assertArrayEquals(new double[] {0.25, 0.75}, categorical.probs(), 1e-16);
        assertEquals(Math.log(0.25), categorical.logProb(0), 1e-15);
        Categorical fromTensor = Categorical.of(Tensor.vector(0.1, 0.2, 0.7));
        assertArrayEquals(new double[] {0.1, 0.2, 0.7}, fromTensor.probs(), 1e-16);
    }

    @Test
    void probsAreRejectedNamingTheIndexAndValue() {
        assertMessage("probs[2] = -0.1 is negative", () -> Categorical.ofProbs(0.6, 0.5, -0.1));
        assertMessage("probs[1] is NaN", () -> Categorical.ofProbs(0.5, Double.NaN, 0.5));
        assertMessage("probs[0] = Infinity is not finite", () -> Categorical.ofProbs(Double.POSITIVE_INFINITY, 0.5));
        assertMessage("probs[1] = -Infinity is not finite", () -> Categorical.ofProbs(1.0, Double.NEGATIVE_INFINITY));
        assertMessage("probs is empty; a Categorical needs at least one category", Categorical::ofProbs);
        assertMessage("probs needs a last dimension holding the categories, got a scalar",
                () -> Categorical.of(Tensor.scalar(1.0)));
    }

    @Test
    void probsMustSumToOneWithinTorchsTolerance() {
        assertMessage("probs sum to 0.9, not 1 (tolerance 1e-6)", () -> Categorical.ofProbs(0.4, 0.5));
        assertMessage("probs sum to 6.0, not 1 (tolerance 1e-6)", () -> Categorical.ofProbs(1, 2, 3));
        assertMessage("probs sum to 0.0, not 1 (tolerance 1e-6)", () -> Categorical.ofProbs(0.0, 0.0));
        // 2^-19 ~ 1.9e-6 keeps the sum exact, so the message shows the sum itself.
        assertMessage("probs sum to 1.0000019073486328, not 1 (tolerance 1e-6)",
                () -> Categorical.ofProbs(0.5, 0.5 + 0x1p-19));
        Categorical.ofProbs(0.5, 0.5 + 9e-7);
        Categorical.ofProbs(0.5, 0.5 - 9e-7);
    }

    @Test
    void logitsGiveTheSoftmaxAndExactLogProbabilities() {
        // Golden values from distributions.json.
        assertEquals(-3.3742312711777673, Categorical.ofLogits(0.1, -1.2, 2.0).logProb(1), 1e-15);
        Categorical withMinusInfinity = Categorical.ofLogits(0.0, Double.NEGATIVE_INFINITY, 1.0);
        assertEquals(Double.NEGATIVE_INFINITY, withMinusInfinity.logProb(1));
        assertEquals(0.0, withMinusInfinity.probs()[1]);
        double e = Math.E;
        assertArrayEquals(new double[] {1 / (1 + e), 0.0, e / (1 + e)}, withMinusInfinity.probs(), 1e-16);
        Categorical large = Categorical.ofLogits(1000.0, 0.0);
        assertEquals(-1000.0, large.logProb(1), 0.0);
        assertEquals(0.0, large.logProb(0), 0.0);
        assertArrayEquals(new double[] {1.0, 0.0}, large.probs(), 0.0);
    }

    @Test
    void logitsAreRejectedNamingTheIndex() {
        assertMessage("logits[1] is NaN", () -> Categorical.ofLogits(0.0, Double.NaN));
        assertMessage("logits[0] = Infinity; logits must be finite or -Infinity (probability 0)",
                () -> Categorical.ofLogits(Double.POSITIVE_INFINITY, 0.0));
        assertMessage("every logit is -Infinity; at least one category needs a finite logit",
                () -> Categorical.ofLogits(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertMessage("logits is empty; a Categorical needs at least one category", Categorical::ofLogits);
    }

    @Test
    void valuesOutsideTheSupportAreRejected() {
        Categorical categorical = Categorical.ofProbs(0.2, 0.3, 0.5);
        assertMessage("value 3 is outside the support 0..2 of Categorical(probs=[0.2, 0.3, 0.5])",
                () -> categorical.logProb(3));
        assertMessage("value -1 is outside the support 0..2 of Categorical(probs=[0.2, 0.3, 0.5])",
                () -> categorical.logProb(-1));
        assertMessage("out has length 2 but the Categorical has 3 categories",
                () -> categorical.logProbsInto(new double[2]));
    }

    @Test
    void samplesFollowTheProbabilities() {
        double[] probs = {0.1, 0.0, 0.25, 0.65};
        Categorical categorical = Categorical.ofProbs(probs);
        Rng rng = Rng.seeded(2024);
        int draws = 100_000;
        long[] counts = new long[probs.length];
        for (int i = 0; i < draws; i++) {
            counts[categorical.sampleValue(rng)]++;
        }
        assertEquals(0, counts[1], "a zero-probability category was drawn");
        double statistic = 0.0;
        for (int k : new int[] {0, 2, 3}) {
            double expected = probs[k] * draws;
            statistic += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        double pValue = 1.0 - new ChiSquaredDistribution(2).cumulativeProbability(statistic);
        assertTrue(pValue > 1e-3, "chi-square p-value " + pValue);
    }

    @Test
    void theUnbatchedFastPathsRefuseABatch() {
        Categorical batch = Categorical.of(Tensor.matrix(new double[][] {{0.25, 0.75}, {0.5, 0.5}}));
        IllegalStateException into = assertThrows(IllegalStateException.class, () -> batch.logProbsInto(new double[2]));
        assertEquals("logProbsInto needs a Categorical with batch shape [], this one has batch shape [2]; use "
                + "logProb(Tensor) or sample(Rng)", into.getMessage());
        IllegalStateException draw = assertThrows(IllegalStateException.class, () -> batch.sampleValue(Rng.seeded(1)));
        assertTrue(draw.getMessage().startsWith("sampleValue needs a Categorical with batch shape []"),
                draw.getMessage());
    }

    @Test
    void scalarLogitsHaveNoCategoryDimension() {
        assertMessage("logits needs a last dimension holding the categories, got a scalar",
                () -> Categorical.ofLogits(Tensor.scalar(0.5)));
    }

    private static Tensor onSimplex(Tensor weights) {
        return weights.div(weights.sum(-1, true));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
