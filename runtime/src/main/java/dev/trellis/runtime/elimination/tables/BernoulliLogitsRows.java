package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Scores a block of 0/1 rows under Bernoulli logits for every assignment of the enumerated parents at once, as one
 * tape operation: entry {@code (r, cell)} is {@code sum_j y_j l_j - softplus(l_j)} over the row's members, written
 * {@code sum_j [y_j min(l_j, 0) - (1 - y_j) max(l_j, 0)] - log prod_j (1 + exp(-|l_j|))}, so each member costs one
 * {@code exp} and each row one {@code log} (the factors lie in {@code [1, 2]}; a log is taken every 512 of them so
 * the product cannot overflow). The gradient with respect to {@code l_j} is {@code y_j - sigmoid(l_j)}, from the
 * kept {@code exp(-|l_j|)}.
 *
 * <p>This is what {@link FoldedScores#score} computes through {@code Bernoulli.logProb} and a sum for each assignment
 * (about ten tensors and tape nodes, a {@code log1p} per member, the data's support checked again for every
 * assignment), for the case hmm.py's nnHMM meets: logits of the block's own shape, one per row and member. The
 * values agree to rounding (the logs of the products differ from the sums of {@code log1p} by a few ulps per member);
 * infinite logits give the same {@code 0} or {@code -Infinity} terms and the same gradients.
 */
final class BernoulliLogitsRows {

    /** Factors of at most 2 multiplied before taking their log: 2^512 is far below the largest double. */
    private static final int FACTORS_PER_LOG = 512;

    private BernoulliLogitsRows() {
    }

    /** {@return the block's values if every one is 0 or 1, else null (the caller then reports the bad entry)} */
    static double @Nullable [] binary(Tensor block) {
        double[] y = block.toArray();
        for (double v : y) {
            if (v != 0 && v != 1) {
                return null;
            }
        }
        return y;
    }

    /**
     * @param y the block's rows, {@code n * members} values, each 0 or 1
     * @param n the rows
     * @param logits per assignment (cell), the logits of the block's shape; cells may share one tensor
     * @return {@code [n, cells]}, differentiable in the logits
     */
    static Tensor score(double[] y, int n, Tensor[] logits) {
        int cells = logits.length;
        int members = n == 0 ? 0 : y.length / n;
        Map<Tensor, Integer> inputIndex = new IdentityHashMap<>();
        List<Tensor> inputs = new ArrayList<>();
        int[] inputOfCell = new int[cells];
        for (int cell = 0; cell < cells; cell++) {
            Integer index = inputIndex.get(logits[cell]);
            if (index == null) {
                index = inputs.size();
                inputIndex.put(logits[cell], index);
                inputs.add(logits[cell]);
            }
            inputOfCell[cell] = index;
        }
        double[][] x = new double[inputs.size()][];
        double[][] exps = new double[inputs.size()][];
        double[][] columns = new double[inputs.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = inputs.get(i).toArray();
            exps[i] = new double[x[i].length];
            columns[i] = rowScores(y, n, members, x[i], exps[i]);
        }
        double[] values = new double[n * cells];
        for (int r = 0; r < n; r++) {
            for (int cell = 0; cell < cells; cell++) {
                values[r * cells + cell] = columns[inputOfCell[cell]][r];
            }
        }
        return Tensor.withBackward(Tensor.of(values, n, cells), "bernoulliLogitsRows", inputs, (g, adjoints) -> {
            for (int cell = 0; cell < cells; cell++) {
                int input = inputOfCell[cell];
                if (adjoints[input] != null) {
                    addGradient(g, cell, cells, y, n, members, x[input], exps[input], adjoints[input]);
                }
            }
        });
    }

    /** {@return each row's log-likelihood}, keeping {@code exp(-|l|)} of every member in {@code exps} */
    private static double[] rowScores(double[] y, int n, int members, double[] l, double[] exps) {
        double[] scores = new double[n];
        for (int r = 0; r < n; r++) {
            int offset = r * members;
            double linear = 0;
            double logs = 0;
            double product = 1;
            int factors = 0;
            for (int j = offset; j < offset + members; j++) {
                double logit = l[j];
                double e = Math.exp(-Math.abs(logit));
                exps[j] = e;
                // y log p + (1 - y) log(1 - p) with log p = min(l, 0) - log1p(e), log(1 - p) = -max(l, 0) - log1p(e)
                linear += y[j] == 1 ? Math.min(logit, 0) : -Math.max(logit, 0);
                product *= 1 + e;
                if (++factors == FACTORS_PER_LOG) {
                    logs += Math.log(product);
                    product = 1;
                    factors = 0;
                }
            }
            scores[r] = linear - (logs + Math.log(product));
        }
        return scores;
    }

    /** {@code adjoint[r, j] += g[r, cell] (y - sigmoid(l))}, with {@code sigmoid(-l)} for {@code y = 1} as torch. */
    private static void addGradient(double[] g, int cell, int cells, double[] y, int n, int members, double[] l,
                                    double[] exps, double[] adjoint) {
        for (int r = 0; r < n; r++) {
            double upstream = g[r * cells + cell];
            if (upstream == 0) {
                continue;
            }
            int offset = r * members;
            for (int j = offset; j < offset + members; j++) {
                double e = exps[j];
                double logit = l[j];
                double d = y[j] == 1 ? (logit <= 0 ? 1 / (1 + e) : e / (1 + e))
                        : -(logit >= 0 ? 1 / (1 + e) : e / (1 + e));
                adjoint[j] += upstream * d;
            }
        }
    }
}
