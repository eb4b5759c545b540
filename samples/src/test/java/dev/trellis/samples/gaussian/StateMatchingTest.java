package dev.trellis.samples.gaussian;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Matching fitted states to true ones (a relabelled copy of the truth is matched back to it exactly, with the same
 * likelihood and posterior), and the random start.
 */
class StateMatchingTest {

    /** The truth with state k renamed {@code perm[k]}. */
    private static Map<String, Tensor> permuted(Map<String, Tensor> truth, int[] perm) {
        int k = perm.length;
        double[] init = new double[k];
        double[] locs = new double[k];
        double[] scales = new double[k];
        double[][] transition = new double[k][k];
        for (int i = 0; i < k; i++) {
            init[perm[i]] = truth.get("probs_init").get(i);
            locs[perm[i]] = truth.get("locs").get(i);
            scales[perm[i]] = truth.get("scales").get(i);
            for (int j = 0; j < k; j++) {
                transition[perm[i]][perm[j]] = truth.get("probs_x").get(i, j);
            }
        }
        Map<String, Tensor> renamed = new LinkedHashMap<>();
        renamed.put("probs_init", Tensor.vector(init));
        renamed.put("probs_x", Tensor.matrix(transition));
        renamed.put("locs", Tensor.vector(locs));
        renamed.put("scales", Tensor.vector(scales));
        return renamed;
    }

    @Test
    void aRelabelledTruthIsMatchedBackToTheTrueLabels() {
        GaussianTruth truth = GaussianTruth.simulate(4, 60, 5);
        int[] perm = {2, 0, 3, 1};
        Map<String, Tensor> renamed = permuted(truth.params(), perm);

        StateMatching matching = StateMatching.byMeans(renamed.get("locs").toArray(),
                truth.params().get("locs").toArray());

        for (int k = 0; k < 4; k++) {
            assertEquals(k, matching.toTrue()[perm[k]], "renamed state " + perm[k]);
        }
        Map<String, Tensor> back = matching.relabel(renamed);
        for (String name : truth.params().keySet()) {
            assertArrayEquals(truth.params().get(name).toArray(), back.get(name).toArray(), 0.0, name);
        }
        // Renaming states changes neither the likelihood nor, up to the names, the posterior.
        GaussianHmm model = new GaussianHmm(4);
        var original = new GaussianHmmInference(model, truth.params());
        var relabelled = new GaussianHmmInference(model, renamed);
        double[] y = truth.series();
        assertRelative(original.logLikelihood(y), relabelled.logLikelihood(y), 1e-12, "log-likelihood");
        assertArrayEquals(original.viterbi(y).x(), matching.relabel(relabelled.viterbi(y).x()), "MAP path");
        double[][] marginals = matching.relabel(relabelled.marginals(y).x());
        double[][] expected = original.marginals(y).x();
        for (int t = 0; t < y.length; t++) {
            assertArrayEquals(expected[t], marginals[t], 1e-12, "marginals at " + t);
        }
    }

    @Test
    void accuracyAndArgmaxCountAgreeingSteps() {
        assertEquals(0.75, StateMatching.accuracy(new int[] {0, 1, 2, 2}, new int[] {0, 1, 2, 0}));
        assertArrayEquals(new int[] {1, 0, 2}, StateMatching.argmax(
                new double[][] {{0.2, 0.7, 0.1}, {0.5, 0.5, 0.0}, {0.1, 0.1, 0.8}}));
    }

    @Test
    void theRandomStartTakesDistinctReadingsAndKnowsNothingOfTheTruth() {
        double[] series = GaussianTruth.simulate(3, 200, 8).series();
        Map<String, Tensor> start = GaussianHmmFit.randomStart(series, 3, 8);
        double[] locs = start.get("locs").toArray();
        for (double loc : locs) {
            assertEquals(1, Arrays.stream(series).filter(v -> v == loc).count(), "a reading: " + loc);
        }
        assertEquals(3, Arrays.stream(locs).distinct().count());
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, start.get("probs_init").toArray(), 1e-15);
        // Another seed starts elsewhere.
        double[] other = GaussianHmmFit.randomStart(series, 3, 9).get("locs").toArray();
        assertFalse(Arrays.equals(locs, other));
    }
}
