package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated programs of the factorial, partially factorial, second-order and autoregressive models on small random
 * instances with ragged sequences, against the log-likelihood summed over every joint path, written straight from
 * hmm.py's definitions (state 0 before the first step; y_{-1} = 0). The chains are summed out as one chain over a
 * joint state by the generated code; here nothing is joint.
 */
class JointChainProgramsBruteForceTest {
    private static final int K = 2;
    private static final int D = 2;

    @Test
    void factorialChains() {
        Rng rng = Rng.seeded(1);
        for (int trial = 0; trial < 5; trial++) {
            Tensor pw = simplexRows(rng, K, K);
            Tensor px = simplexRows(rng, K, K);
            Tensor py = probabilities(rng, K, K, D);
            List<double[][]> data = data(rng);
            double expected = 0;
            for (double[][] y : data) {
                expected += pairs(y, (w, x, previousW, previousX) -> pw.get(previousW, w) * px.get(previousX, x),
                        (w, x, t) -> bernoulli(y[t], py.select(0, w).select(0, x)));
            }
            check(new FhmmProgram(new Fhmm(K, D), data), Map.of("probs_w", pw, "probs_x", px, "probs_y", py), expected);
        }
    }

    @Test
    void partiallyFactorialChains() {
        Rng rng = Rng.seeded(2);
        for (int trial = 0; trial < 5; trial++) {
            Tensor pw = simplexRows(rng, K, K);
            Tensor px = simplexRows(rng, K, K, K);
            Tensor py = probabilities(rng, K, K, D);
            List<double[][]> data = data(rng);
            double expected = 0;
            for (double[][] y : data) {
                expected += pairs(y, (w, x, previousW, previousX) -> pw.get(previousW, w) * px.get(w, previousX, x),
                        (w, x, t) -> bernoulli(y[t], py.select(0, w).select(0, x)));
            }
            check(new PfhmmProgram(new Pfhmm(K, D), data), Map.of("probs_w", pw, "probs_x", px, "probs_y", py),
                    expected);
        }
    }

    @Test
    void secondOrderChain() {
        Rng rng = Rng.seeded(3);
        for (int trial = 0; trial < 5; trial++) {
            Tensor px = simplexRows(rng, K, K, K);
            Tensor py = probabilities(rng, K, D);
            List<double[][]> data = data(rng);
            double expected = 0;
            for (double[][] y : data) {
                double total = 0;
                for (int[] path : paths(K, y.length)) {
                    double p = 1;
                    for (int t = 0; t < y.length; t++) {
                        int earlier = t >= 2 ? path[t - 2] : 0;
                        int previous = t >= 1 ? path[t - 1] : 0;
                        p *= px.get(earlier, previous, path[t]) * bernoulli(y[t], py.select(0, path[t]));
                    }
                    total += p;
                }
                expected += Math.log(total);
            }
            ParamStore store = new ParamStore();
            JsbPrograms.define(store, Map.of("probs_x", px, "probs_y", py));
            double got = Conditioned.run(new Hmm2Program(new Hmm2(K, D, 0), data), Map.of(), store).site("y")
                    .logProb().item();
            assertEquals(expected, got, 1e-12 * Math.abs(expected));
        }
    }

    @Test
    void autoregressiveObservations() {
        Rng rng = Rng.seeded(4);
        for (int trial = 0; trial < 5; trial++) {
            Tensor px = simplexRows(rng, K, K);
            Tensor py = probabilities(rng, K, 2, D);
            List<double[][]> data = data(rng);
            double expected = 0;
            for (double[][] y : data) {
                double total = 0;
                for (int[] path : paths(K, y.length)) {
                    double p = 1;
                    for (int t = 0; t < y.length; t++) {
                        int previous = t >= 1 ? path[t - 1] : 0;
                        p *= px.get(previous, path[t]);
                        for (int d = 0; d < D; d++) {
                            int before = t >= 1 ? (int) y[t - 1][d] : 0;
                            double on = py.get(path[t], before, d);
                            p *= y[t][d] == 1 ? on : 1 - on;
                        }
                    }
                    total += p;
                }
                expected += Math.log(total);
            }
            check(new ArhmmProgram(new Arhmm(K, D), data), Map.of("probs_x", px, "probs_y", py), expected);
        }
    }

    private interface Transition {
        double probability(int w, int x, int previousW, int previousX);
    }

    private interface Emission {
        double probability(int w, int x, int step);
    }

    /** log sum over the joint paths of two chains. */
    private static double pairs(double[][] y, Transition transition, Emission emission) {
        double total = 0;
        for (int[] path : paths(K * K, y.length)) {
            double p = 1;
            int previousW = 0;
            int previousX = 0;
            for (int t = 0; t < y.length; t++) {
                int w = path[t] / K;
                int x = path[t] % K;
                p *= transition.probability(w, x, previousW, previousX) * emission.probability(w, x, t);
                previousW = w;
                previousX = x;
            }
            total += p;
        }
        return Math.log(total);
    }

    private static void check(Program program, Map<String, Tensor> globals, double expected) {
        double got = Conditioned.run(program, globals, new ParamStore()).site("y").logProb().item();
        assertEquals(expected, got, 1e-12 * Math.abs(expected));
    }

    private static double bernoulli(double[] y, Tensor probs) {
        double p = 1;
        for (int d = 0; d < y.length; d++) {
            p *= y[d] == 1 ? probs.get(d) : 1 - probs.get(d);
        }
        return p;
    }

    private static List<int[]> paths(int states, int length) {
        List<int[]> paths = new ArrayList<>();
        int count = (int) Math.pow(states, length);
        for (int code = 0; code < count; code++) {
            int[] path = new int[length];
            int rest = code;
            for (int t = length - 1; t >= 0; t--) {
                path[t] = rest % states;
                rest /= states;
            }
            paths.add(path);
        }
        return paths;
    }

    /** Three sequences of 1..3 steps of D random 0/1 tones: ragged. */
    private static List<double[][]> data(Rng rng) {
        List<double[][]> data = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            double[][] y = new double[1 + rng.nextInt(3)][D];
            for (double[] step : y) {
                for (int d = 0; d < D; d++) {
                    step[d] = rng.nextDouble() < 0.5 ? 1 : 0;
                }
            }
            data.add(y);
        }
        return data;
    }

    private static Tensor simplexRows(Rng rng, int... shape) {
        int width = shape[shape.length - 1];
        int n = 1;
        for (int size : shape) {
            n *= size;
        }
        double[] values = new double[n];
        for (int start = 0; start < n; start += width) {
            double sum = 0;
            for (int j = 0; j < width; j++) {
                values[start + j] = 0.1 + rng.nextDouble();
                sum += values[start + j];
            }
            for (int j = 0; j < width; j++) {
                values[start + j] /= sum;
            }
        }
        return Tensor.of(values, shape);
    }

    private static Tensor probabilities(Rng rng, int... shape) {
        int n = 1;
        for (int size : shape) {
            n *= size;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0.05 + 0.9 * rng.nextDouble();
        }
        return Tensor.of(values, shape);
    }
}
