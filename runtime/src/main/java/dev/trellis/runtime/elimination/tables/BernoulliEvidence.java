package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ObjIntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The evidence of a Bernoulli site over folded plates (e.g. hmm.py's tones), sparse: per assignment c of the
 * enumerated parents and folded member d the method gives {@code logP1[c][d] = log p(y_d = 1)} and
 * {@code logP0[c][d] = log p(y_d = 0)}, and a row is {@code offBase[c] + sum over the members that are on of
 * (logP1 - logP0)} ({@link BernoulliEmissionTables}): O(on-members x cells) per row instead of O(D x cells), and
 * no allocation per row, so a streamed scan's memory does not grow with its length.
 *
 * <p><b>Fractional data</b> (a value strictly between 0 and 1) are accepted as soft counts, as Trellis's chain
 * factors always have: the row is {@code sum_d y_d logP1 + (1 - y_d) logP0} (terms of weight 0 skipped, so a zero
 * probability costs nothing where its weight is 0, as torch's {@code xlogy}). {@link DenseEvidence} rejects them,
 * as {@code Bernoulli.logProb} does. Data with a fractional entry are scored densely.
 *
 * <p><b>Ragged folded plates</b> (another number of members in each row, e.g. each group's items) are scored
 * sparsely too. As in {@link DenseEvidence}, each distribution must fit every row (its batch broadcasts to the row's
 * folded plates, {@link FoldedScores}), so along a plate whose members differ its batch dimension is 1; the tables
 * then cover the <em>table shape</em> (per folded plate, the largest batch extent of the variant's distributions) and
 * a row holds some number of copies of them: its off-base is that many times the tables' ({@link RaggedBernoulliRows}).
 * A row without members scores 0. The member index of the tables, for messages, is the table shape's.
 *
 * <p>Inputs, for gradients: {@code logP1} and {@code logP0}, {@code [cells, D]} each, per variant that occurs (one
 * pair without lagged parents); D is the number of folded members (1 without folded plates), or for ragged rows the
 * size of the table shape. {@link #backward}
 * accumulates their adjoints in O(on-members x cells) per row ({@link BernoulliEmissionAdjoints}). Not
 * thread-safe: one per evaluation.
 */
public final class BernoulliEvidence implements SharedInputEvidence {

    private final EvidenceRows rows;
    /** The observations: uniform rows, or ragged ones; exactly one is non-null. */
    private final @Nullable BernoulliObservations observations;
    private final @Nullable RaggedBernoulliRows ragged;
    /** Per variant (null where none occurs): the tables and their tensors. */
    private final BernoulliEmissionTables[] tables;
    private final Tensor[] logP1;
    private final Tensor[] logP0;

    private BernoulliEvidence(EvidenceRows rows, @Nullable BernoulliObservations observations,
                              @Nullable RaggedBernoulliRows ragged, BernoulliEmissionTables[] tables, Tensor[] logP1,
                              Tensor[] logP0) {
        this.rows = rows;
        this.observations = observations;
        this.ragged = ragged;
        this.tables = tables;
        this.logP1 = logP1;
        this.logP0 = logP0;
    }

    /**
     * Checks the data and tabulates {@code log p(1)} and {@code log p(0)} per member from one call of the method
     * per variant that occurs and assignment of the present parents.
     *
     * @param data the site's data: plates and folded plates, no event dimension, every value in [0, 1]
     * @param parents its enumerated parents
     * @param method the site's method, returning a Bernoulli batched over the folded plates (or broadcasting to
     *     them); see {@link EvidenceMethod} for the calling convention
     * @return the evidence
     * @throws SiteException naming the site, the index path and the value of data outside [0, 1]; naming the
     *     assignment if the method throws or returns null, if its distribution does not score one log-probability
     *     per folded member, or if a log-probability is NaN or {@code +Infinity}
     */
    public static BernoulliEvidence of(ObservedData data, EnumeratedParents parents, EvidenceMethod.OfParents method) {
        if (data.levels().eventLevels() != 0) {
            throw new IllegalArgumentException("site '" + data.site() + "': Bernoulli data has no event dimension");
        }
        data.checkBernoulli(false);
        EvidenceRows rows = new EvidenceRows(data, parents, 0);
        int cells = rows.cells;
        int variants = rows.maxLag + 1;
        int[][] tableShapes = new int[variants][];
        BernoulliEmissionTables[] tables = new BernoulliEmissionTables[variants];
        Tensor[] logP1 = new Tensor[variants];
        Tensor[] logP0 = new Tensor[variants];
        int[] assignment = new int[parents.count()];
        for (int variant = 0; variant < variants; variant++) {
            if (!rows.occurs(variant)) {
                continue;
            }
            Distribution[] distributions = new Distribution[cells];
            String[] wheres = new String[cells];
            for (int cell = 0; cell < cells; cell++) {
                if (parents.representative(cell, variant) != cell) {
                    continue;
                }
                parents.decode(cell, variant, assignment);
                wheres[cell] = rows.whereCell(cell, variant);
                int v = variant;
                distributions[cell] = SiteCalls.evaluate(rows.site, wheres[cell], () -> method.call(v, assignment));
                checkNoEvent(rows, wheres[cell], distributions[cell]);
                if (data.isRagged()) {
                    FoldedScores.checkFits(rows, wheres[cell], distributions[cell], variant, cell);
                }
            }
            int[] table = data.isRagged() ? tableShape(distributions, data.levels().foldedLevels())
                    : data.foldedShape();
            Tensor[] stacked = stackedBernoulli(parents, variant, distributions, table);
            if (stacked != null) {
                checkStacked(rows, wheres, stacked, table);
                logP1[variant] = stacked[0];
                logP0[variant] = stacked[1];
            } else {
                Tensor ones = Tensor.ones(table);
                Tensor zeros = Tensor.zeros(table);
                Tensor[] on = new Tensor[cells];
                Tensor[] off = new Tensor[cells];
                for (int cell = 0; cell < cells; cell++) {
                    int representative = parents.representative(cell, variant);
                    if (representative != cell) {
                        on[cell] = on[representative];
                        off[cell] = off[representative];
                        continue;
                    }
                    on[cell] = perMember(rows, wheres[cell], distributions[cell], ones, table, 1);
                    off[cell] = perMember(rows, wheres[cell], distributions[cell], zeros, table, 0);
                }
                logP1[variant] = Tensor.stack(0, on);
                logP0[variant] = Tensor.stack(0, off);
            }
            tableShapes[variant] = table;
            tables[variant] = BernoulliEmissionTables.of(logP1[variant].toArray(), logP0[variant].toArray(), cells,
                    RowShapes.product(table, 0, table.length));
        }
        if (data.isRagged()) {
            return new BernoulliEvidence(rows, null, RaggedBernoulliRows.of(rows, tableShapes), tables, logP1,
                    logP0);
        }
        BernoulliObservations observations = data.bernoulliObservations();
        return new BernoulliEvidence(rows, observations, null, tables, logP1, logP0);
    }

    /**
     * {@inheritDoc} Uniform rows only (ragged rows score their own table shapes): null for ragged data, other folded
     * plates, or a variant this evidence did not tabulate.
     */
    @Override
    public @Nullable BernoulliEvidence over(ObservedData data) {
        if (ragged != null || data.isRagged() || data.levels().eventLevels() != 0
                || !Arrays.equals(data.foldedShape(), rows.data.foldedShape())) {
            return null;
        }
        data.checkBernoulli(false);
        EvidenceRows other = new EvidenceRows(data, rows.parents, 0);
        for (int variant = 0; variant < tables.length; variant++) {
            if (other.occurs(variant) && tables[variant] == null) {
                return null;
            }
        }
        return new BernoulliEvidence(other, data.bernoulliObservations(), null, tables, logP1, logP0);
    }

    /** {@inheritDoc} {@code log p(1) at variant v} and {@code log p(0) at variant v} per tabulated variant. */
    @Override
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (int variant = 0; variant < tables.length; variant++) {
            if (tables[variant] != null) {
                names.add("log p(1) at variant " + variant);
                names.add("log p(0) at variant " + variant);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The table shape of a variant over ragged rows: per folded plate, the largest extent of the distributions' batch
     * shapes (right-aligned; 1 where they all broadcast).
     */
    private static int[] tableShape(@Nullable Distribution[] distributions, int folded) {
        int[] table = new int[folded];
        java.util.Arrays.fill(table, 1);
        for (Distribution distribution : distributions) {
            if (distribution == null) {
                continue;
            }
            int[] batch = distribution.batchShape();
            for (int j = 0; j < batch.length; j++) {
                int k = folded - batch.length + j;
                table[k] = Math.max(table[k], batch[j]);
            }
        }
        return table;
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

    /** {@return whether every observed value is 0 or 1, so that rows are scored sparsely} */
    public boolean isBinary() {
        return observations != null ? observations.isBinary() : ragged != null && ragged.isBinary();
    }

    @Override
    public void fill(int from, int to, double[] out, int at) {
        rows.checkBlock(from, to, out, at);
        for (int i = from; i < to; i++) {
            try {
                if (observations != null) {
                    tables[rows.variant(i)].logEvidence(observations, i, out, at + (i - from) * rows.cells);
                } else {
                    assert ragged != null;
                    ragged.logEvidence(tables[rows.variant(i)], i, out, at + (i - from) * rows.cells);
                }
            } catch (IllegalArgumentException e) {
                throw new SiteException(rows.site, rows.data.describe(i), e.getMessage(), e);
            }
        }
    }

    /** {@inheritDoc} {@code logP1} and {@code logP0} per occurring variant, in that order. */
    @Override
    public List<Tensor> inputs() {
        List<Tensor> inputs = new ArrayList<>();
        boolean gradient = false;
        for (int variant = 0; variant < tables.length; variant++) {
            if (tables[variant] != null) {
                inputs.add(logP1[variant]);
                inputs.add(logP0[variant]);
                gradient |= logP1[variant].requiresGrad() || logP0[variant].requiresGrad();
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
        forEachVariant(accumulate(rowAdjoints, scale),
                (adjoints, input) -> adjoints.addTo(inputAdjoints[input], 0, inputAdjoints[input + 1], 0));
    }

    /** {@inheritDoc} In place: each variant's adjoints are added straight into {@code out}. */
    @Override
    public void backwardInto(double[] rowAdjoints, double[] out, int[] offsets) {
        forEachVariant(accumulate(rowAdjoints, 1.0),
                (adjoints, input) -> adjoints.addTo(out, offsets[input], out, offsets[input + 1]));
    }

    /**
     * Hands each tabulated variant's adjoints to {@code add} with the index of its first input (its {@code logP1};
     * {@code logP0} follows), skipping variants none of these rows has (evidence over other data).
     */
    private void forEachVariant(BernoulliEmissionAdjoints @Nullable [] adjoints,
                                ObjIntConsumer<BernoulliEmissionAdjoints> add) {
        if (adjoints == null) {
            return;
        }
        int input = 0;
        for (int variant = 0; variant < tables.length; variant++) {
            if (tables[variant] == null) {
                continue;
            }
            if (adjoints[variant] != null) {
                add.accept(adjoints[variant], input);
            }
            input += 2;
        }
    }

    /** {@return per variant, the adjoints its rows give the tables (null for variants no row has); null without inputs} */
    private BernoulliEmissionAdjoints @Nullable [] accumulate(double[] rowAdjoints, double scale) {
        rows.checkAdjoints(rowAdjoints);
        if (inputs().isEmpty()) {
            return null;
        }
        BernoulliEmissionAdjoints[] adjoints = new BernoulliEmissionAdjoints[tables.length];
        for (int i = 0; i < rows.instances; i++) {
            int variant = rows.variant(i);
            if (adjoints[variant] == null) {
                adjoints[variant] = new BernoulliEmissionAdjoints(rows.cells, members(variant));
                adjoints[variant].scaleBy(scale);
            }
            if (observations != null) {
                adjoints[variant].add(observations, i, rowAdjoints, i * rows.cells);
            } else {
                assert ragged != null;
                ragged.addAdjoints(adjoints[variant], i, rowAdjoints, i * rows.cells);
            }
        }
        return adjoints;
    }

    /** {@return the number of members of a variant's tables} */
    private int members(int variant) {
        return logP1[variant].size(1);
    }

    private static void checkNoEvent(EvidenceRows rows, String where, Distribution distribution) {
        if (distribution.eventShape().length != 0) {
            throw new SiteException(rows.site, where, "returned a distribution with event shape "
                    + Arrays.toString(distribution.eventShape()) + "; a Bernoulli observation over folded plates "
                    + "scores each member on its own (batch dimensions, not toEvent)");
        }
    }

    /**
     * {@code {logP1, logP0}}, {@code [cells, D]} each, scored in one pass when every cell has a distribution of its own
     * and all are Bernoullis given by probs with the table's batch shape ({@link Bernoulli#stackedLogProbs}: the values
     * and gradients of {@link #perMember} cell by cell); null otherwise.
     */
    private static Tensor @Nullable [] stackedBernoulli(EnumeratedParents parents, int variant,
                                                        Distribution[] distributions, int[] table) {
        List<Bernoulli> bernoullis = new ArrayList<>(distributions.length);
        for (int cell = 0; cell < distributions.length; cell++) {
            if (parents.representative(cell, variant) != cell || !(distributions[cell] instanceof Bernoulli)) {
                return null;
            }
            bernoullis.add((Bernoulli) distributions[cell]);
        }
        Tensor[] stacked = Bernoulli.stackedLogProbs(bernoullis, table);
        if (stacked == null) {
            return null;
        }
        int members = RowShapes.product(table, 0, table.length);
        return new Tensor[] {stacked[0].reshape(distributions.length, members),
                stacked[1].reshape(distributions.length, members)};
    }

    /** {@link #perMember}'s checks of the entries, in its order (a cell's ones, then its zeros), on stacked tables. */
    private static void checkStacked(EvidenceRows rows, String[] wheres, Tensor[] stacked, int[] table) {
        double[][] entries = {stacked[0].toArray(), stacked[1].toArray()};
        int members = stacked[0].size(1);
        for (int cell = 0; cell < wheres.length; cell++) {
            for (int value = 1; value >= 0; value--) {
                for (int d = 0; d < members; d++) {
                    double entry = entries[1 - value][cell * members + d];
                    if (Double.isNaN(entry) || entry == Double.POSITIVE_INFINITY) {
                        String member = table.length == 0 ? "" : " of member " + rows.member(d, table);
                        throw new SiteException(rows.site, wheres[cell], "log p(" + value + ")" + member + " is "
                                + entry);
                    }
                }
            }
        }
    }

    /**
     * {@code [D]}: the log-probability of every table member taking {@code value}, checked to be one entry per
     * member and never NaN or {@code +Infinity}.
     *
     * @param table the table's shape: the folded plates' (uniform rows) or the broadcast table's (ragged rows)
     */
    private static Tensor perMember(EvidenceRows rows, String where, Distribution distribution, Tensor probe,
                                    int[] table, int value) {
        Tensor logProb;
        try {
            logProb = distribution.logProb(probe);
        } catch (IllegalArgumentException e) {
            throw new SiteException(rows.site, where, e.getMessage(), e);
        }
        if (!Arrays.equals(logProb.shape(), table)) {
            throw new SiteException(rows.site, where, "returned a distribution with batch shape "
                    + Arrays.toString(distribution.batchShape()) + ", which scores the folded plates "
                    + Arrays.toString(table) + " with shape " + Arrays.toString(logProb.shape())
                    + "; its batch shape must be that of the folded plates (right-aligned, 1 broadcasts)");
        }
        double[] entries = logProb.toArray();
        for (int d = 0; d < entries.length; d++) {
            if (Double.isNaN(entries[d]) || entries[d] == Double.POSITIVE_INFINITY) {
                String member = table.length == 0 ? "" : " of member " + rows.member(d, table);
                throw new SiteException(rows.site, where, "log p(" + value + ")" + member + " is " + entries[d]);
            }
        }
        return logProb.reshape(entries.length);
    }
}
