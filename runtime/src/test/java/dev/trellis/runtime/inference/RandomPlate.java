package dev.trellis.runtime.inference;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A random plate of ragged sequences sharing one chain, as test fixture for {@link ChainSumProduct}.
 *
 * <p>The transition tables are log-probabilities drawn in probability space (entries bounded away from 0 unless
 * set to exactly 0, rows normalised); the evidence is a log-potential uniform in [-3, 1] per entry (generated
 * code hands over sums of emission log-probabilities, which need not be normalised over states), with some
 * entries {@code -Infinity} when zeros are requested. Weights, when requested, are uniform in [0.25, 3].
 *
 * @param logInit K
 * @param logTrans K x K
 * @param logEvidence per sequence T_s x K
 * @param weights per sequence, or null
 */
record RandomPlate(double[] logInit, double[][] logTrans, double[][][] logEvidence, double[] weights) {

    /**
     * Draws a plate.
     *
     * @param maxLength each length is uniform in [minLength, maxLength]
     * @param zeroFraction the chance that a table or evidence entry is exactly zero probability
     * @param weighted whether to draw per-sequence weights (else null)
     */
    static RandomPlate draw(SplittableRandom random, int numStates, int numSequences, int minLength, int maxLength,
                            double zeroFraction, boolean weighted) {
        double[] logInit = logRow(random, numStates, zeroFraction);
        double[][] logTrans = new double[numStates][];
        for (int i = 0; i < numStates; i++) {
            logTrans[i] = logRow(random, numStates, zeroFraction);
        }
        double[][][] logEvidence = new double[numSequences][][];
        for (int s = 0; s < numSequences; s++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            logEvidence[s] = new double[length][numStates];
            for (double[] row : logEvidence[s]) {
                for (int k = 0; k < numStates; k++) {
                    row[k] = random.nextDouble() < zeroFraction
                            ? Double.NEGATIVE_INFINITY : -3.0 + 4.0 * random.nextDouble();
                }
            }
        }
        double[] weights = null;
        if (weighted) {
            weights = new double[numSequences];
            for (int s = 0; s < numSequences; s++) {
                weights[s] = 0.25 + 2.75 * random.nextDouble();
            }
        }
        return new RandomPlate(logInit, logTrans, logEvidence, weights);
    }

    int numStates() {
        return logInit.length;
    }

    double weight(int sequence) {
        return weights == null ? 1.0 : weights[sequence];
    }

    /** Fresh adjoint buffers shaped like the tables, filled with a sentinel so that overwriting is checked. */
    double[][][] newEvidenceBuffers() {
        double[][][] out = new double[logEvidence.length][][];
        for (int s = 0; s < out.length; s++) {
            out[s] = new double[logEvidence[s].length][numStates()];
            for (double[] row : out[s]) {
                Arrays.fill(row, 42.0);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "RandomPlate[logInit=" + Arrays.toString(logInit) + ", logTrans=" + Arrays.deepToString(logTrans)
                + ", logEvidence=" + Arrays.deepToString(logEvidence) + ", weights=" + Arrays.toString(weights) + "]";
    }

    private static double[] logRow(SplittableRandom random, int size, double zeroFraction) {
        double[] row = new double[size];
        double sum = 0.0;
        for (int i = 0; i < size; i++) {
            row[i] = random.nextDouble() < zeroFraction ? 0.0 : 0.01 + random.nextDouble();
            sum += row[i];
        }
        if (sum == 0.0) {
            row[random.nextInt(size)] = 1.0;
            sum = 1.0;
        }
        for (int i = 0; i < size; i++) {
            row[i] = Math.log(row[i] / sum);
        }
        return row;
    }
}
