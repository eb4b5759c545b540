package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * Scores rows of data under one distribution of a site and sums over the folded plates, the way
 * {@link DenseEvidence} and {@link PerInstanceEvidence} do: {@code logProb} on a block of rows of one shape (the rows
 * are a leading sample dimension, torch-style), then a sum over the folded members of each row.
 *
 * <p>A distribution fits a row when its batch shape broadcasts to the row's folded plates as {@code pyro.plate}
 * broadcasts: right-aligned, each batch dimension 1 or the plate's extent. With ragged folded plates (another number
 * of members in each row) the batch is therefore usually {@code []}; a batch equal to some rows' extents fits those
 * rows and no others.
 */
final class FoldedScores {

    private FoldedScores() {
    }

    /**
     * Checks that a distribution, made for one assignment at one variant, fits every row it scores: with uniform rows,
     * the one row shape; with ragged rows, the shape of each row with that variant.
     *
     * @param rows the evidence's rows
     * @param where where the method was called (the assignment), for messages about uniform rows
     * @param distribution the method's result
     * @param variant the variant it was made for
     * @param cell the assignment it was made for
     * @throws SiteException naming the site, where the method was called (for ragged rows: the first row it does not
     *     fit, and the assignment), and both shapes
     */
    static void checkFits(EvidenceRows rows, String where, Distribution distribution, int variant, int cell) {
        ObservedData data = rows.data;
        if (!data.isRagged()) {
            check(rows.site, where, distribution, data.foldedShape(), data.eventShape(), false);
            return;
        }
        RowShapes shapes = data.shapes();
        int[] event = data.eventShape();
        for (int c = 0; c < shapes.classes(); c++) {
            int witness = rows.witness(variant, c);
            if (witness >= 0 && !fits(distribution, shapes.foldedShape(c), event)) {
                check(rows.site, rows.whereInstance(witness, cell), distribution, shapes.foldedShape(c), event, true);
            }
        }
    }

    /**
     * Checks that a distribution fits one row.
     *
     * @param where where the method was called: the instance and the assignment
     * @throws SiteException naming the site, where, and both shapes
     */
    static void checkFitsRow(EvidenceRows rows, String where, Distribution distribution, int instance) {
        ObservedData data = rows.data;
        check(rows.site, where, distribution, data.foldedShape(instance), data.eventShape(), data.isRagged());
    }

    private static void check(String site, String where, Distribution distribution, int[] folded, int[] event,
                              boolean ragged) {
        if (fits(distribution, folded, event)) {
            return;
        }
        int[] batch = distribution.batchShape();
        String shapes = "returned a distribution with batch shape " + Arrays.toString(batch) + " and event shape "
                + Arrays.toString(distribution.eventShape()) + ", but ";
        if (!ragged) {
            throw new SiteException(site, where, shapes + "one row of its data has folded plates "
                    + Arrays.toString(folded) + " and event shape " + Arrays.toString(event) + "; the batch shape "
                    + "must be that of the folded plates (right-aligned, 1 broadcasts) and the event shape the data's");
        }
        throw new SiteException(site, where, shapes + "this row of its data has folded plates "
                + Arrays.toString(folded) + " and event shape " + Arrays.toString(event) + "; the batch shape must "
                + "broadcast to the folded plates of every row (right-aligned, 1 broadcasts; their members differ "
                + "between rows here, so a batch of [] is usual) and the event shape must be the data's");
    }

    /** {@return whether the batch broadcasts to the folded extents and the event shapes agree} */
    private static boolean fits(Distribution distribution, int[] folded, int[] event) {
        int[] batch = distribution.batchShape();
        boolean fits = batch.length <= folded.length && Arrays.equals(distribution.eventShape(), event);
        for (int j = 0; fits && j < batch.length; j++) {
            int extent = folded[folded.length - batch.length + j];
            fits = batch[j] == extent || batch[j] == 1;
        }
        return fits;
    }

    /**
     * Scores a block of rows of one shape.
     *
     * @param rows the evidence's rows, for messages
     * @param distribution a distribution that {@link #checkFits fits} the rows
     * @param block {@code [n, rowShape...]}
     * @param instances the instance of each row of the block, for messages
     * @param cell the assignment the distribution was made for, for messages
     * @return {@code [n]}: each row's log-probability summed over the folded plates, differentiable; 0 for rows
     *     without members (an empty group)
     * @throws SiteException naming the first row whose data the distribution rejects (outside its support) and
     *     the distribution's message
     */
    static Tensor score(EvidenceRows rows, Distribution distribution, Tensor block, int[] instances, int cell) {
        int[] shape = block.shape();
        int n = shape[0];
        int[] expected = Arrays.copyOf(shape, 1 + rows.data.levels().foldedLevels());
        int members = RowShapes.product(expected, 1, expected.length);
        if (members == 0) {
            return Tensor.zeros(n);
        }
        Tensor logProb;
        try {
            logProb = distribution.logProb(block);
        } catch (IllegalArgumentException e) {
            for (int r = 0; r < n; r++) {
                try {
                    distribution.logProb(block.select(0, r));
                } catch (IllegalArgumentException atRow) {
                    throw new SiteException(rows.site, rows.whereInstance(instances[r], cell), atRow.getMessage(),
                            atRow);
                }
            }
            throw new SiteException(rows.site, rows.whereInstance(instances[0], cell), e.getMessage(), e);
        }
        if (!Arrays.equals(logProb.shape(), expected)) {
            throw new SiteException(rows.site, rows.whereInstance(instances[0], cell), "scores a block of rows with "
                    + "shape " + Arrays.toString(logProb.shape()) + ", not " + Arrays.toString(expected)
                    + " (rows, then folded plates)");
        }
        return expected.length == 1 ? logProb : logProb.reshape(n, members).sum(1, false);
    }
}
