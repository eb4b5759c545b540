package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The evidence of an observed site that reads observations of its own or other sites whose values cannot be
 * tabulated (e.g. a Normal autoregression {@code y(int x, @Previous Double before)}): the general, <b>slow</b>
 * path. The method is called for every instance and every assignment of the present enumerated parents, with that
 * instance's data-parent rows, and its {@code logProb} of the instance's row is summed over the folded plates:
 * instances x cells calls of the user's method per evaluation, where the other kinds make cells. Ragged folded
 * plates need nothing more: each instance is scored on its own row, which the distribution must fit
 * ({@link FoldedScores}); a row without members scores 0.
 *
 * <p>Streaming, or scored once and kept for a gradient, as for every evidence scored through {@code logProb}
 * ({@code ScoredEvidence}). Not thread-safe: one per evaluation.
 */
public final class PerInstanceEvidence extends ScoredEvidence {

    private final List<DataParent> dataParents;
    private final int[][] parentRows;
    private final EvidenceMethod.OfDataValues method;

    private PerInstanceEvidence(EvidenceRows rows, List<DataParent> dataParents, int[][] parentRows,
                                EvidenceMethod.OfDataValues method) {
        super(rows);
        this.dataParents = dataParents;
        this.parentRows = parentRows;
        this.method = method;
    }

    /**
     * Binds the data parents to the site's instances; the method is called when rows are asked for.
     *
     * @param data the site's data
     * @param parents its enumerated parents
     * @param dataParents the observations it reads, in the order the method takes them
     * @param method the site's method; see {@link EvidenceMethod} for the calling convention
     * @return the evidence
     * @throws dev.trellis.runtime.errors.SiteException naming both sites if a data parent disagrees with the site on
     *     the members of a plate they share
     */
    public static PerInstanceEvidence of(ObservedData data, EnumeratedParents parents, List<DataParent> dataParents,
                                         EvidenceMethod.OfDataValues method) {
        EvidenceRows rows = new EvidenceRows(data, parents, DataParent.maxLag(dataParents));
        return new PerInstanceEvidence(rows, List.copyOf(dataParents), DataParent.rowsFor(dataParents, data), method);
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.trellis.runtime.errors.SiteException naming the instance and the assignment if the method throws,
     *     returns null or a distribution that does not fit the row, or the log-likelihood is NaN or
     *     {@code +Infinity}
     */
    @Override
    void scoreRows(int from, int to, double[] out, int at) {
        int cells = rows.cells;
        Tensor[] scores = new Tensor[cells];
        for (int i = from; i < to; i++) {
            score(i, scores);
            for (int cell = 0; cell < cells; cell++) {
                double value = scores[cell].item();
                rows.checkEntry(value, i, cell);
                out[at + (i - from) * cells + cell] = value;
            }
        }
    }

    @Override
    Tensor scoreAll() {
        int cells = rows.cells;
        List<Tensor> entries = new ArrayList<>(rows.instances * cells);
        Tensor[] scores = new Tensor[cells];
        for (int i = 0; i < rows.instances; i++) {
            score(i, scores);
            entries.addAll(List.of(scores));
        }
        return Tensor.stack(0, entries).reshape(rows.instances, cells);
    }

    /** Fills {@code scores[c]} with instance i's log-likelihood (a scalar tensor) under every cell. */
    private void score(int instance, Tensor[] scores) {
        int variant = rows.variant(instance);
        Tensor[] data = new Tensor[dataParents.size()];
        for (int j = 0; j < data.length; j++) {
            int row = parentRows[j][instance];
            data[j] = dataParents.get(j).lag() > variant || row < 0 ? null : dataParents.get(j).data().row(row);
        }
        Tensor own = rows.data.rows(instance, instance + 1);
        int[] single = {instance};
        int[] assignment = new int[rows.parents.count()];
        for (int cell = 0; cell < rows.cells; cell++) {
            int representative = rows.parents.representative(cell, variant);
            if (representative != cell) {
                scores[cell] = scores[representative];
                continue;
            }
            rows.parents.decode(cell, variant, assignment);
            String where = rows.whereInstance(instance, cell);
            Distribution distribution = SiteCalls.evaluate(rows.site, where,
                    () -> method.call(variant, assignment, data));
            FoldedScores.checkFitsRow(rows, where, distribution, instance);
            scores[cell] = FoldedScores.score(rows, distribution, own, single, cell).reshape();
        }
    }
}
