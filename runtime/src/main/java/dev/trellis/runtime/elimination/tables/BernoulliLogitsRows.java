package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.SharedRows;
import dev.trellis.runtime.tensor.RepeatedRows;
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
 * <p><b>Shared rows.</b> An assignment's logits may be rows of a shared tensor ({@link SharedRows}: a network that
 * computed every assignment's logits at once); they are then read in place, numbered by the source row they read, and
 * the gradient is added into the source's adjoint, where a gather per assignment would copy them out and back. A
 * source row read by several block rows (repeated notes) takes its slopes once: the readers' upstream values are
 * summed first, the ones' part apart ({@code addSharedGradient}). The values are those of scoring the gathered
 * tensors to the bit, and so are the gradients where each source row is read once; elsewhere the same shares are
 * summed in another order.
 *
 * <p><b>Memory.</b> The kept {@code exp(-|l|)} (1.7 MB a step in the nnHMM) and the backward pass's work arrays
 * are reused per thread ({@link ScoringScratch}), not allocated per step: zeroing that much fresh memory took half as
 * long as the exps themselves.
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
        double[] y = block.valuesWithoutCopy();   // read only, here and in the scoring
        for (double v : y) {
            if (v != 0 && v != 1) {
                return null;
            }
        }
        return y;
    }

    /**
     * @param y the block's rows, {@code n * members} values, each 0 or 1 (read, never written)
     * @param n the rows
     * @param logits per assignment (cell), the logits of the block's shape; cells may share one tensor
     * @return {@code [n, cells]}, differentiable in the logits
     */
    static Tensor score(double[] y, int n, Tensor[] logits) {
        int members = n == 0 ? 0 : y.length / n;
        Map<Tensor, Input> byTensor = new IdentityHashMap<>();
        Input[] ofCell = new Input[logits.length];
        Input last = null;
        for (int cell = 0; cell < logits.length; cell++) {
            Input input = byTensor.get(logits[cell]);
            if (input == null) {
                double[] l = logits[cell].valuesWithoutCopy();
                // the assignments' logits usually repeat where the same rows do: try the last numbering first
                RepeatedRows repeats = last != null && last.repeats.holdsFor(l, members) ? last.repeats
                        : RepeatedRows.of(l, n, members);
                input = new Input(logits[cell], l, null, repeats.slotOfRow(), repeats.firstRows(), repeats);
                byTensor.put(logits[cell], input);
                last = input;
            }
            ofCell[cell] = input;
        }
        return score(y, n, members, ofCell);
    }

    /**
     * As {@link #score(double[], int, Tensor[])} for logits given as rows of shared tensors, read in place.
     *
     * @param logits per cell, {@code n} rows of {@code members} elements each (as the block's rows); cells may share
     *     one object, and different objects one source
     */
    static Tensor scoreShared(double[] y, int n, SharedRows[] logits) {
        int members = n == 0 ? 0 : y.length / n;
        Map<SharedRows, Input> byRows = new IdentityHashMap<>();
        Input[] ofCell = new Input[logits.length];
        int[] slotOfSource = new int[0];   // per source row, its slot in the input being numbered, -1 if none
        for (int cell = 0; cell < logits.length; cell++) {
            SharedRows rows = logits[cell];
            Input input = byRows.get(rows);
            if (input == null) {
                Tensor source = rows.source();
                if (slotOfSource.length < source.size(0)) {
                    slotOfSource = new int[source.size(0)];
                    Arrays.fill(slotOfSource, -1);
                }
                int[] rowOf = new int[n];
                int[] slotOfRow = new int[n];
                int[] slotRows = new int[n];
                int slots = 0;
                for (int r = 0; r < n; r++) {
                    int row = rows.sourceRow(r);
                    int slot = slotOfSource[row];
                    if (slot < 0) {
                        slot = slots++;
                        slotOfSource[row] = slot;
                        slotRows[slot] = row;
                    }
                    rowOf[r] = row;
                    slotOfRow[r] = slot;
                }
                for (int slot = 0; slot < slots; slot++) {
                    slotOfSource[slotRows[slot]] = -1;
                }
                input = new Input(source, source.valuesWithoutCopy(), rowOf, slotOfRow,
                        Arrays.copyOf(slotRows, slots), null);
                byRows.put(rows, input);
            }
            ofCell[cell] = input;
        }
        return score(y, n, members, ofCell);
    }

    /**
     * One distinct input of the scoring: the values {@code l} of {@code source}, block row {@code r} reading its row
     * {@code rowOf[r]} ({@code r} itself when null), numbered into slots of equal rows ({@code slotOfRow}), slot
     * {@code s} reading row {@code slotRows[s]} of {@code l}.
     */
    private record Input(Tensor source, double[] l, int @Nullable [] rowOf, int[] slotOfRow, int[] slotRows,
                         @Nullable RepeatedRows repeats) {
        int rowOf(int r) {
            return rowOf == null ? r : rowOf[r];
        }

        /** {@return the slots' {@code exp(-|l|)}, slot after slot, as the scoring keeps them} */
        double[] exps(int members) {
            double[] exps = new double[slotRows.length * members];
            for (int slot = 0; slot < slotRows.length; slot++) {
                for (int j = 0; j < members; j++) {
                    exps[slot * members + j] = expOfMinusAbs(l[slotRows[slot] * members + j]);
                }
            }
            return exps;
        }

        /** Copies the slots' logits into {@code bySlot}, slot after slot. */
        void gatherBySlot(int members, double[] bySlot) {
            for (int slot = 0; slot < slotRows.length; slot++) {
                System.arraycopy(l, slotRows[slot] * members, bySlot, slot * members, members);
            }
        }
    }

    private static Tensor score(double[] y, int n, int members, Input[] ofCell) {
        int cells = ofCell.length;
        Map<Input, Integer> inputIndex = new IdentityHashMap<>();
        List<Input> inputs = new ArrayList<>();
        Map<Tensor, Integer> sourceIndex = new IdentityHashMap<>();
        List<Tensor> sources = new ArrayList<>();
        int[] inputOfCell = new int[cells];
        for (int cell = 0; cell < cells; cell++) {
            Integer index = inputIndex.get(ofCell[cell]);
            if (index == null) {
                index = inputs.size();
                inputIndex.put(ofCell[cell], index);
                inputs.add(ofCell[cell]);
                if (!sourceIndex.containsKey(ofCell[cell].source)) {
                    sourceIndex.put(ofCell[cell].source, sources.size());
                    sources.add(ofCell[cell].source);
                }
            }
            inputOfCell[cell] = index;
        }
        int[] onStart = onesStart(y, n, members);
        int[] onIndex = onesIndex(y, onStart);
        int largest = 0;
        for (Input input : inputs) {
            largest = Math.max(largest, input.slotRows.length);
        }
        int slopeSize = largest * members;
        // the exps live in arrays of this thread's scratch until the backward pass: no fresh memory to zero
        ScoringScratch kept = ScoringScratch.ofThisThread();
        Object owner = new Object();
        double[][] columns = new double[inputs.size()][];
        synchronized (kept) {
            double[][] exps = kept.claim(owner, inputs.size(), slopeSize);
            for (int i = 0; i < inputs.size(); i++) {
                columns[i] = rowScores(y, n, members, onStart, onIndex, inputs.get(i), exps[i]);
            }
        }
        double[] values = new double[n * cells];
        for (int r = 0; r < n; r++) {
            for (int cell = 0; cell < cells; cell++) {
                values[r * cells + cell] = columns[inputOfCell[cell]][r];
            }
        }
        return Tensor.withBackward(Tensor.ofWithoutCopy(values, n, cells), "bernoulliLogitsRows", sources, (g, adjoints) -> {
            ScoringScratch work = ScoringScratch.ofThisThread();   // this pass's thread's
            double[] ofZero = work.work(0, slopeSize);   // one input's at a time
            double[] bySlot = work.work(1, slopeSize);   // an input's logits, slot after slot
            double[] ofOne = work.work(2, slopeSize);   // for shared inputs
            double[] onesUpstream = work.zeroWork(3, slopeSize);   // for shared inputs, zero between them
            synchronized (kept) {
                double[][] exps = kept.heldBy(owner);
                if (exps == null) {   // a later scoring took the arrays (this pass runs late, or again)
                    exps = new double[inputs.size()][];
                    for (int i = 0; i < inputs.size(); i++) {
                        exps[i] = inputs.get(i).exps(members);
                    }
                }
                for (int i = 0; i < inputs.size(); i++) {
                    Input input = inputs.get(i);
                    double[] adjoint = adjoints[sourceIndex.get(input.source)];
                    if (adjoint == null) {
                        continue;
                    }
                    int count = input.slotRows.length * members;
                    // copied next to the exps, even where the slots are consecutive rows of l: the slopes' loops then
                    // read small fresh arrays (reading l in place measured a third slower)
                    input.gatherBySlot(members, bySlot);
                    if (input.rowOf != null) {
                        fillBothSlopes(bySlot, exps[i], count, ofZero, ofOne);
                        addSharedGradient(g, i, inputOfCell, n, members, onStart, onIndex, input, ofZero, ofOne,
                                onesUpstream, adjoint);
                        continue;
                    }
                    fillSlopes(bySlot, exps[i], count, ofZero);
                    for (int cell = 0; cell < cells; cell++) {
                        if (inputOfCell[cell] == i) {
                            addGradient(g, cell, cells, n, members, onStart, onIndex, input, exps[i], ofZero,
                                    adjoint);
                        }
                    }
                }
                kept.release(owner);
            }
        });
    }

    /**
     * {@return each row's log-likelihood}, taking {@code exp(-|l|)} and the log of the factors once per slot (distinct
     * row) and keeping {@code exp(-|l|)} of its members in {@code exps} (by slot)
     */
    private static double[] rowScores(double[] y, int n, int members, int[] onStart, int[] onIndex, Input input,
                                      double[] exps) {
        double[] l = input.l;
        int[] slotRows = input.slotRows;
        double[] logFactors = new double[slotRows.length];
        double[] positiveSums = new double[slotRows.length];
        for (int slot = 0; slot < slotRows.length; slot++) {
            int offset = slotRows[slot] * members;
            int at = slot * members;
            double logs = 0;
            double product = 1;
            int factors = 0;
            double positive = 0;
            for (int j = 0; j < members; j++) {
                double e = expOfMinusAbs(l[offset + j]);
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
        int[] slotOfRow = input.slotOfRow;
        double[] scores = new double[n];
        for (int r = 0; r < n; r++) {
            // y log p + (1 - y) log(1 - p) with log p = min(l, 0) - log1p(e), log(1 - p) = -max(l, 0) - log1p(e):
            // sum_j y_j l_j - max(l_j, 0), the second sum shared by the repeats, the first over the ones only
            int offset = input.rowOf(r) * members;
            int shift = offset - r * members;   // from a position in y to its logit in l
            double ones = 0;
            for (int k = onStart[r]; k < onStart[r + 1]; k++) {
                ones += l[shift + onIndex[k]];
            }
            double linear = ones - positiveSums[slotOfRow[r]];
            if (!Double.isFinite(linear)) {   // an infinite logit: inf - inf where a one's logit is +inf
                linear = 0;
                for (int j = 0; j < members; j++) {
                    double logit = l[offset + j];
                    linear += y[r * members + j] == 1 ? Math.min(logit, 0) : -Math.max(logit, 0);
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

    /** {@return the positions of the ones in {@code y}, row after row, ascending} */
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
     * Writes per slot and member the derivative of the log-likelihood in the logit where {@code y = 0},
     * {@code -sigmoid(l)}, as torch: {@code -1 / (1 + e)} where {@code l >= 0} and {@code -e / (1 + e)} where
     * {@code l < 0}, with {@code e = exp(-|l|)}; the ones' slopes ({@link #slopeOfOne}) are taken where needed. One
     * flat loop over every slot's members: rows of a few dozen members would leave much of the work to the
     * vectorised loop's scalar remainders, and the division dominates.
     */
    private static void fillSlopes(double[] bySlot, double[] exps, int count, double[] ofZero) {
        for (int i = 0; i < count; i++) {
            ofZero[i] = slopeOfZero(bySlot[i], exps[i]);
        }
    }

    /**
     * Writes both slopes per slot and member, {@link #slopeOfZero}'s and {@link #slopeOfOne}'s to the bit, in one
     * pass with one division per member ({@code 1 / (1 + e)} serves both): 0.8 ns a member where a pass for each
     * slope took 1.2. The second factor is {@link #factorOfNegated}, not {@code factor(e, -l)}: with two
     * {@code min(1, max(e, ...))} the loop is not vectorised (5.5 ns a member, JDK 17).
     */
    static void fillBothSlopes(double[] bySlot, double[] exps, int count, double[] ofZero, double[] ofOne) {
        for (int i = 0; i < count; i++) {
            double e = exps[i];
            double logit = bySlot[i];
            double sigmoidOfAbs = 1 / (1 + e);
            ofZero[i] = -(factor(e, logit) * sigmoidOfAbs);
            ofOne[i] = factorOfNegated(e, logit) * sigmoidOfAbs;
        }
    }

    /** {@return {@code exp(-|l|)}, the one expression the scoring and a recomputation share} */
    private static double expOfMinusAbs(double logit) {
        return Math.exp(-Math.abs(logit));
    }

    /** {@return {@code -sigmoid(l)}, the slope where {@code y = 0}, from {@code e = exp(-|l|)}} */
    static double slopeOfZero(double logit, double e) {
        return -(factor(e, logit) * (1 / (1 + e)));
    }

    /** {@return {@code sigmoid(-l)}, the slope where {@code y = 1}, from {@code e = exp(-|l|)}} */
    static double slopeOfOne(double logit, double e) {
        return factorOfNegated(e, logit) * (1 / (1 + e));
    }

    /**
     * {@return 1 where {@code x >= 0} and {@code e} where {@code x < 0}} (NaN for NaN): with {@code 1 / (1 + e)},
     * {@code sigmoid(|l|)}, it gives {@code sigmoid(x)} for {@code x = l} or {@code -l}, one division for both
     * signs. Written with {@code min} and {@code max}, not a branch, the loop is vectorised (three times faster than
     * the branch on random signs): {@code x} times the largest double is at least 1 for every positive x from 5.6e-309
     * on, and below that {@code e = exp(-x)} is 1 already, as at {@code x = 0}; a negative x gives a negative product.
     */
    static double factor(double e, double x) {
        return Math.min(1.0, Math.max(e, x * Double.MAX_VALUE));
    }

    /**
     * {@return {@code factor(e, -x)}, to the bit, written {@code max(e, min(1, -x MAX))}}: {@code e} where
     * {@code x > 0} ({@code -x MAX} is negative), 1 where {@code x < 0} ({@code -x MAX} is at least 1, or below
     * 5.6e-309 {@code e} is 1 already), {@code e = 1} at either zero, NaN for NaN.
     */
    static double factorOfNegated(double e, double x) {
        return Math.max(e, Math.min(1.0, x * -Double.MAX_VALUE));
    }

    /**
     * The gradient into a shared source, where a slot is one source row: its rows' upstream values are summed first
     * (over every cell that reads the input), so the slopes are taken and added once per slot and member,
     * {@code adjoint[j] += (G - G1_j) slopeOfZero(l_j) + G1_j slopeOfOne(l_j)}, {@code G} the slot's upstream sum and
     * {@code G1_j} the part of it from rows with a one at {@code j} (summed in the same order, so it is {@code G}
     * exactly where every row has a one). A slot whose rows all have zero upstream is skipped, as the per-row form
     * skips such rows. Each slope keeps its own formula, so a one's small {@code sigmoid(-l)} is not lost to a
     * cancellation; the sums are only rounded in another order than row by row.
     *
     * @param onesUpstream {@code slots * members} zeros, left zero
     */
    private static void addSharedGradient(double[] g, int input, int[] inputOfCell, int n, int members,
                                          int[] onStart, int[] onIndex, Input in, double[] ofZero,
                                          double[] ofOne, double[] onesUpstream, double[] adjoint) {
        int cells = inputOfCell.length;
        int[] slotOfRow = in.slotOfRow;
        int[] slotRows = in.slotRows;
        double[] upstream = new double[slotRows.length];
        boolean[] live = new boolean[slotRows.length];
        for (int cell = 0; cell < cells; cell++) {
            if (inputOfCell[cell] != input) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                double u = g[r * cells + cell];
                if (u == 0) {
                    continue;
                }
                int slot = slotOfRow[r];
                upstream[slot] += u;
                live[slot] = true;
                int shift = slot * members - r * members;   // from a position in y to its slot's member
                for (int k = onStart[r]; k < onStart[r + 1]; k++) {
                    onesUpstream[shift + onIndex[k]] += u;
                }
            }
        }
        for (int slot = 0; slot < slotRows.length; slot++) {
            if (!live[slot]) {
                continue;
            }
            double sum = upstream[slot];
            int offset = slotRows[slot] * members;
            int at = slot * members;
            for (int j = 0; j < members; j++) {
                double ones = onesUpstream[at + j];
                adjoint[offset + j] += (sum - ones) * ofZero[at + j] + ones * ofOne[at + j];
            }
            Arrays.fill(onesUpstream, at, at + members, 0.0);
        }
    }

    /**
     * {@code adjoint[r, j] += g[r, cell] (y - sigmoid(l))} for an input of the block's own rows (not shared: block row
     * r is row r of its logits), the slopes read from the row's slot: the zeros' copied to a scratch row and the ones'
     * put in at the ones, then added as one vectorised loop over the members.
     */
    private static void addGradient(double[] g, int cell, int cells, int n, int members, int[] onStart,
                                    int[] onIndex, Input input, double[] exps, double[] ofZero, double[] adjoint) {
        int[] slotOfRow = input.slotOfRow;
        double[] l = input.l;
        for (int r = 0; r < n; r++) {
            double upstream = g[r * cells + cell];
            if (upstream == 0) {
                continue;
            }
            int offset = r * members;
            int at = slotOfRow[r] * members;
            int j = 0;
            for (int k = onStart[r]; k < onStart[r + 1]; k++) {
                int one = onIndex[k] - r * members;
                for (; j < one; j++) {
                    adjoint[offset + j] += upstream * ofZero[at + j];
                }
                adjoint[offset + one] += upstream * slopeOfOne(l[offset + one], exps[at + one]);
                j = one + 1;
            }
            for (; j < members; j++) {
                adjoint[offset + j] += upstream * ofZero[at + j];
            }
        }
    }
}
