package dev.trellis.samples.hmm;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Random;

/**
 * A random discrete HMM and observation sequence, with the exact answers computed by brute force:
 * every one of the K^T hidden paths is enumerated and its joint probability summed or maximised.
 */
record RandomHmm(double[] pi, double[][] a, double[][] b, int[] obs) {

    static RandomHmm draw(Random random, int states, int symbols, int length) {
        double[] pi = simplex(random, states);
        double[][] a = new double[states][];
        double[][] b = new double[states][];
        for (int k = 0; k < states; k++) {
            a[k] = simplex(random, states);
            b[k] = simplex(random, symbols);
        }
        int[] obs = new int[length];
        for (int t = 0; t < length; t++) {
            obs[t] = random.nextInt(symbols);
        }
        return new RandomHmm(pi, a, b, obs);
    }

    /** Probabilities that sum to 1 up to rounding, sometimes with exact zeros (but never all zero). */
    private static double[] simplex(Random random, int n) {
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = random.nextInt(5) == 0 && n > 1 ? 0.0 : random.nextDouble() + 0.01;
            sum += p[i];
        }
        if (sum == 0) {
            p[0] = sum = 1;
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    DiscreteHmm model() {
        return new DiscreteHmm(Tensor.vector(pi), Tensor.matrix(a), Tensor.matrix(b));
    }

    int states() {
        return pi.length;
    }

    /** Number of hidden paths, K^T. */
    int paths() {
        return (int) Math.pow(states(), obs.length);
    }

    /** The hidden path with index {@code code} (base-K digits, step 0 first). */
    int[] path(int code) {
        int[] z = new int[obs.length];
        for (int t = 0; t < obs.length; t++) {
            z[t] = code % states();
            code /= states();
        }
        return z;
    }

    /** p(z, obs) in plain probability space (T <= 10, so no underflow worth worrying about). */
    double joint(int[] z) {
        double p = pi[z[0]] * b[z[0]][obs[0]];
        for (int t = 1; t < obs.length; t++) {
            p *= a[z[t - 1]][z[t]] * b[z[t]][obs[t]];
        }
        return p;
    }

    /** What enumerating all K^T paths gives. */
    record Exact(double evidence, double[][] marginals, int[] bestPath, double bestJoint) {}

    /**
     * Enumerates every path once: sums the joints (evidence), accumulates unnormalised marginals,
     * keeps a path of the highest joint (when several tie, tests compare probabilities, not paths).
     */
    Exact enumerate() {
        int length = obs.length;
        double[][] marginals = new double[length][states()];
        double evidence = 0;
        int[] best = null;
        double bestJoint = -1;
        int[] z = new int[length];
        for (int code = 0; code < paths(); code++) {
            for (int t = 0, rest = code; t < length; t++, rest /= states()) {
                z[t] = rest % states();
            }
            double p = joint(z);
            evidence += p;
            for (int t = 0; t < length; t++) {
                marginals[t][z[t]] += p;
            }
            if (p > bestJoint) {
                best = z.clone();
                bestJoint = p;
            }
        }
        for (double[] row : marginals) {
            for (int k = 0; k < row.length; k++) {
                row[k] /= evidence;
            }
        }
        return new Exact(evidence, marginals, best, bestJoint);
    }

    double evidence() {
        return enumerate().evidence();
    }
}
