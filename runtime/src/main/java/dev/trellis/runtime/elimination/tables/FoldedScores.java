package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * Scores rows of data under one distribution of a site and sums over the folded plates, the way
 * {@link DenseEvidence} and {@link PerInstanceEvidence} do: {@code logProb} on a block of rows (the rows are a
 * leading sample dimension, torch-style), then a sum over the folded members of each row.
 */
final class FoldedScores {

    private FoldedScores() {
    }

    /**
     * Checks that a distribution fits the data's rows: its batch shape is the folded plates' (right-aligned; a
     * dimension of 1 broadcasts) and its event shape the data's.
     *
     * @throws SiteException naming the site, where the method was called, and both shapes
     */
    static void checkFits(String site, String where, Distribution distribution, ObservedData data) {
        int[] batch = distribution.batchShape();
        int[] folded = data.foldedShape();
        boolean fits = batch.length <= folded.length && Arrays.equals(distribution.eventShape(), data.eventShape());
        for (int j = 0; fits && j < batch.length; j++) {
            int extent = folded[folded.length - batch.length + j];
            fits = batch[j] == extent || batch[j] == 1;
        }
        if (!fits) {
            throw new SiteException(site, where, "returned a distribution with batch shape " + Arrays.toString(batch)
                    + " and event shape " + Arrays.toString(distribution.eventShape()) + ", but one row of its data "
                    + "has folded plates " + Arrays.toString(folded) + " and event shape "
                    + Arrays.toString(data.eventShape()) + "; the batch shape must be that of the folded plates "
                    + "(right-aligned, 1 broadcasts) and the event shape the data's");
        }
    }

    /**
     * Scores a block of rows.
     *
     * @param rows the evidence's rows, for messages
     * @param distribution a distribution that {@link #checkFits fits} the data
     * @param block {@code [n, rowShape...]}
     * @param instances the instance of each row of the block, for messages
     * @param cell the assignment the distribution was made for, for messages
     * @return {@code [n]}: each row's log-probability summed over the folded plates, differentiable
     * @throws SiteException naming the first row whose data the distribution rejects (outside its support) and
     *     the distribution's message
     */
    static Tensor score(EvidenceRows rows, Distribution distribution, Tensor block, int[] instances, int cell) {
        int n = block.size(0);
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
        int[] folded = rows.data.foldedShape();
        int[] expected = new int[folded.length + 1];
        expected[0] = n;
        System.arraycopy(folded, 0, expected, 1, folded.length);
        if (!Arrays.equals(logProb.shape(), expected)) {
            throw new SiteException(rows.site, rows.whereInstance(instances[0], cell), "scores a block of rows with "
                    + "shape " + Arrays.toString(logProb.shape()) + ", not " + Arrays.toString(expected)
                    + " (rows, then folded plates)");
        }
        int members = Arrays.stream(folded).reduce(1, (a, b) -> a * b);
        return folded.length == 0 ? logProb : logProb.reshape(n, members).sum(1, false);
    }
}
