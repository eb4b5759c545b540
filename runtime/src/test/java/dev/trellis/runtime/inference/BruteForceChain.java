package dev.trellis.runtime.inference;

/**
 * The slowest possible oracle: lists all K^T paths of a small chain and computes every quantity the kernels
 * compute directly from its definition.
 *
 * <p>Path probabilities are products of the exponentiated table entries (each exact to half an ulp), not
 * exponentials of summed logs, so a path weight has a relative error of about 2T ulps; sums over paths use
 * Neumaier compensation, so totals add almost nothing to that. This makes the oracle accurate to ~1e-15
 * relative for T <= 10, well below the 1e-12 the tests demand of the kernels. Log-joints are summed in time
 * order (init + evidence, then transition + evidence per step), the same order as the Viterbi recursion.
 */
final class BruteForceChain {

    /** Paths beyond this count would make a test slow; the fixtures stay below it. */
    static final long MAX_PATHS = 1L << 21;

    final int numStates;
    final int numSteps;
    /** Unnormalised path weights p(x, z), indexed by {@link #indexOf(int[])}. */
    final double[] pathWeight;
    final double likelihood;
    final double logLikelihood;
    /** Posterior marginals; null when the evidence is impossible. */
    final double[][] marginals;
    /** Expected transition counts {@code sum_t P(z_{t-1} = i, z_t = j | x)}; null when the evidence is impossible. */
    final double[][] expectedTransitions;
    final int[] bestPath;
    final double bestLogJoint;
    /** The largest log-joint of any path other than {@link #bestPath} ({@code -Infinity} if none). */
    final double secondBestLogJoint;
    /** The first step at which every path prefix has probability 0, or -1 when the evidence is possible. */
    final int firstImpossibleStep;

    BruteForceChain(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        numStates = logInit.length;
        numSteps = logEvidence.length;
        long count = Math.round(Math.pow(numStates, numSteps));
        if (count > MAX_PATHS) {
            throw new IllegalArgumentException(count + " paths is too many for brute force");
        }
        double[] init = exp(logInit);
        double[][] trans = exp(logTrans);
        double[][] evidence = exp(logEvidence);
        pathWeight = new double[(int) count];
        NeumaierSum[][] marginalSum = new NeumaierSum[numSteps][numStates];
        for (NeumaierSum[] row : marginalSum) {
            java.util.Arrays.setAll(row, k -> new NeumaierSum());
        }
        NeumaierSum[][] transitionSum = new NeumaierSum[numStates][numStates];
        for (NeumaierSum[] row : transitionSum) {
            java.util.Arrays.setAll(row, k -> new NeumaierSum());
        }
        NeumaierSum total = new NeumaierSum();
        int[] path = new int[numSteps];
        int[] best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        double secondValue = Double.NEGATIVE_INFINITY;
        int latestZero = -1;
        for (int index = 0; index < count; index++) {
            double weight = init[path[0]] * evidence[0][path[0]];
            double logJoint = logInit[path[0]] + logEvidence[0][path[0]];
            // Zeros are detected in log space: a product can underflow, a sum of logs is -Infinity only for a 0.
            int firstZero = logJoint == Double.NEGATIVE_INFINITY ? 0 : numSteps;
            for (int t = 1; t < numSteps; t++) {
                weight *= trans[path[t - 1]][path[t]] * evidence[t][path[t]];
                logJoint = logJoint + logTrans[path[t - 1]][path[t]] + logEvidence[t][path[t]];
                if (logJoint == Double.NEGATIVE_INFINITY && firstZero == numSteps) {
                    firstZero = t;
                }
            }
            latestZero = Math.max(latestZero, firstZero);
            pathWeight[index] = weight;
            total.add(weight);
            for (int t = 0; t < numSteps; t++) {
                marginalSum[t][path[t]].add(weight);
                if (t > 0) {
                    transitionSum[path[t - 1]][path[t]].add(weight);
                }
            }
            if (logJoint > bestValue) {
                secondValue = bestValue;
                bestValue = logJoint;
                best = path.clone();
            } else if (logJoint > secondValue) {
                secondValue = logJoint;
            }
            increment(path);
        }
        likelihood = total.value();
        logLikelihood = Math.log(likelihood);
        firstImpossibleStep = latestZero == numSteps ? -1 : latestZero;
        bestPath = best;
        bestLogJoint = bestValue;
        secondBestLogJoint = secondValue;
        if (likelihood > 0.0) {
            marginals = new double[numSteps][numStates];
            for (int t = 0; t < numSteps; t++) {
                for (int k = 0; k < numStates; k++) {
                    marginals[t][k] = marginalSum[t][k].value() / likelihood;
                }
            }
            expectedTransitions = new double[numStates][numStates];
            for (int i = 0; i < numStates; i++) {
                for (int j = 0; j < numStates; j++) {
                    expectedTransitions[i][j] = transitionSum[i][j].value() / likelihood;
                }
            }
        } else {
            marginals = null;
            expectedTransitions = null;
        }
    }

    /** Returns the posterior probability p(z = path | x) of every path, by path index. */
    double[] posteriorPathProbabilities() {
        double[] probs = new double[pathWeight.length];
        for (int i = 0; i < probs.length; i++) {
            probs[i] = pathWeight[i] / likelihood;
        }
        return probs;
    }

    /** Returns the index of a path: its states read as a base-K number, z_0 the most significant digit. */
    int indexOf(int[] path) {
        int index = 0;
        for (int z : path) {
            index = index * numStates + z;
        }
        return index;
    }

    /** Advances to the next path in lexicographic order (z_{T-1} fastest). */
    private void increment(int[] path) {
        for (int t = numSteps - 1; t >= 0; t--) {
            if (++path[t] < numStates) {
                return;
            }
            path[t] = 0;
        }
    }

    private static double[] exp(double[] logs) {
        double[] out = new double[logs.length];
        for (int i = 0; i < logs.length; i++) {
            out[i] = Math.exp(logs[i]);
        }
        return out;
    }

    private static double[][] exp(double[][] logs) {
        double[][] out = new double[logs.length][];
        for (int i = 0; i < logs.length; i++) {
            out[i] = exp(logs[i]);
        }
        return out;
    }

    /** Neumaier summation, written out here so the oracle shares no code with the kernels. */
    private static final class NeumaierSum {
        private double sum;
        private double compensation;

        void add(double term) {
            double next = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - next) + term : (term - next) + sum;
            sum = next;
        }

        double value() {
            return sum + compensation;
        }
    }
}
