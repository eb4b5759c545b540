package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the evidence kinds that score their rows with distributions' {@code logProb} share ({@link DenseEvidence},
 * {@link BatchedEvidence}, {@link PerInstanceEvidence}): two ways to the same {@code [instances, cells]} entries.
 *
 * <ul>
 *   <li><b>Streaming.</b> Without a call to {@link #inputs()}, {@link #fill} scores just the rows it is asked for and
 *   keeps nothing, so a likelihood over 10^6 steps holds one block at a time and records no tape.</li>
 *   <li><b>Kept.</b> {@link #inputs()} scores every row once as one differentiable tensor, through whatever the
 *   site's method read (its parameters, a network), checks every entry and keeps the values, which later fills
 *   copy. {@link #backward} is then the identity: the rows' adjoints are that tensor's adjoint. A caller that wants
 *   a gradient calls {@code inputs()} before the elimination reads the rows, so the data is scored once.</li>
 * </ul>
 *
 * <p>Not thread-safe: one per evaluation.
 */
abstract sealed class ScoredEvidence implements Evidence permits DenseEvidence, BatchedEvidence, PerInstanceEvidence {

    final EvidenceRows rows;
    private @Nullable Tensor matrix;
    private double @Nullable [] values;

    ScoredEvidence(EvidenceRows rows) {
        this.rows = rows;
    }

    /**
     * Scores the rows {@code from} (inclusive) to {@code to} into {@code out} from {@code at}, {@link #cells()} per
     * row, each entry checked. Called with the block's bounds checked and nothing kept yet; it keeps nothing, or, for
     * a fill of every row, may keep them through {@link #inputs()}.
     */
    abstract void scoreRows(int from, int to, double[] out, int at);

    /** {@return every row's entries as one differentiable {@code [instances, cells]} tensor; instances >= 1} */
    abstract Tensor scoreAll();

    @Override
    public final String site() {
        return rows.site;
    }

    @Override
    public final int instances() {
        return rows.instances;
    }

    @Override
    public final int cells() {
        return rows.cells;
    }

    @Override
    public final void fill(int from, int to, double[] out, int at) {
        rows.checkBlock(from, to, out, at);
        if (values != null) {
            System.arraycopy(values, from * rows.cells, out, at, (to - from) * rows.cells);
            return;
        }
        scoreRows(from, to, out, at);
    }

    /** {@inheritDoc} The {@code [instances, cells]} tensor of every entry (scored once; later fills copy it). */
    @Override
    public final List<Tensor> inputs() {
        if (matrix == null) {
            Tensor scored = rows.instances == 0 ? Tensor.zeros(0, rows.cells) : scoreAll();
            double[] all = scored.toArray();
            for (int e = 0; e < all.length; e++) {
                rows.checkEntry(all[e], e / rows.cells, e % rows.cells);
            }
            matrix = scored;
            values = all;
        }
        return matrix.requiresGrad() ? List.of(matrix) : List.of();
    }

    @Override
    public final void backward(double[] rowAdjoints, double[][] inputAdjoints) {
        backward(rowAdjoints, 1.0, inputAdjoints);
    }

    @Override
    public final void backward(double[] rowAdjoints, double scale, double[][] inputAdjoints) {
        rows.checkAdjoints(rowAdjoints);
        if (matrix != null && matrix.requiresGrad()) {
            EvidenceRows.addScaledInto(inputAdjoints[0], rowAdjoints, scale);
        }
    }

    /**
     * {@return the pieces' rows, concatenated, back in instance order} Scoring groups rows by variant and row shape;
     * {@code position[i]} is where instance i's row landed in the concatenation.
     */
    static Tensor inInstanceOrder(List<Tensor> pieces, int[] position) {
        Tensor all = pieces.size() == 1 ? pieces.get(0) : Tensor.cat(0, pieces);
        for (int i = 0; i < position.length; i++) {
            if (position[i] != i) {
                return all.index(0, position);
            }
        }
        return all;
    }
}
