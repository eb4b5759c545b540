package dev.trellis.samples.gaussian;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which fitted state is which true state. The states of an HMM are exchangeable (relabelling them gives the same
 * likelihood), so a fit finds the true states in some order; ranking both sets of means and pairing equal ranks puts
 * the fit in the true labels, after which paths, marginals and tables compare entry by entry.
 *
 * @param toTrue the true label of each fitted state
 */
public record StateMatching(int[] toTrue) {

    /** {@return the matching that pairs the fitted and true means of equal rank} */
    public static StateMatching byMeans(double[] fittedLocs, double[] trueLocs) {
        if (fittedLocs.length != trueLocs.length) {
            throw new IllegalArgumentException("cannot match " + fittedLocs.length + " fitted states to "
                    + trueLocs.length + " true ones");
        }
        int[] fittedRank = ranked(fittedLocs);
        int[] trueRank = ranked(trueLocs);
        int[] toTrue = new int[fittedLocs.length];
        for (int r = 0; r < toTrue.length; r++) {
            toTrue[fittedRank[r]] = trueRank[r];
        }
        return new StateMatching(toTrue);
    }

    /** The states in increasing order of their means (ties by label). */
    private static int[] ranked(double[] locs) {
        return IntStream.range(0, locs.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(k -> locs[k]).thenComparingInt(k -> k))
                .mapToInt(Integer::intValue).toArray();
    }

    /** {@return a path of fitted states in the true labels} */
    public int[] relabel(int[] path) {
        return Arrays.stream(path).map(state -> toTrue[state]).toArray();
    }

    /** {@return per-step state probabilities {@code [t][fitted state]} as {@code [t][true state]}} */
    public double[][] relabel(double[][] marginals) {
        double[][] relabelled = new double[marginals.length][];
        for (int t = 0; t < marginals.length; t++) {
            relabelled[t] = new double[marginals[t].length];
            for (int k = 0; k < marginals[t].length; k++) {
                relabelled[t][toTrue[k]] = marginals[t][k];
            }
        }
        return relabelled;
    }

    /**
     * {@return the fitted tables in the true labels: the entries of {@code probs_init}, {@code locs} and {@code scales}
     * moved to their true state, {@code probs_x}'s rows and columns both}
     */
    public Map<String, Tensor> relabel(Map<String, Tensor> params) {
        int k = toTrue.length;
        Map<String, Tensor> relabelled = new LinkedHashMap<>();
        for (var entry : params.entrySet()) {
            Tensor value = entry.getValue();
            if (entry.getKey().equals("probs_x")) {
                double[][] rows = value.toRows();
                double[][] moved = new double[k][k];
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        moved[toTrue[i]][toTrue[j]] = rows[i][j];
                    }
                }
                relabelled.put(entry.getKey(), Tensor.matrix(moved));
            } else {
                double[] entries = value.toArray();
                double[] moved = new double[k];
                for (int i = 0; i < k; i++) {
                    moved[toTrue[i]] = entries[i];
                }
                relabelled.put(entry.getKey(), Tensor.vector(moved));
            }
        }
        return relabelled;
    }

    /** {@return the fraction of steps where {@code path} is {@code truth}} */
    public static double accuracy(int[] path, int[] truth) {
        if (path.length != truth.length || path.length == 0) {
            throw new IllegalArgumentException("paths of lengths " + path.length + " and " + truth.length
                    + " do not compare");
        }
        long same = IntStream.range(0, path.length).filter(t -> path[t] == truth[t]).count();
        return (double) same / path.length;
    }

    /** {@return the most probable state of each step (ties to the lower state)} */
    public static int[] argmax(double[][] marginals) {
        int[] best = new int[marginals.length];
        for (int t = 0; t < marginals.length; t++) {
            for (int k = 1; k < marginals[t].length; k++) {
                if (marginals[t][k] > marginals[t][best[t]]) {
                    best[t] = k;
                }
            }
        }
        return best;
    }
}
