package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The evidence of a Bernoulli site over folded plates that reads its own previous value member by member (hmm.py's
 * {@code model_2}: {@code y_t[d] ~ Bernoulli(p[x_t, y_{t-1}[d], d])}, with {@code initial} before the first step).
 *
 * <p>Tables {@code logP1[c][v][d] = log p(y_d = 1 | parents = c, previous y_d = v)} and {@code logP0} likewise,
 * {@code [cells, 2, D]}, come from two calls of the method per assignment (previous all zeros, all ones); a row is
 * {@code sum_d (y_d = 1 ? logP1 : logP0)[c][previous y_d][d]}. That is only right if member d reads member d's
 * previous value alone, which is what a plate of conditionally independent members means; the method is therefore
 * also called with mixed previous patterns (member d's bit b, for every bit b of the member index, so that any two
 * members differ in some pattern) and a member whose probability changes with another member's previous value is
 * an error, not a silently wrong likelihood.
 *
 * <p>Data must be 0/1 (the previous value selects a table row). Lagged enumerated parents give one pair of tables per
 * variant. Inputs: {@code logP1} and {@code logP0} per occurring variant. Not thread-safe: one per evaluation.
 */
public final class AutoregressiveBernoulliEvidence implements Evidence {

    private static final double MIXED_PATTERN_TOLERANCE = 1e-12;

    private final EvidenceRows rows;
    private final double initial;
    private final int members;
    private final int[] steps;
    private final Tensor[] logP1;
    private final Tensor[] logP0;
    /** Per variant, the tables' values, {@code [cells][2][D]} row-major. */
    private final double[][] on;
    private final double[][] off;

    private AutoregressiveBernoulliEvidence(EvidenceRows rows, double initial, Tensor[] logP1, Tensor[] logP0) {
        this.rows = rows;
        this.initial = initial;
        this.members = rows.data.rowWidth();
        this.steps = rows.data.steps();
        this.logP1 = logP1;
        this.logP0 = logP0;
        this.on = new double[logP1.length][];
        this.off = new double[logP1.length][];
        for (int variant = 0; variant < logP1.length; variant++) {
            if (logP1[variant] != null) {
                on[variant] = logP1[variant].toArray();
                off[variant] = logP0[variant].toArray();
            }
        }
    }

    /**
     * Checks the data, tabulates the site and checks that each member reads only its own previous value.
     *
     * @param data the site's data: plates (the innermost a Markov plate) and folded plates, every value 0 or 1
     * @param parents its enumerated parents
     * @param initial the value (0 or 1) of every member before the first step
     * @param method the site's method; see {@link EvidenceMethod} for the calling convention
     * @return the evidence
     * @throws SiteException naming the index path and value of data that is not 0 or 1, or an initial value that is
     *     not; naming the assignment if the method throws or returns null, if its distribution does not score one
     *     log-probability per folded member, if one is NaN or {@code +Infinity}, or naming the member that reads
     *     another member's previous value
     */
    public static AutoregressiveBernoulliEvidence of(ObservedData data, EnumeratedParents parents, double initial,
                                                     EvidenceMethod.OfPrevious method) {
        if (data.levels().eventLevels() != 0 || data.levels().plateLevels() == 0) {
            throw new IllegalArgumentException("site '" + data.site() + "': an autoregressive Bernoulli observation "
                    + "has a Markov plate and no event dimension");
        }
        if (initial != 0.0 && initial != 1.0) {
            throw new SiteException(data.site(), "", "the value before the first step is " + initial
                    + "; it is read as a previous value, so it must be 0 or 1");
        }
        if (data.isRagged()) {
            throw new SiteException(data.site(), "", "its folded plates have other members in some rows, which "
                    + "this evidence does not support yet");
        }
        data.checkBernoulli(true);
        EvidenceRows rows = new EvidenceRows(data, parents, 0);
        int variants = rows.maxLag + 1;
        Tensor[] logP1 = new Tensor[variants];
        Tensor[] logP0 = new Tensor[variants];
        for (int variant = 0; variant < variants; variant++) {
            if (rows.occurs(variant)) {
                tabulate(rows, variant, method, logP1, logP0);
            }
        }
        return new AutoregressiveBernoulliEvidence(rows, initial, logP1, logP0);
    }

    private static void tabulate(EvidenceRows rows, int variant, EvidenceMethod.OfPrevious method, Tensor[] logP1,
                                 Tensor[] logP0) {
        int[] folded = rows.data.foldedShape();
        Tensor zeros = Tensor.zeros(folded);
        Tensor ones = Tensor.ones(folded);
        int cells = rows.cells;
        Tensor[] on = new Tensor[cells];
        Tensor[] off = new Tensor[cells];
        int[] assignment = new int[rows.parents.count()];
        for (int cell = 0; cell < cells; cell++) {
            int representative = rows.parents.representative(cell, variant);
            if (representative != cell) {
                on[cell] = on[representative];
                off[cell] = off[representative];
                continue;
            }
            rows.parents.decode(cell, variant, assignment);
            String where = rows.whereCell(cell, variant);
            Distribution afterZeros = call(rows, where, method, variant, assignment, zeros);
            Distribution afterOnes = call(rows, where, method, variant, assignment, ones);
            on[cell] = Tensor.stack(0, perMember(rows, where, afterZeros, ones, 1),
                    perMember(rows, where, afterOnes, ones, 1));
            off[cell] = Tensor.stack(0, perMember(rows, where, afterZeros, zeros, 0),
                    perMember(rows, where, afterOnes, zeros, 0));
            if (cell == 0) {
                checkMembersReadTheirOwn(rows, where, method, variant, assignment, on[0], off[0]);
            }
        }
        logP1[variant] = Tensor.stack(0, on);
        logP0[variant] = Tensor.stack(0, off);
    }

    /**
     * Calls the method with previous patterns "member d's bit b" and compares each member's log-probabilities with
     * those from its own previous value alone (the all-zeros or all-ones tables).
     */
    private static void checkMembersReadTheirOwn(EvidenceRows rows, String where, EvidenceMethod.OfPrevious method,
                                                 int variant, int[] assignment, Tensor on, Tensor off) {
        int members = rows.data.rowWidth();
        int[] folded = rows.data.foldedShape();
        double[] own1 = on.toArray();
        double[] own0 = off.toArray();
        for (int bit = 0; (1 << bit) < members; bit++) {
            double[] pattern = new double[members];
            for (int d = 0; d < members; d++) {
                pattern[d] = (d >> bit) & 1;
            }
            Distribution mixed = call(rows, where, method, variant, assignment, Tensor.of(pattern, folded));
            double[] got1 = perMember(rows, where, mixed, Tensor.ones(folded), 1).toArray();
            double[] got0 = perMember(rows, where, mixed, Tensor.zeros(folded), 0).toArray();
            for (int d = 0; d < members; d++) {
                int previous = (int) pattern[d];
                for (int value = 1; value >= 0; value--) {
                    double got = value == 1 ? got1[d] : got0[d];
                    double want = (value == 1 ? own1 : own0)[previous * members + d];
                    if (Double.compare(got, want) != 0 && !(Math.abs(got - want) <= MIXED_PATTERN_TOLERANCE
                            * Math.abs(want))) {
                        throw new SiteException(rows.site, where + (where.isEmpty() ? "" : ", ") + "member "
                                + rows.member(d, rows.data.rowShape()), "its distribution depends on other members' previous values (log p("
                                + value + ") = " + got + " with a mixed previous pattern, " + want + " from its own "
                                + "previous value " + previous + "); an observation vectorised over a folded plate "
                                + "may read only its own member's previous value");
                    }
                }
            }
        }
    }

    private static Distribution call(EvidenceRows rows, String where, EvidenceMethod.OfPrevious method, int variant,
                                     int[] assignment, Tensor previous) {
        return SiteCalls.evaluate(rows.site, where, () -> method.call(variant, assignment, previous));
    }

    /** {@code [D]}: the log-probability of every member taking {@code value}; checked as {@link BernoulliEvidence}. */
    private static Tensor perMember(EvidenceRows rows, String where, Distribution distribution, Tensor probe,
                                    int value) {
        int[] folded = rows.data.foldedShape();
        Tensor logProb;
        try {
            logProb = distribution.logProb(probe);
        } catch (IllegalArgumentException e) {
            throw new SiteException(rows.site, where, e.getMessage(), e);
        }
        if (distribution.eventShape().length != 0 || !Arrays.equals(logProb.shape(), folded)) {
            throw new SiteException(rows.site, where, "returned a distribution with batch shape "
                    + Arrays.toString(distribution.batchShape()) + " and event shape "
                    + Arrays.toString(distribution.eventShape()) + ", which scores the folded plates "
                    + Arrays.toString(folded) + " with shape " + Arrays.toString(logProb.shape())
                    + "; its batch shape must be that of the folded plates (right-aligned, 1 broadcasts)");
        }
        double[] entries = logProb.toArray();
        for (int d = 0; d < entries.length; d++) {
            if (Double.isNaN(entries[d]) || entries[d] == Double.POSITIVE_INFINITY) {
                throw new SiteException(rows.site, where, "log p(" + value + ") of member " + rows.member(d, rows.data.rowShape()) + " is "
                        + entries[d]);
            }
        }
        return logProb.reshape(entries.length);
    }

    @Override
    public String site() {
        return rows.site;
    }

    @Override
    public int instances() {
        return rows.instances;
    }

    @Override
    public int cells() {
        return rows.cells;
    }

    @Override
    public void fill(int from, int to, double[] out, int at) {
        rows.checkBlock(from, to, out, at);
        double[] y = rows.data.values();
        int cells = rows.cells;
        for (int i = from; i < to; i++) {
            double[] p1 = on[rows.variant(i)];
            double[] p0 = off[rows.variant(i)];
            int row = at + (i - from) * cells;
            for (int cell = 0; cell < cells; cell++) {
                double total = 0.0;
                int base = cell * 2 * members;
                for (int d = 0; d < members; d++) {
                    int entry = base + offset(y, i, d);
                    total += y[i * members + d] == 1.0 ? p1[entry] : p0[entry];
                }
                out[row + cell] = total;
            }
        }
    }

    /** {@inheritDoc} {@code logP1} and {@code logP0}, {@code [cells, 2, D]}, per occurring variant, in that order. */
    @Override
    public List<Tensor> inputs() {
        List<Tensor> inputs = new ArrayList<>();
        boolean gradient = false;
        for (int variant = 0; variant < logP1.length; variant++) {
            if (logP1[variant] != null) {
                inputs.add(logP1[variant]);
                inputs.add(logP0[variant]);
                gradient |= logP1[variant].requiresGrad() || logP0[variant].requiresGrad();
            }
        }
        return gradient ? List.copyOf(inputs) : List.of();
    }

    @Override
    public void backward(double[] rowAdjoints, double[][] inputAdjoints) {
        rows.checkAdjoints(rowAdjoints);
        if (inputs().isEmpty()) {
            return;
        }
        double[] y = rows.data.values();
        int cells = rows.cells;
        int size = cells * 2 * members;
        double[][] dOn = new double[logP1.length][];
        double[][] dOff = new double[logP1.length][];
        for (int i = 0; i < rows.instances; i++) {
            int variant = rows.variant(i);
            if (dOn[variant] == null) {
                dOn[variant] = new double[size];
                dOff[variant] = new double[size];
            }
            for (int cell = 0; cell < cells; cell++) {
                double g = rowAdjoints[i * cells + cell];
                int base = cell * 2 * members;
                for (int d = 0; d < members; d++) {
                    int entry = base + offset(y, i, d);
                    if (y[i * members + d] == 1.0) {
                        dOn[variant][entry] += g;
                    } else {
                        dOff[variant][entry] += g;
                    }
                }
            }
        }
        int input = 0;
        for (int variant = 0; variant < logP1.length; variant++) {
            if (logP1[variant] == null) {
                continue;
            }
            EvidenceRows.addInto(inputAdjoints[input], dOn[variant]);
            EvidenceRows.addInto(inputAdjoints[input + 1], dOff[variant]);
            input += 2;
        }
    }

    /** Member d's offset in an assignment's {@code [2, D]} block at instance i: {@code d} after a 0, {@code D + d}. */
    private int offset(double[] y, int i, int d) {
        double previous = steps[i] == 0 ? initial : y[(i - 1) * members + d];
        return (previous == 1.0 ? members : 0) + d;
    }
}
