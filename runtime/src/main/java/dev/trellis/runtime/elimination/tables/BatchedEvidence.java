package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.SharedRows;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The evidence of an observed site that reads {@code Tensor} observations (its own previous value, or another site's
 * value) and is written for a leading batch dimension, as Pyro's vectorised models are: the method is called once
 * per <em>block</em> of instances and assignment of the enumerated parents, with each data parent's rows of the block
 * stacked along a new leading dimension ({@code [n, rowShape...]}), and returns a distribution batched over the block
 * ({@code [n, folded...]}). A network in the method (hmm.py's nnHMM: a convolution of the previous step's notes)
 * then runs on whole blocks, one matrix product per layer, where {@link PerInstanceEvidence} would call it once per
 * instance.
 *
 * <p><b>Blocks.</b> The instances of a block share a variant ({@code min(step, maxLag)}) and, when some folded plate
 * is ragged, one row shape of the site and of each data parent. A data parent that is absent (read at a lag greater
 * than the variant) is passed as a block of its row shape filled with its {@link DataParent#initial() initial}
 * value, or as null when it has none. The blocks are the same tensors for every assignment, so the method may compute
 * what depends on the data alone once (the sample nnHMM's network does).
 *
 * <p><b>Batch shapes.</b> The distribution's batch shape must broadcast to {@code [n, folded...]}, right-aligned as
 * {@code pyro.plate} broadcasts: {@code [n, folded...]} gives each instance its own distribution, a shape without the
 * leading dimension (or with 1 there) one distribution for the whole block. Anything else — typically a method that
 * assumed a single row — is a {@link SiteException} that names the block and both shapes.
 *
 * <p><b>Computation.</b> {@link #inputs()} scores every instance at once, as one differentiable
 * {@code [instances, cells]} tensor on the tape through whatever the method read (network parameters, globals), and
 * keeps its values for later fills; {@link #backward} is the identity on the rows' adjoints. A program that wants a
 * gradient calls {@code inputs()} before the elimination reads the rows, so the data is scored once. Without it,
 * {@link #fill} scores the blocks of the rows it is asked for and keeps nothing (a likelihood streams), unless it
 * is asked for every row at once: that fill scores and keeps them as {@code inputs()} does.
 *
 * <p>Not thread-safe: one per evaluation.
 */
public final class BatchedEvidence extends ScoredEvidence {

    private final List<DataParent> dataParents;
    /** Per data parent, per instance: the parent's row it reads, -1 where absent. */
    private final int[][] parentRows;
    private final EvidenceMethod.OfDataBlocks method;

    private BatchedEvidence(EvidenceRows rows, List<DataParent> dataParents, int[][] parentRows,
                            EvidenceMethod.OfDataBlocks method) {
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
     * @param method the site's method; see {@link EvidenceMethod.OfDataBlocks} for the calling convention
     * @return the evidence
     * @throws SiteException naming both sites if a data parent disagrees with the site on the members of a plate
     *     they share
     */
    public static BatchedEvidence of(ObservedData data, EnumeratedParents parents, List<DataParent> dataParents,
                                     EvidenceMethod.OfDataBlocks method) {
        EvidenceRows rows = new EvidenceRows(data, parents, DataParent.maxLag(dataParents));
        return new BatchedEvidence(rows, List.copyOf(dataParents), DataParent.rowsFor(dataParents, data), method);
    }

    /**
     * {@inheritDoc} A fill of every row scores them as {@link #inputs()} does, and keeps them.
     *
     * @throws SiteException naming the block and the assignment if the method throws, returns null or a distribution
     *     whose batch shape does not broadcast to the block, or the log-likelihood is NaN or {@code +Infinity}
     */
    @Override
    void scoreRows(int from, int to, double[] out, int at) {
        if (from == 0 && to == rows.instances) {
            inputs();
            fill(from, to, out, at);
            return;
        }
        int cells = rows.cells;
        for (int[] group : BlockGroups.of(rows, dataParents, parentRows, from, to)) {
            double[] scores = scoreGroup(group).toArray();
            for (int r = 0; r < group.length; r++) {
                for (int cell = 0; cell < cells; cell++) {
                    double value = scores[r * cells + cell];
                    rows.checkEntry(value, group[r], cell);
                    out[at + (group[r] - from) * cells + cell] = value;
                }
            }
        }
    }

    @Override
    Tensor scoreAll() {
        List<Tensor> pieces = new ArrayList<>();
        int[] order = new int[rows.instances];
        int placed = 0;
        for (int[] group : BlockGroups.of(rows, dataParents, parentRows, 0, rows.instances)) {
            pieces.add(scoreGroup(group));
            for (int instance : group) {
                order[instance] = placed++;
            }
        }
        return inInstanceOrder(pieces, order);
    }

    /** {@return {@code [n, cells]}: the block's rows under every assignment, differentiable} */
    private Tensor scoreGroup(int[] group) {
        int n = group.length;
        int first = group[0];
        int variant = rows.variant(first);
        Tensor own = isRun(group) ? rows.data.rows(first, first + n) : rows.data.rows(group);
        @Nullable Tensor[] blocks = blocks(group, variant);
        boolean batched = Arrays.stream(blocks).anyMatch(b -> b != null);
        int cells = rows.cells;
        Distribution[] distributions = new Distribution[cells];
        int[] assignment = new int[rows.parents.count()];
        for (int cell = 0; cell < cells; cell++) {
            int representative = rows.parents.representative(cell, variant);
            if (representative != cell) {
                distributions[cell] = distributions[representative];
                continue;
            }
            rows.parents.decode(cell, variant, assignment);
            // the block's description (a string per call) is made only for a failure's message
            int described = cell;
            Distribution distribution = SiteCalls.evaluate(rows.site, () -> where(described, variant, group, blocks),
                    () -> method.call(variant, assignment, blocks));
            if (batched) {
                checkBatched(cell, variant, group, distribution, n, first, blocks);
            } else {
                FoldedScores.checkFitsRow(rows, where(cell, variant, group, blocks), distribution, first);
            }
            distributions[cell] = distribution;
        }
        Tensor fused = bernoulliLogitsRows(distributions, own);
        if (fused != null) {
            return fused;
        }
        Tensor[] columns = new Tensor[cells];
        for (int cell = 0; cell < cells; cell++) {
            int representative = rows.parents.representative(cell, variant);
            columns[cell] = representative != cell ? columns[representative]
                    : FoldedScores.score(rows, distributions[cell], own, group, cell);
        }
        return Tensor.stack(1, columns);
    }

    /**
     * {@return {@code [n, cells]} scored in one pass by {@link BernoulliLogitsRows} when every assignment's
     * distribution is a Bernoulli with logits of the block's own shape and the block holds only 0 and 1, else null}
     * (then {@link FoldedScores#score} scores each assignment and names any bad entry). When every assignment's
     * logits are rows of a shared tensor ({@link Bernoulli#logitRows()}), one row per row of the block, they are
     * scored in place; otherwise shared rows are gathered.
     */
    private static @Nullable Tensor bernoulliLogitsRows(Distribution[] distributions, Tensor own) {
        int[] shape = own.shape();
        if (own.numElements() == 0 || shape.length == 0) {
            return null;
        }
        int n = shape[0];
        int members = own.numElements() / n;
        Bernoulli[] bernoullis = new Bernoulli[distributions.length];
        SharedRows[] shared = new SharedRows[distributions.length];
        boolean allShared = true;
        for (int cell = 0; cell < distributions.length; cell++) {
            if (!(distributions[cell] instanceof Bernoulli bernoulli)) {
                return null;
            }
            bernoullis[cell] = bernoulli;
            SharedRows rows = bernoulli.logitRows().orElse(null);
            // one source row per row of the block (then each row also has the block's members: the shape holds n
            // times members elements)
            if (rows != null && rows.hasShape(shape) && rows.rowCount() == n) {
                shared[cell] = rows;
            } else {
                allShared = false;
            }
        }
        if (allShared) {
            double[] y = BernoulliLogitsRows.binary(own);
            return y == null ? null : BernoulliLogitsRows.scoreShared(y, n, shared);
        }
        Tensor[] logits = new Tensor[distributions.length];
        for (int cell = 0; cell < logits.length; cell++) {
            Tensor l = bernoullis[cell].logits().orElse(null);
            if (l == null || !Arrays.equals(l.shape(), shape)) {
                return null;
            }
            logits[cell] = l;
        }
        double[] y = BernoulliLogitsRows.binary(own);
        return y == null ? null : BernoulliLogitsRows.score(y, n, logits);
    }

    /** Each data parent's rows for the block, stacked; absent parents filled with their initial value, or null. */
    private @Nullable Tensor[] blocks(int[] group, int variant) {
        Tensor[] blocks = new Tensor[dataParents.size()];
        for (int j = 0; j < blocks.length; j++) {
            DataParent parent = dataParents.get(j);
            if (parent.lag() > variant) {
                if (parent.initial().isPresent()) {
                    int[] shape = parent.data().rowShape(group[0]);
                    int[] blockShape = new int[shape.length + 1];
                    blockShape[0] = group.length;
                    System.arraycopy(shape, 0, blockShape, 1, shape.length);
                    blocks[j] = Tensor.full(parent.initial().getAsDouble(), blockShape);
                }
                continue;
            }
            int[] read = new int[group.length];
            for (int r = 0; r < read.length; r++) {
                read[r] = parentRows[j][group[r]];
            }
            blocks[j] = isRun(read) ? parent.data().rows(read[0], read[0] + read.length) : parent.data().rows(read);
        }
        return blocks;
    }

    /**
     * The batch shape must broadcast to the block, {@code [n, folded...]}: right-aligned, 1 broadcasts; the event
     * shape must be the data's.
     */
    private void checkBatched(int cell, int variant, int[] group, Distribution distribution, int n, int first,
                              @Nullable Tensor[] blocks) {
        int[] folded = rows.data.foldedShape(first);
        int[] event = rows.data.eventShape();
        int[] target = new int[folded.length + 1];
        target[0] = n;
        System.arraycopy(folded, 0, target, 1, folded.length);
        int[] batch = distribution.batchShape();
        boolean fits = batch.length <= target.length && Arrays.equals(distribution.eventShape(), event);
        for (int k = 0; fits && k < batch.length; k++) {
            int extent = target[target.length - batch.length + k];
            fits = batch[k] == extent || batch[k] == 1;
        }
        if (fits) {
            return;
        }
        StringBuilder given = new StringBuilder();
        for (int j = 0; j < blocks.length; j++) {
            if (blocks[j] != null) {
                given.append(given.length() == 0 ? "" : ", ").append(dataParents.get(j).name()).append(' ')
                        .append(Arrays.toString(blocks[j].shape()));
            }
        }
        throw new SiteException(rows.site, where(cell, variant, group, blocks), "was given its data parents as blocks (" + given + ") and "
                + "returned a distribution with batch shape " + Arrays.toString(batch) + " and event shape "
                + Arrays.toString(distribution.eventShape()) + ", but the batch shape must broadcast to "
                + Arrays.toString(target) + " (the block's " + n + " instances, then the folded plates "
                + Arrays.toString(folded) + "; right-aligned, 1 broadcasts) and the event shape must be the data's "
                + Arrays.toString(event) + ". A site that reads Tensor observations is called once per block of "
                + "instances, each data parent's rows stacked along a new leading dimension, as in Pyro's vectorised "
                + "models: write the method for any number of leading batch dimensions (e.g. reshape(-1, ...) rather "
                + "than a fixed size)");
    }

    /** {@return e.g. {@code x = 2, a block of 474 instances from sequences[0].time[1]}} */
    private String where(int cell, int variant, int[] group, @Nullable Tensor[] blocks) {
        String assignment = rows.whereCell(cell, variant);
        String block = group.length == 1 ? rows.data.describe(group[0])
                : "a block of " + group.length + " instances from " + rows.data.describe(group[0]);
        return assignment.isEmpty() ? block : assignment + ", " + block;
    }

    /** {@return whether the indices are consecutive} */
    private static boolean isRun(int[] indices) {
        for (int r = 1; r < indices.length; r++) {
            if (indices[r] != indices[0] + r) {
                return false;
            }
        }
        return true;
    }
}
