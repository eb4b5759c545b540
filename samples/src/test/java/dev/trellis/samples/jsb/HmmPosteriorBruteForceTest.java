package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/**
 * The generated program's posterior queries (infer_discrete at temperature 0 and 1, marginals) on small random
 * instances of {@link Hmm}, against sums and maxima over every hidden path.
 */
class HmmPosteriorBruteForceTest {
    private static final int K = 3;
    private static final int D = 2;

    @Test
    void likelihoodViterbiAndMarginalsEqualEnumerationOverPaths() {
        Rng rng = Rng.seeded(77);
        for (int trial = 0; trial < 20; trial++) {
            Instance instance = Instance.random(rng, 1 + trial % 5);
            HmmInference posterior = instance.program().inference(instance.globals());
            for (int s = 0; s < instance.data.size(); s++) {
                Enumeration exact = instance.enumerate(s);
                List<double[][]> one = List.<double[][]>of(instance.data.get(s));
                assertEquals(exact.logEvidence, posterior.logLikelihood(one), 1e-12 * Math.abs(exact.logEvidence));
                HmmInference.MapAssignment map = posterior.viterbi(one);
                assertArrayEquals(exact.best, map.x()[0], "trial " + trial + " sequence " + s);
                assertEquals(exact.bestLogJoint, map.logJoint(), 1e-12 * Math.abs(exact.bestLogJoint));
                double[][] marginals = posterior.marginals(one).x()[0];
                for (int t = 0; t < exact.marginals.length; t++) {
                    assertArrayEquals(exact.marginals[t], marginals[t], 1e-12);
                }
            }
        }
    }

    @Test
    void posteriorSamplesFollowTheExactPathPosterior() {
        Instance instance = Instance.random(Rng.seeded(5), 3);
        HmmInference posterior = instance.program().inference(instance.globals());
        List<double[][]> first = List.<double[][]>of(instance.data.get(0));
        Enumeration exact = instance.enumerate(0);
        int draws = 30_000;
        Map<String, Integer> counts = new HashMap<>();
        Rng rng = Rng.seeded(2026);
        for (int i = 0; i < draws; i++) {
            counts.merge(java.util.Arrays.toString(posterior.samplePosterior(first, rng).x()[0]), 1, Integer::sum);
        }
        double chiSquare = 0;
        for (Map.Entry<String, Double> path : exact.pathProbabilities.entrySet()) {
            double expected = draws * path.getValue();
            double observed = counts.getOrDefault(path.getKey(), 0);
            chiSquare += (observed - expected) * (observed - expected) / expected;
        }
        int degrees = exact.pathProbabilities.size() - 1;
        double pValue = 1 - new ChiSquaredDistribution(degrees).cumulativeProbability(chiSquare);
        // Fixed seed: the test is deterministic; a sampler drawing from the wrong distribution gives p ~ 0 here.
        assertTrue(pValue > 1e-3, "chi-square " + chiSquare + " on " + degrees + " degrees, p = " + pValue);
    }

    /** Random tables and data: K states, D tones, sequences of 1..4 steps. */
    private record Instance(Tensor probsX, Tensor probsY, List<double[][]> data) {
        static Instance random(Rng rng, int sequences) {
            double[][] x = new double[K][K];
            for (double[] row : x) {
                double sum = 0;
                for (int j = 0; j < K; j++) {
                    row[j] = 0.05 + rng.nextDouble();
                    sum += row[j];
                }
                for (int j = 0; j < K; j++) {
                    row[j] /= sum;
                }
            }
            double[][] y = new double[K][D];
            for (double[] row : y) {
                for (int d = 0; d < D; d++) {
                    row[d] = 0.05 + 0.9 * rng.nextDouble();
                }
            }
            List<double[][]> data = new ArrayList<>();
            for (int s = 0; s < sequences; s++) {
                double[][] steps = new double[1 + rng.nextInt(4)][D];
                for (double[] step : steps) {
                    for (int d = 0; d < D; d++) {
                        step[d] = rng.nextDouble() < 0.5 ? 1 : 0;
                    }
                }
                data.add(steps);
            }
            return new Instance(Tensor.matrix(x), Tensor.matrix(y), data);
        }

        HmmProgram program() {
            return new HmmProgram(new Hmm(K, D), data);
        }

        Map<String, Tensor> globals() {
            return Map.of("probs_x", probsX, "probs_y", probsY);
        }

        /** Every path of sequence s: hmm.py model_1 starts from state 0 before the first step. */
        Enumeration enumerate(int s) {
            double[][] y = data.get(s);
            int steps = y.length;
            int paths = (int) Math.pow(K, steps);
            double[] logJoint = new double[paths];
            int[][] all = new int[paths][steps];
            for (int p = 0; p < paths; p++) {
                int code = p;
                for (int t = steps - 1; t >= 0; t--) {
                    all[p][t] = code % K;
                    code /= K;
                }
                double total = 0;
                int previous = 0;
                for (int t = 0; t < steps; t++) {
                    int state = all[p][t];
                    total += Math.log(probsX.get(previous, state));
                    for (int d = 0; d < D; d++) {
                        double p1 = probsY.get(state, d);
                        total += y[t][d] == 1 ? Math.log(p1) : Math.log(1 - p1);
                    }
                    previous = state;
                }
                logJoint[p] = total;
            }
            double max = java.util.Arrays.stream(logJoint).max().orElseThrow();
            double sum = 0;
            int best = 0;
            for (int p = 0; p < paths; p++) {
                sum += Math.exp(logJoint[p] - max);
                if (logJoint[p] > logJoint[best]) {
                    best = p;
                }
            }
            double logEvidence = max + Math.log(sum);
            double[][] marginals = new double[steps][K];
            Map<String, Double> probabilities = new HashMap<>();
            for (int p = 0; p < paths; p++) {
                double probability = Math.exp(logJoint[p] - logEvidence);
                probabilities.put(java.util.Arrays.toString(all[p]), probability);
                for (int t = 0; t < steps; t++) {
                    marginals[t][all[p][t]] += probability;
                }
            }
            return new Enumeration(logEvidence, all[best], logJoint[best], marginals, probabilities);
        }
    }

    private record Enumeration(double logEvidence, int[] best, double bestLogJoint, double[][] marginals,
                               Map<String, Double> pathProbabilities) {}
}
