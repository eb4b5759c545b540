package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Scores a block of 0/1 rows under Bernoulli logits for every assignment of the enumerated parents at once, as one
 * tape operation: entry {@code (r, cell)} is {@code sum_j y_j l_j - softplus(l_j)} over the row's members, written
 * {@code sum_{j: y_j = 1} l_j - sum_j max(l_j, 0) - log prod_j (1 + exp(-|l_j|))}, so each member costs one
 * {@code exp} and each row one {@code log} (the factors lie in {@code [1, 2]}; a log is taken every 512 of them so
 * the product cannot overflow), and the data's ones (a few per row of notes) are the only per-row work. Where that
 * linear part is not finite (a one's logit of {@code +Infinity}: inf - inf), the row takes the exact form
 * {@code sum_j [y_j min(l_j, 0) - (1 - y_j) max(l_j, 0)]}. The gradient with respect to {@code l_j} is
 * {@code y_j - sigmoid(l_j)}, from the kept {@code exp(-|l_j|)}.
 *
 * <p><b>Repeated rows.</b> The {@code exp}s, the sums over the members and the sigmoids depend on a row's logits
 * alone, so they are computed once per distinct row of logits ({@link RepeatedRows}); only the sums over the ones and
 * the gradient's products, which read the row's data, are per row. A network's logits repeat wherever its input does
 * (hmm.py's nnHMM reads the previous step's notes, which chorales hold over several steps). A row's value does not
 * depend on its repeats; the gradients' {@code sigmoid(-|l|)} is {@code e * (1 / (1 + e))}, one division for both
 * sigmoids, within an ulp or two of {@code e / (1 + e)}.
 *
 * <p>This is what {@link FoldedScores#score} computes through {@code Bernoulli.logProb} and a sum for each assignment
 * (about ten tensors and tape nodes, a {@code log1p} per member, the data's support checked again for every
 * assignment), for the case hmm.py's nnHMM meets: logits of the block's own shape, one per row and member. The
 * values agree to rounding (the logs of the products differ from the sums of {@code log1p} by a few ulps per member,
 * and the linear part's two sums round by an ulp of the largest logit);
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
        int[] onStart = onesStart(y, n, members);
        int[] onIndex = onesIndex(y, onStart);
        double[][] x = new double[inputs.size()][];
        RepeatedRows[] repeats = new RepeatedRows[inputs.size()];
        double[][] exps = new double[inputs.size()][];
        double[][] columns = new double[inputs.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = inputs.get(i).toArray();
            // the assignments' logits usually repeat where the same rows do: try the last numbering first
            repeats[i] = i > 0 && repeats[i - 1].holdsFor(x[i], members) ? repeats[i - 1]
                    : RepeatedRows.of(x[i], n, members);
            exps[i] = new double[repeats[i].distinct() * members];
            columns[i] = rowScores(y, n, members, onStart, onIndex, x[i], repeats[i], exps[i]);
        }
        double[] values = new double[n * cells];
        for (int r = 0; r < n; r++) {
            for (int cell = 0; cell < cells; cell++) {
                values[r * cells + cell] = columns[inputOfCell[cell]][r];
            }
        }
        int largest = Arrays.stream(repeats).mapToInt(RepeatedRows::distinct).max().orElse(0);
        return Tensor.withBackward(Tensor.of(values, n, cells), "bernoulliLogitsRows", inputs, (g, adjoints) -> {
            double[] slopes = new double[2 * largest * members];   // one input's at a time
            for (int input = 0; input < adjoints.length; input++) {
                if (adjoints[input] == null) {
                    continue;
                }
                fillSlopes(x[input], repeats[input], members, exps[input], slopes);
                for (int cell = 0; cell < cells; cell++) {
                    if (inputOfCell[cell] == input) {
                        addGradient(g, cell, cells, y, n, members, repeats[input], slopes, adjoints[input]);
                    }
                }
            }
        });
    }

    /**
     * {@return each row's log-likelihood}, taking {@code exp(-|l|)} and the log of the factors once per distinct row and
     * keeping {@code exp(-|l|)} of its members in {@code exps} (by distinct row)
     */
    private static double[] rowScores(double[] y, int n, int members, int[] onStart, int[] onIndex, double[] l,
                                      RepeatedRows repeats, double[] exps) {
        int[] firstRows = repeats.firstRows();
        double[] logFactors = new double[firstRows.length];
        double[] positiveSums = new double[firstRows.length];
        for (int slot = 0; slot < firstRows.length; slot++) {
            int offset = firstRows[slot] * members;
            int at = slot * members;
            double logs = 0;
            double product = 1;
            int factors = 0;
            double positive = 0;
            for (int j = 0; j < members; j++) {
                double e = Math.exp(-Math.abs(l[offset + j]));
                positive += Math.max(l[offset + j], 0);
                exps[at + j] = e;
                product *= 1 + e;
                if (++factors == FACTORS_PER_LOG) {
                    logs += Math.log(product);
                    product = 1;
                    factors = 0;
                }
            }
            logFactors[slot] = logs + Math.log(product);
            positiveSums[slot] = positive;
        }
        int[] slotOfRow = repeats.slotOfRow();
        double[] scores = new double[n];
        for (int r = 0; r < n; r++) {
            // y log p + (1 - y) log(1 - p) with log p = min(l, 0) - log1p(e), log(1 - p) = -max(l, 0) - log1p(e):
            // sum_j y_j l_j - max(l_j, 0), the second sum shared by the repeats, the first over the ones only
            double ones = 0;
            for (int k = onStart[r]; k < onStart[r + 1]; k++) {
                ones += l[onIndex[k]];
            }
            double linear = ones - positiveSums[slotOfRow[r]];
            if (!Double.isFinite(linear)) {   // an infinite logit: inf - inf where a one's logit is +inf
                linear = 0;
                for (int j = r * members; j < (r + 1) * members; j++) {
                    linear += y[j] == 1 ? Math.min(l[j], 0) : -Math.max(l[j], 0);
                }
            }
            scores[r] = linear - logFactors[slotOfRow[r]];
        }
        return scores;
    }

    /** {@return where each row's ones start in the list of their positions, and one more for the end} */
    private static int[] onesStart(double[] y, int n, int members) {
        int[] start = new int[n + 1];
        for (int r = 0; r < n; r++) {
            int count = 0;
            for (int j = r * members; j < (r + 1) * members; j++) {
                count += y[j] == 1 ? 1 : 0;
            }
            start[r + 1] = start[r] + count;
        }
        return start;
    }

    /** {@return the positions of the ones in {@code y}, row after row} */
    private static int[] onesIndex(double[] y, int[] start) {
        int[] index = new int[start[start.length - 1]];
        int k = 0;
        for (int j = 0; j < y.length; j++) {
            if (y[j] == 1) {
                index[k++] = j;
            }
        }
        return index;
    }

    /**
     * Writes per distinct row and member the derivative of the log-likelihood in the logit: {@code sigmoid(-l)} for
     * {@code y = 1} and {@code -sigmoid(l)} for {@code y = 0}, as torch, the two interleaved.
     */
    private static void fillSlopes(double[] l, RepeatedRows repeats, int members, double[] exps, double[] slopes) {
        int[] firstRows = repeats.firstRows();
        for (int slot = 0; slot < firstRows.length; slot++) {
            int offset = firstRows[slot] * members;
            int at = slot * members;
            for (int j = 0; j < members; j++) {
                double e = exps[at + j];
                double logit = l[offset + j];
                double large = 1 / (1 + e);   // sigmoid(|l|); sigmoid(-|l|) = e / (1 + e), one division for both
                double small = e * large;
                slopes[2 * (at + j)] = logit <= 0 ? large : small;
                slopes[2 * (at + j) + 1] = -(logit >= 0 ? large : small);
            }
        }
    }

    /** {@code adjoint[r, j] += g[r, cell] (y - sigmoid(l))}, the slopes read from the row's distinct row. */
    private static void addGradient(double[] g, int cell, int cells, double[] y, int n, int members,
                                    RepeatedRows repeats, double[] slopes, double[] adjoint) {
        int[] slotOfRow = repeats.slotOfRow();
        for (int r = 0; r < n; r++) {
            double upstream = g[r * cells + cell];
            if (upstream == 0) {
                continue;
            }
            int offset = r * members;
            int at = 2 * slotOfRow[r] * members;
            for (int j = 0; j < members; j++) {
                adjoint[offset + j] += upstream * slopes[at + 2 * j + (y[offset + j] == 1 ? 0 : 1)];
            }
        }
    }
}
