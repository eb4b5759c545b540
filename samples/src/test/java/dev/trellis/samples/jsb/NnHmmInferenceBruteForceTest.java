package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inference class generated from {@link NnHmm} on a small network (4 hidden states, 3 tones) and ragged sequences,
 * against the enumeration of every hidden path, each step scored by the network on that one step's previous notes:
 * the log-likelihood, every marginal, and the MAP path with its log joint. The generated code scores the steps in
 * blocks (batched evidence) and sums the chain out; the enumeration does neither.
 */
class NnHmmInferenceBruteForceTest {
    private static final int K = 4;
    private static final int TONES = 3;
    private static final List<double[][]> SEQUENCES = List.of(
            new double[][] {{1, 0, 1}, {0, 1, 1}, {1, 1, 0}},
            new double[][] {{0, 0, 1}},
            new double[][] {{1, 1, 1}, {0, 1, 0}, {0, 0, 0}, {1, 0, 0}},
            new double[][] {});

    private final TonesGenerator network = new TonesGenerator(K, TONES, 5, 2, Rng.seeded(17));
    private final Tensor probsX = rows(new java.util.Random(5));
    private final NnHmmInference inference = new NnHmmInference(new NnHmm(network), globals());

    @Test
    void theLikelihoodMarginalsAndMapPathAreThoseOfEveryPath() {
        double total = 0;
        for (int s = 0; s < SEQUENCES.size(); s++) {
            double[][] y = SEQUENCES.get(s);
            int paths = (int) Math.pow(K, y.length);
            double[] logJoint = new double[paths];
            double evidence = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int path = 0; path < paths; path++) {
                logJoint[path] = logJoint(y, states(path, y.length));
                evidence = logAdd(evidence, logJoint[path]);
                best = logJoint[path] > logJoint[best] ? path : best;
            }
            total += y.length == 0 ? 0 : evidence;
            if (y.length == 0) {
                continue;
            }
            double[][] marginals = inference.marginals(List.<double[][]>of(y)).x()[0];
            for (int t = 0; t < y.length; t++) {
                double[] expected = new double[K];
                for (int path = 0; path < paths; path++) {
                    expected[states(path, y.length)[t]] += Math.exp(logJoint[path] - evidence);
                }
                assertArrayEquals(expected, marginals[t], 1e-12, "sequence " + s + ", step " + t);
            }
            NnHmmInference.MapAssignment map = inference.viterbi(List.<double[][]>of(y));
            assertArrayEquals(states(best, y.length), map.x()[0], "sequence " + s);
            assertEquals(logJoint[best], map.logJoint(), 1e-12 * Math.abs(logJoint[best]), "sequence " + s);
        }
        double likelihood = inference.logLikelihood(SEQUENCES);
        assertEquals(total, likelihood, 1e-12 * Math.abs(total));
    }

    /** {@code log p(x, y)}: the chain from state 0, each step's notes from the network on the previous step's. */
    private double logJoint(double[][] y, int[] x) {
        double total = 0;
        int previous = 0;
        for (int t = 0; t < y.length; t++) {
            total += Math.log(probsX.get(previous, x[t]));
            double[] logits = network.logits(x[t], Tensor.of(t == 0 ? new double[TONES] : y[t - 1], TONES))
                    .detach().toArray();
            for (int d = 0; d < TONES; d++) {
                double on = 1 / (1 + Math.exp(-logits[d]));
                total += Math.log(y[t][d] == 1 ? on : 1 - on);
            }
            previous = x[t];
        }
        return total;
    }

    private static int[] states(int path, int length) {
        int[] x = new int[length];
        for (int t = length - 1; t >= 0; t--) {
            x[t] = path % K;
            path /= K;
        }
        return x;
    }

    private static double logAdd(double a, double b) {
        double max = Math.max(a, b);
        return max == Double.NEGATIVE_INFINITY ? max : max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }

    private Map<String, Tensor> globals() {
        Map<String, Tensor> globals = new LinkedHashMap<>();
        globals.put("probs_x", probsX);
        network.parameterValues().forEach((path, value) -> globals.put(TonesGenerator.storeName(path), value));
        return globals;
    }

    private static Tensor rows(java.util.Random random) {
        double[] values = new double[K * K];
        for (int i = 0; i < K; i++) {
            double sum = 0;
            for (int j = 0; j < K; j++) {
                values[i * K + j] = 0.1 + random.nextDouble();
                sum += values[i * K + j];
            }
            for (int j = 0; j < K; j++) {
                values[i * K + j] /= sum;
            }
        }
        return Tensor.of(values, K, K);
    }
}
