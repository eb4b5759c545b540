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
 * variant.
 *
 * <p><b>Ragged folded plates.</b> The method receives the previous values over the row's folded plates, so rows of
 * another shape (each sequence its own number of voices) are another call: the tables are made per variant and row
 * shape that occur, each from calls with previous values of that shape (so their cost grows with the number of
 * distinct shapes, and their size with the sum of their members). A step reads the step before it member by member,
 * so within one sequence every step must have the same members; a sequence whose steps differ is a
 * {@link SiteException} naming the step. A row without members scores 0.
 *
 * <p>Inputs: {@code logP1} and {@code logP0}, {@code [cells, 2, D]}, per occurring variant and, for ragged rows, per
 * occurring row shape within it (in order of first occurrence). Not thread-safe: one per evaluation.
 */
public final class AutoregressiveBernoulliEvidence implements Evidence {

    private static final double MIXED_PATTERN_TOLERANCE = 1e-12;

    private final EvidenceRows rows;
    private final double initial;
    private final RowShapes shapes;
    private final int[] steps;
    /** Per variant and row shape class, the tables (null where no row has both) and their values. */
    private final Tensor[][] logP1;
    private final Tensor[][] logP0;
    /** {@code [cells][2][D]} row-major. */
    private final double[][][] on;
    private final double[][][] off;

    private AutoregressiveBernoulliEvidence(EvidenceRows rows, double initial, Tensor[][] logP1, Tensor[][] logP0) {
        this.rows = rows;
        this.initial = initial;
        this.shapes = rows.data.shapes();
        this.steps = rows.data.steps();
        this.logP1 = logP1;
        this.logP0 = logP0;
        this.on = new double[logP1.length][shapes.classes()][];
        this.off = new double[logP1.length][shapes.classes()][];
        for (int variant = 0; variant < logP1.length; variant++) {
            for (int c = 0; c < shapes.classes(); c++) {
                if (logP1[variant][c] != null) {
                    on[variant][c] = logP1[variant][c].toArray();
                    off[variant][c] = logP0[variant][c].toArray();
                }
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
        data.checkBernoulli(true);
        EvidenceRows rows = new EvidenceRows(data, parents, 0);
        checkSameMembersAlongSequences(rows);
        int variants = rows.maxLag + 1;
        int classes = data.shapes().classes();
        Tensor[][] logP1 = new Tensor[variants][classes];
        Tensor[][] logP0 = new Tensor[variants][classes];
        for (int variant = 0; variant < variants; variant++) {
            for (int c = 0; c < classes; c++) {
                if (rows.witness(variant, c) >= 0) {
                    tabulate(rows, variant, c, method, logP1[variant], logP0[variant]);
                }
            }
        }
        return new AutoregressiveBernoulliEvidence(rows, initial, logP1, logP0);
    }

    /** A step reads the step before it member by member: both must have the same folded members. */
    private static void checkSameMembersAlongSequences(EvidenceRows rows) {
        ObservedData data = rows.data;
        if (!data.isRagged()) {
            return;
        }
        int[] steps = data.steps();
        RowShapes shapes = data.shapes();
        for (int i = 1; i < rows.instances; i++) {
            if (steps[i] > 0 && shapes.classOf(i) != shapes.classOf(i - 1)) {
                throw new SiteException(rows.site, data.describe(i), "has folded plates "
                        + Arrays.toString(data.foldedShape(i)) + " but the step before it has "
                        + Arrays.toString(data.foldedShape(i - 1)) + "; a site that reads its own previous value "
                        + "member by member needs the same members at every step of a sequence");
            }
        }
    }

    private static void tabulate(EvidenceRows rows, int variant, int shapeClass, EvidenceMethod.OfPrevious method,
                                 Tensor[] logP1, Tensor[] logP0) {
        int[] folded = rows.data.shapes().foldedShape(shapeClass);
        int cells = rows.cells;
        if (RowShapes.product(folded, 0, folded.length) == 0) {   // rows without members score 0: no call needed
            logP1[shapeClass] = Tensor.zeros(cells, 2, 0);
            logP0[shapeClass] = Tensor.zeros(cells, 2, 0);
            return;
        }
        Tensor zeros = Tensor.zeros(folded);
        Tensor ones = Tensor.ones(folded);
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
            // Uniform rows: the assignment says it all; ragged rows: also the first row of this shape.
            String where = rows.data.isRagged() ? rows.whereInstance(rows.witness(variant, shapeClass), cell)
                    : rows.whereCell(cell, variant);
            Distribution afterZeros = call(rows, where, method, variant, assignment, zeros);
            Distribution afterOnes = call(rows, where, method, variant, assignment, ones);
            on[cell] = Tensor.stack(0, perMember(rows, where, afterZeros, ones, 1),
                    perMember(rows, where, afterOnes, ones, 1));
            off[cell] = Tensor.stack(0, perMember(rows, where, afterZeros, zeros, 0),
                    perMember(rows, where, afterOnes, zeros, 0));
            if (cell == 0) {
                checkMembersReadTheirOwn(rows, where, method, variant, assignment, folded, on[0], off[0]);
            }
        }
        logP1[shapeClass] = Tensor.stack(0, on);
        logP0[shapeClass] = Tensor.stack(0, off);
    }

    /**
     * Calls the method with previous patterns "member d's bit b" and compares each member's log-probabilities with
     * those from its own previous value alone (the all-zeros or all-ones tables).
     */
    private static void checkMembersReadTheirOwn(EvidenceRows rows, String where, EvidenceMethod.OfPrevious method,
                                                 int variant, int[] assignment, int[] folded, Tensor on, Tensor off) {
        int members = RowShapes.product(folded, 0, folded.length);
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
                                + rows.member(d, folded), "its distribution depends on other members' previous "
                                + "values (log p(" + value + ") = " + got + " with a mixed previous pattern, " + want + " from its own "
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

    /**
     * {@code [D]}: the log-probability of every member of a row of the probe's shape taking {@code value}; checked as
     * {@link BernoulliEvidence}.
     */
    private static Tensor perMember(EvidenceRows rows, String where, Distribution distribution, Tensor probe,
                                    int value) {
        int[] folded = probe.shape();
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
                throw new SiteException(rows.site, where, "log p(" + value + ") of member " + rows.member(d, folded)
                        + " is " + entries[d]);
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
            int shapeClass = shapes.classOf(i);
            double[] p1 = on[rows.variant(i)][shapeClass];
            double[] p0 = off[rows.variant(i)][shapeClass];
            int members = shapes.width(shapeClass);
            int first = shapes.start(i);
            int previous = steps[i] == 0 ? -1 : shapes.start(i - 1);
            int row = at + (i - from) * cells;
            for (int cell = 0; cell < cells; cell++) {
                double total = 0.0;
                int base = cell * 2 * members;
                for (int d = 0; d < members; d++) {
                    int entry = base + offset(y, previous, members, d);
                    total += y[first + d] == 1.0 ? p1[entry] : p0[entry];
                }
                out[row + cell] = total;
            }
        }
    }

    /**
     * {@inheritDoc} {@code logP1} and {@code logP0}, {@code [cells, 2, D]}, per occurring variant and row shape, in
     * that order.
     */
    @Override
    public List<Tensor> inputs() {
        List<Tensor> inputs = new ArrayList<>();
        boolean gradient = false;
        for (int variant = 0; variant < logP1.length; variant++) {
            for (int c = 0; c < shapes.classes(); c++) {
                if (logP1[variant][c] != null) {
                    inputs.add(logP1[variant][c]);
                    inputs.add(logP0[variant][c]);
                    gradient |= logP1[variant][c].requiresGrad() || logP0[variant][c].requiresGrad();
                }
            }
        }
        return gradient ? List.copyOf(inputs) : List.of();
    }

    @Override
    public void backward(double[] rowAdjoints, double[][] inputAdjoints) {
        backward(rowAdjoints, 1.0, inputAdjoints);
    }

    @Override
    public void backward(double[] rowAdjoints, double scale, double[][] inputAdjoints) {
        rows.checkAdjoints(rowAdjoints);
        if (inputs().isEmpty()) {
            return;
        }
        double[] y = rows.data.values();
        int cells = rows.cells;
        double[][][] dOn = new double[logP1.length][shapes.classes()][];
        double[][][] dOff = new double[logP1.length][shapes.classes()][];
        for (int i = 0; i < rows.instances; i++) {
            int variant = rows.variant(i);
            int shapeClass = shapes.classOf(i);
            int members = shapes.width(shapeClass);
            if (dOn[variant][shapeClass] == null) {
                dOn[variant][shapeClass] = new double[cells * 2 * members];
                dOff[variant][shapeClass] = new double[cells * 2 * members];
            }
            double[] gOn = dOn[variant][shapeClass];
            double[] gOff = dOff[variant][shapeClass];
            int first = shapes.start(i);
            int previous = steps[i] == 0 ? -1 : shapes.start(i - 1);
            for (int cell = 0; cell < cells; cell++) {
                double g = scale * rowAdjoints[i * cells + cell];
                int base = cell * 2 * members;
                for (int d = 0; d < members; d++) {
                    int entry = base + offset(y, previous, members, d);
                    if (y[first + d] == 1.0) {
                        gOn[entry] += g;
                    } else {
                        gOff[entry] += g;
                    }
                }
            }
        }
        int input = 0;
        for (int variant = 0; variant < logP1.length; variant++) {
            for (int c = 0; c < shapes.classes(); c++) {
                if (logP1[variant][c] == null) {
                    continue;
                }
                EvidenceRows.addInto(inputAdjoints[input], dOn[variant][c]);
                EvidenceRows.addInto(inputAdjoints[input + 1], dOff[variant][c]);
                input += 2;
            }
        }
    }

    /**
     * Member d's offset in an assignment's {@code [2, D]} block: {@code d} after a 0, {@code D + d} after a 1.
     *
     * @param previous the first entry of the step before, -1 at a first step (which reads the initial value)
     */
    private int offset(double[] y, int previous, int members, int d) {
        double before = previous < 0 ? initial : y[previous + d];
        return (before == 1.0 ? members : 0) + d;
    }
}
