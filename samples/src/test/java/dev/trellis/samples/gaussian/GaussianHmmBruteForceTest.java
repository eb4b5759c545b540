package dev.trellis.samples.gaussian;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated {@link GaussianHmmInference} and {@link GaussianHmmProgram} against enumeration of every state path
 * (K^T of them) on small random instances, with the log-densities written out by hand: the log-likelihood (the sum
 * over paths), each step's state marginals (the sums over the paths through each state), the MAP path and its log
 * joint (the max). Tolerances: both sides are float64 sums of at most ~20 terms of order 10 and a log-sum-exp, so they
 * agree to ~1e-14; 1e-10 leaves room without hiding a wrong term (a misplaced transition moves them by far more).
 */
class GaussianHmmBruteForceTest {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    /** Random tables with entries bounded away from 0, means and scales that make the states overlap. */
    private record Instance(double[] init, double[][] transition, double[] locs, double[] scales, double[] y) {
        static Instance random(int states, int steps, Rng rng) {
            double[] init = simplex(states, rng);
            double[][] transition = new double[states][];
            double[] locs = new double[states];
            double[] scales = new double[states];
            for (int k = 0; k < states; k++) {
                transition[k] = simplex(states, rng);
                locs[k] = 4 * rng.nextDouble() - 2;
                scales[k] = 0.5 + rng.nextDouble();
            }
            double[] y = new double[steps];
            for (int t = 0; t < steps; t++) {
                y[t] = 3 * rng.nextGaussian();
            }
            return new Instance(init, transition, locs, scales, y);
        }

        private static double[] simplex(int size, Rng rng) {
            double[] p = new double[size];
            double total = 0;
            for (int k = 0; k < size; k++) {
                p[k] = 0.1 + rng.nextDouble();
                total += p[k];
            }
            for (int k = 0; k < size; k++) {
                p[k] /= total;
            }
            return p;
        }

        Map<String, Tensor> globals() {
            return Map.of("probs_init", Tensor.vector(init), "probs_x", Tensor.matrix(transition),
                    "locs", Tensor.vector(locs), "scales", Tensor.vector(scales));
        }

        /** log p(y, path), written out. */
        double logJoint(int[] path) {
            double sum = Math.log(init[path[0]]);
            for (int t = 0; t < y.length; t++) {
                if (t > 0) {
                    sum += Math.log(transition[path[t - 1]][path[t]]);
                }
                double z = (y[t] - locs[path[t]]) / scales[path[t]];
                sum += -0.5 * z * z - Math.log(scales[path[t]]) - HALF_LOG_TWO_PI;
            }
            return sum;
        }
    }

    @Test
    void likelihoodMarginalsAndMapMatchEnumerationOfEveryPath() {
        Rng rng = Rng.seeded(91);
        for (int states = 1; states <= 3; states++) {
            for (int steps = 1; steps <= 5; steps++) {
                check(Instance.random(states, steps, rng), "K=" + states + " T=" + steps);
            }
        }
        check(Instance.random(3, 4, rng), "K=3 T=4 again");
    }

    private static void check(Instance instance, String what) {
        int k = instance.init().length;
        int steps = instance.y().length;
        int count = (int) Math.pow(k, steps);
        double[] logJoint = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        int[] best = null;
        for (int code = 0; code < count; code++) {
            int[] path = path(code, k, steps);
            logJoint[code] = instance.logJoint(path);
            if (logJoint[code] > max) {
                max = logJoint[code];
                best = path;
            }
        }
        double total = 0;
        double[][] marginals = new double[steps][k];
        for (int code = 0; code < count; code++) {
            double p = Math.exp(logJoint[code] - max);
            total += p;
            int[] path = path(code, k, steps);
            for (int t = 0; t < steps; t++) {
                marginals[t][path[t]] += p;
            }
        }
        double logLikelihood = max + Math.log(total);

        GaussianHmmInference inference = new GaussianHmmInference(new GaussianHmm(k), instance.globals());
        assertRelative(logLikelihood, inference.logLikelihood(instance.y()), 1e-10, what + " log-likelihood");
        double[][] computed = inference.marginals(instance.y()).x();
        for (int t = 0; t < steps; t++) {
            for (int state = 0; state < k; state++) {
                assertEquals(marginals[t][state] / total, computed[t][state], 1e-10,
                        what + " P(x_" + t + " = " + state + ")");
            }
        }
        GaussianHmmInference.MapAssignment map = inference.viterbi(instance.y());
        assertArrayEquals(best, map.x(), what + " MAP path");
        assertRelative(max, map.logJoint(), 1e-10, what + " MAP log joint");
        // The factor the program adds in training is the same log-likelihood.
        double factor = Conditioned.run(new GaussianHmmProgram(new GaussianHmm(k), instance.y()), instance.globals(),
                new ParamStore()).site("y").logProb().item();
        assertRelative(logLikelihood, factor, 1e-10, what + " program factor");
    }

    /** Path number {@code code}, its first step the fastest-changing digit in base k. */
    private static int[] path(int code, int k, int steps) {
        int[] path = new int[steps];
        for (int t = 0; t < steps; t++, code /= k) {
            path[t] = code % k;
        }
        return path;
    }
}
