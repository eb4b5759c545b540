package dev.trellis.runtime.inference;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;

/**
 * The most probable state path (Viterbi) by max-product in log space.
 *
 * <p>Max-plus needs no scaling (it only adds and compares log values, which neither underflow nor lose
 * relative precision the way probabilities do), so it stays in log space and the returned log-joint is exactly
 * the sum, in time order, of the initial, transition and evidence terms along the path. Ties go to the lower
 * state index, both in the backpointers and in the final state, by keeping the first maximum found with a
 * strict comparison.
 */
final class MaxProductDecoder {

    private MaxProductDecoder() {
    }

    /**
     * Finds the MAP path.
     *
     * @param logInit K initial log-probabilities; not modified
     * @param logTrans K x K log-transition table; not modified
     * @param logEvidence T x K log-likelihoods, validated; not modified
     * @return the path and its log joint probability
     * @throws ImpossibleEvidenceException naming the first step at which every state has log-score
     *     {@code -Infinity}
     */
    static ViterbiPath decode(double[] logInit, double[][] logTrans, double[][] logEvidence) {
        return decode(logInit, logTrans, new RowView().rows(logEvidence), logEvidence.length);
    }

    /** {@link #decode(double[], double[][], double[][])} over a view of T validated rows. */
    static ViterbiPath decode(double[] logInit, double[][] logTrans, RowView logEvidence, int numSteps) {
        int k = logInit.length;
        double[][] logTransByTarget = transpose(logTrans);
        int[] backpointers = new int[numSteps * k];
        double[] score = new double[k];
        double[] nextScore = new double[k];
        double[] first = logEvidence.array(0);
        int firstAt = logEvidence.offset(0);
        for (int j = 0; j < k; j++) {
            score[j] = logInit[j] + first[firstAt + j];
        }
        checkPossible(score, 0);
        for (int t = 1; t < numSteps; t++) {
            double[] evidence = logEvidence.array(t);
            int at = logEvidence.offset(t);
            for (int j = 0; j < k; j++) {
                double[] into = logTransByTarget[j];
                double best = Double.NEGATIVE_INFINITY;
                int bestFrom = 0;
                for (int i = 0; i < k; i++) {
                    double candidate = score[i] + into[i];
                    if (candidate > best) {
                        best = candidate;
                        bestFrom = i;
                    }
                }
                backpointers[t * k + j] = bestFrom;
                nextScore[j] = best + evidence[at + j];
            }
            double[] swap = score;
            score = nextScore;
            nextScore = swap;
            checkPossible(score, t);
        }
        int last = argMax(score);
        int[] path = new int[numSteps];
        path[numSteps - 1] = last;
        for (int t = numSteps - 1; t > 0; t--) {
            path[t - 1] = backpointers[t * k + path[t]];
        }
        return new ViterbiPath(path, score[last]);
    }

    private static void checkPossible(double[] score, int step) {
        for (double s : score) {
            if (s > Double.NEGATIVE_INFINITY) {
                return;
            }
        }
        throw new ImpossibleEvidenceException(step, "viterbi");
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Returns {@code out[j][i] = table[i][j]}, so the inner max over source states reads one row. */
    private static double[][] transpose(double[][] table) {
        int k = table.length;
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                out[j][i] = table[i][j];
            }
        }
        return out;
    }
}
