package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The evidence of an observed site of any family: its method called once per assignment of the enumerated
 * parents (and per boundary variant), and {@code logProb} of the data rows under each result, summed over the
 * folded plates.
 *
 * <p><b>Ragged folded plates.</b> When a folded plate has another number of members in each row (the items of each
 * group), the rows of a block are scored in groups of one shape (and one variant): one {@code logProb} per group and
 * cell, not per row. Each distribution must fit every row it scores ({@link FoldedScores}: its batch broadcasts to
 * the row's folded plates, so usually {@code []}); a row without members (a group without items) scores 0.
 *
 * <p><b>Streaming.</b> {@link #fill} scores only the rows it is asked for: a block of rows is copied out of the data,
 * scored once per cell, and dropped, so a likelihood-only scan over 10^6 steps holds one block at a time (the
 * distributions, one per cell and variant, are made once and kept).
 *
 * <p><b>Gradients.</b> {@link #inputs()} scores every row at once as one differentiable tensor
 * {@code [instances, cells]} (recording the tape through the distributions' parameters) and keeps its values, which
 * later fills copy; {@link #backward} is then the identity: the rows' adjoints are that tensor's adjoint. Call
 * {@code inputs()} before filling when a gradient is wanted, so the data is scored once; without a call no tape is
 * kept.
 *
 * <p>Validation is the family's: data outside the support is a {@link dev.trellis.runtime.errors.SiteException}
 * naming the instance (so a Bernoulli site's fractional data are rejected here, where {@link BernoulliEvidence}
 * accepts them as soft counts). Not thread-safe: one per evaluation.
 */
public final class DenseEvidence extends ScoredEvidence {

    /** {@code [variant * cells + cell]} for every occurring variant and representative cell; null elsewhere. */
    private final @Nullable Distribution[] distributions;

    private DenseEvidence(EvidenceRows rows, @Nullable Distribution[] distributions) {
        super(rows);
        this.distributions = distributions;
    }

    /**
     * Calls the site's method for every variant that occurs in the data and every assignment of its present
     * parents, and checks that each result fits the data's rows.
     *
     * @param data the site's data
     * @param parents its enumerated parents
     * @param method the site's method; see {@link EvidenceMethod} for the calling convention
     * @return the evidence
     * @throws dev.trellis.runtime.errors.SiteException naming the site and the assignment if the method throws,
     *     returns null, or returns a distribution whose batch or event shape does not fit the data
     */
    public static DenseEvidence of(ObservedData data, EnumeratedParents parents, EvidenceMethod.OfParents method) {
        EvidenceRows rows = new EvidenceRows(data, parents, 0);
        Distribution[] distributions = new Distribution[(rows.maxLag + 1) * rows.cells];
        int[] assignment = new int[parents.count()];
        for (int variant = 0; variant <= rows.maxLag; variant++) {
            if (!rows.occurs(variant)) {
                continue;
            }
            for (int cell = 0; cell < rows.cells; cell++) {
                if (parents.representative(cell, variant) != cell) {
                    continue;
                }
                parents.decode(cell, variant, assignment);
                String where = rows.whereCell(cell, variant);
                int v = variant;
                Distribution distribution = SiteCalls.evaluate(rows.site, where, () -> method.call(v, assignment));
                FoldedScores.checkFits(rows, where, distribution, variant, cell);
                distributions[variant * rows.cells + cell] = distribution;
            }
        }
        return new DenseEvidence(rows, distributions);
    }

    @Override
    void scoreRows(int from, int to, double[] out, int at) {
        int cells = rows.cells;
        if (from == to) {
            return;
        }
        for (int[] members : rows.groups(from, to)) {
            if (members.length == 0) {
                continue;
            }
            int[] instances = new int[members.length];
            for (int r = 0; r < members.length; r++) {
                instances[r] = from + members[r];
            }
            int variant = rows.variant(instances[0]);
            Tensor part = members.length == to - from ? rows.data.rows(from, to) : rows.data.rows(instances);
            for (int cell = 0; cell < cells; cell++) {
                int representative = rows.parents.representative(cell, variant);
                if (representative != cell) {
                    for (int member : members) {
                        out[at + member * cells + cell] = out[at + member * cells + representative];
                    }
                    continue;
                }
                double[] column = score(variant, cell, part, instances).toArray();
                for (int r = 0; r < members.length; r++) {
                    rows.checkEntry(column[r], instances[r], cell);
                    out[at + members[r] * cells + cell] = column[r];
                }
            }
        }
    }

    @Override
    Tensor scoreAll() {
        int cells = rows.cells;
        List<Tensor> pieces = new ArrayList<>();
        int[] order = new int[rows.instances];
        int placed = 0;
        for (int[] members : rows.groups(0, rows.instances)) {
            if (members.length == 0) {
                continue;
            }
            int variant = rows.variant(members[0]);
            Tensor part = members.length == rows.instances ? rows.data.rows(0, rows.instances)
                    : rows.data.rows(members);
            Tensor[] columns = new Tensor[cells];
            for (int cell = 0; cell < cells; cell++) {
                int representative = rows.parents.representative(cell, variant);
                columns[cell] = representative != cell ? columns[representative]
                        : score(variant, cell, part, members);
            }
            pieces.add(Tensor.stack(1, columns));
            for (int member : members) {
                order[member] = placed++;
            }
        }
        return inInstanceOrder(pieces, order);
    }

    private Tensor score(int variant, int cell, Tensor part, int[] instances) {
        Distribution distribution = distributions[variant * rows.cells + cell];
        assert distribution != null;
        return FoldedScores.score(rows, distribution, part, instances, cell);
    }
}
