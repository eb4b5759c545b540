package dev.trellis.benchmarks;

import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Parameters of hmm.py model_1 drawn as in the golden files' initial values: sticky transition rows (half a uniform
 * Dirichlet draw, half the identity) and emission probabilities uniform in [0.05, 0.5]. Costs do not depend on the
 * values unless a sequence needs the chain's log-space fallback, which these never do.
 */
final class HmmParameters {

    /** [K, K], rows on the simplex. */
    final Tensor probsX;
    /** [K, D], entries in (0, 1). */
    final Tensor probsY;

    private HmmParameters(Tensor probsX, Tensor probsY) {
        this.probsX = probsX;
        this.probsY = probsY;
    }

    /** Draws the parameters of a K-state model over D tones from a fixed seed. */
    static HmmParameters draw(int numStates, int numTones, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] transitions = new double[numStates][];
        for (int i = 0; i < numStates; i++) {
            transitions[i] = stickyRow(random, numStates, i);
        }
        double[][] emissions = new double[numStates][numTones];
        for (double[] row : emissions) {
            for (int d = 0; d < numTones; d++) {
                row[d] = 0.05 + 0.45 * random.nextDouble();
            }
        }
        return new HmmParameters(Tensor.matrix(transitions), Tensor.matrix(emissions));
    }

    /** 0.5 Dirichlet(1) + 0.5 one-hot(stay): a probability row. */
    static double[] stickyRow(SplittableRandom random, int k, int stay) {
        double[] row = new double[k];
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            row[j] = -Math.log(1.0 - random.nextDouble());
            sum += row[j];
        }
        for (int j = 0; j < k; j++) {
            row[j] = 0.5 * row[j] / sum + (j == stay ? 0.5 : 0.0);
        }
        return row;
    }
}
