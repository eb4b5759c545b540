package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CategoricalTest {

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
        assertMessage("probs must be a rank-1 tensor, got shape [1, 2]",
                () -> Categorical.of(Tensor.matrix(new double[][] {{0.5, 0.5}})));
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

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
