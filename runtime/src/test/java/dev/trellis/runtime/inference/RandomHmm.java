package dev.trellis.runtime.inference;

import java.util.SplittableRandom;

/**
 * A random hidden Markov model with categorical emissions and an observation sequence, as test fixture.
 *
 * <p>Tables are drawn in probability space (uniform entries, some set to exactly 0, rows normalised, at least
 * one positive entry per row) and handed to the kernels as their logs, the way generated code does. The
 * observations are drawn either from the model itself (possible evidence) or uniformly (which, with zeros in
 * the tables, is sometimes impossible).
 *
 * @param init the initial distribution, K
 * @param trans the transition matrix, K x K
 * @param emit the emission matrix, K x M
 * @param obs the observed symbols, T
 */
record RandomHmm(double[] init, double[][] trans, double[][] emit, int[] obs) {

    /**
     * Draws a model and a sequence.
     *
     * @param random the fixture's own random source (not the Rng under test)
     * @param zeroFraction the chance that a table entry is set to exactly 0
     * @param fromModel whether the observations are sampled from the model or uniformly
     */
    static RandomHmm draw(SplittableRandom random, int numStates, int numSymbols, int length, double zeroFraction,
                          boolean fromModel) {
        double[] init = randomRow(random, numStates, zeroFraction);
        double[][] trans = new double[numStates][];
        for (int i = 0; i < numStates; i++) {
            trans[i] = randomRow(random, numStates, zeroFraction);
        }
        double[][] emit = new double[numStates][];
        for (int i = 0; i < numStates; i++) {
            emit[i] = randomRow(random, numSymbols, zeroFraction);
        }
        int[] obs = new int[length];
        int state = draw(random, init);
        for (int t = 0; t < length; t++) {
            if (t > 0) {
                state = draw(random, trans[state]);
            }
            obs[t] = fromModel ? draw(random, emit[state]) : random.nextInt(numSymbols);
        }
        return new RandomHmm(init, trans, emit, obs);
    }

    int numStates() {
        return init.length;
    }

    double[] logInit() {
        return log(init);
    }

    double[][] logTrans() {
        double[][] out = new double[trans.length][];
        for (int i = 0; i < trans.length; i++) {
            out[i] = log(trans[i]);
        }
        return out;
    }

    /** Returns the T x K table {@code log emit[k][obs[t]]}. */
    double[][] logEvidence() {
        double[][] out = new double[obs.length][init.length];
        for (int t = 0; t < obs.length; t++) {
            for (int k = 0; k < init.length; k++) {
                out[t][k] = Math.log(emit[k][obs[t]]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "RandomHmm[K=" + init.length + ", M=" + emit[0].length + ", T=" + obs.length + ", init="
                + java.util.Arrays.toString(init) + ", trans=" + java.util.Arrays.deepToString(trans) + ", emit="
                + java.util.Arrays.deepToString(emit) + ", obs=" + java.util.Arrays.toString(obs) + "]";
    }

    private static double[] randomRow(SplittableRandom random, int size, double zeroFraction) {
        double[] row = new double[size];
        double sum = 0.0;
        for (int i = 0; i < size; i++) {
            // Entries bounded away from 0 keep every nonzero path weight far from underflow.
            row[i] = random.nextDouble() < zeroFraction ? 0.0 : 0.01 + random.nextDouble();
            sum += row[i];
        }
        if (sum == 0.0) {
            row[random.nextInt(size)] = 1.0;
            sum = 1.0;
        }
        for (int i = 0; i < size; i++) {
            row[i] /= sum;
        }
        return row;
    }

    private static int draw(SplittableRandom random, double[] probs) {
        double u = random.nextDouble();
        double cumulative = 0.0;
        int last = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0.0) {
                cumulative += probs[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last;
    }

    private static double[] log(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.log(values[i]);
        }
        return out;
    }
}
