package dev.trellis.runtime.inference;

import dev.trellis.runtime.elimination.tables.BernoulliObservations;
import dev.trellis.runtime.errors.SiteException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of an observed Bernoulli site inside a plate of ragged sequences: one {@code [T_s][D]} matrix per
 * sequence, each step a vector over a plate of D members (e.g. the tones sounding). The lengths bind the time plate
 * per sequence; no padding or mask is involved.
 */
public final class BernoulliSequences {

    private final List<BernoulliObservations> sequences;
    private final int width;

    private BernoulliSequences(List<BernoulliObservations> sequences, int width) {
        this.sequences = sequences;
        this.width = width;
    }

    /**
     * Checks and prepares the data of site {@code site}.
     *
     * @param data one matrix per sequence, rows = steps, all rows of one length D; not kept
     * @throws SiteException naming the site, sequence and step of a row of another length or an entry outside
     *     [0, 1], or if no sequence has a step (so D is unknown)
     */
    public static BernoulliSequences of(String site, List<double[][]> data) {
        int width = -1;
        for (double[][] sequence : data) {
            if (sequence.length > 0) {
                width = sequence[0].length;
                break;
            }
        }
        if (width < 0) {
            throw new SiteException(site, "", "no sequence has a step, so the number of members of each step is "
                    + "unknown");
        }
        List<BernoulliObservations> prepared = new ArrayList<>(data.size());
        for (int s = 0; s < data.size(); s++) {
            try {
                prepared.add(BernoulliObservations.of(data.get(s), width));
            } catch (IllegalArgumentException e) {
                throw new SiteException(site, "sequence " + s, e.getMessage(), e);
            }
        }
        return new BernoulliSequences(List.copyOf(prepared), width);
    }

    /** {@return the number of sequences} */
    public int size() {
        return sequences.size();
    }

    /** {@return D, the members of each step} */
    public int width() {
        return width;
    }

    /** {@return the prepared sequences} */
    public List<BernoulliObservations> sequences() {
        return sequences;
    }
}
