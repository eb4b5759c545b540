package dev.trellis.runtime.svi;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The observed values of a site along a Markov plate nested in a plate of sequences, given as one tensor per sequence
 * ({@code [T_s, ...]}, each with its own number of steps) and held padded in one tensor, as a generated program's
 * constructor binds them: the user passes sequences without padding, the program pads each to the longest with its
 * own last step (so that padded values stay in the site's support) and masks the padded steps out of every
 * log-density.
 *
 * <p>Immutable, so thread-safe.
 */
public final class RaggedSequences {

    private final String site;
    private final Tensor padded;
    private final int[] lengths;

    private RaggedSequences(String site, Tensor padded, int[] lengths) {
        this.site = site;
        this.padded = padded;
        this.lengths = lengths;
    }

    /**
     * Pads the sequences of an observed site.
     *
     * @param site the site, for messages
     * @param sequences at least one tensor {@code [T_s, ...]} with {@code T_s >= 1}, all with the same dimensions
     *     after the first
     * @throws SiteException naming the site and the sequence if the list is empty, a sequence is missing, has no
     *     steps, or has other dimensions than the first sequence
     */
    public static RaggedSequences of(String site, List<Tensor> sequences) {
        if (sequences.isEmpty()) {
            throw new SiteException(site, "", "no sequences were given; give at least one tensor [T, ...]");
        }
        int[] lengths = new int[sequences.size()];
        int[] stepShape = null;
        for (int s = 0; s < lengths.length; s++) {
            Tensor sequence = sequences.get(s);
            if (sequence == null) {
                throw new SiteException(site, "sequence " + s, "is null");
            }
            int[] shape = sequence.shape();
            if (shape.length == 0 || shape[0] < 1) {
                throw new SiteException(site, "sequence " + s, "has shape " + Arrays.toString(shape)
                        + "; a sequence is a tensor [T, ...] with at least one step");
            }
            int[] rest = Arrays.copyOfRange(shape, 1, shape.length);
            if (stepShape == null) {
                stepShape = rest;
            } else if (!Arrays.equals(stepShape, rest)) {
                throw new SiteException(site, "sequence " + s, "has steps of shape " + Arrays.toString(rest)
                        + " but sequence 0 has " + Arrays.toString(stepShape));
            }
            lengths[s] = shape[0];
        }
        int longest = Arrays.stream(lengths).max().orElseThrow();
        int stepSize = Arrays.stream(stepShape).reduce(1, (a, b) -> a * b);
        double[] values = new double[lengths.length * longest * stepSize];
        for (int s = 0; s < lengths.length; s++) {
            double[] own = sequences.get(s).toArray();
            int offset = s * longest * stepSize;
            System.arraycopy(own, 0, values, offset, own.length);
            for (int t = lengths[s]; t < longest; t++) {
                System.arraycopy(own, own.length - stepSize, values, offset + t * stepSize, stepSize);
            }
        }
        int[] shape = new int[stepShape.length + 2];
        shape[0] = lengths.length;
        shape[1] = longest;
        System.arraycopy(stepShape, 0, shape, 2, stepShape.length);
        return new RaggedSequences(site, Tensor.of(values, shape), lengths);
    }

    /**
     * The lengths that the sites of one Markov plate share: every site's sequence {@code s} must have the same number
     * of steps.
     *
     * @param plate the Markov plate, for messages
     * @param first the first observed site in the plate
     * @param others the other observed sites in the plate
     * @return the lengths of {@code first}'s sequences
     * @throws SiteException naming the site and the sequence where two sites disagree
     */
    public static int[] commonLengths(String plate, RaggedSequences first, RaggedSequences... others) {
        for (RaggedSequences other : others) {
            if (other.lengths.length != first.lengths.length) {
                throw new SiteException(other.site, "", "has " + other.lengths.length + " sequences but site '"
                        + first.site + "' has " + first.lengths.length);
            }
            for (int s = 0; s < first.lengths.length; s++) {
                if (other.lengths[s] != first.lengths[s]) {
                    throw new SiteException(other.site, "sequence " + s, "has " + other.lengths[s] + " steps along '"
                            + plate + "' but site '" + first.site + "' has " + first.lengths[s]
                            + "; sites in one Markov plate share each sequence's steps");
                }
            }
        }
        return first.lengths.clone();
    }

    /** {@return the site these are the values of} */
    public String site() {
        return site;
    }

    /** {@return the number of sequences} */
    public int count() {
        return lengths.length;
    }

    /** {@return each sequence's number of steps} */
    public int[] lengths() {
        return lengths.clone();
    }

    /** {@return every sequence padded to the longest, {@code [N, T_max, ...]}} */
    public Tensor padded() {
        return padded;
    }

    /**
     * The sequences of this run's members of the plate of sequences, padded to the longest of them.
     *
     * @throws IllegalArgumentException if the plate does not have one member per sequence
     */
    public Sequences members(Plate plate) {
        if (plate.size() != lengths.length) {
            throw new IllegalArgumentException(plate + " has " + plate.size() + " members but site '" + site
                    + "' has " + lengths.length + " sequences");
        }
        int[] indices = plate.indices();
        int[] memberLengths = new int[indices.length];
        int longest = 0;
        for (int i = 0; i < indices.length; i++) {
            memberLengths[i] = lengths[indices[i]];
            longest = Math.max(longest, memberLengths[i]);
        }
        Tensor values = indices.length == lengths.length ? padded : padded.index(0, indices);
        if (longest < padded.size(1)) {
            values = values.slice(1, 0, longest);
        }
        return new Sequences(values, memberLengths);
    }

    @Override
    public String toString() {
        return "site '" + site + "': " + lengths.length + " sequences of lengths " + Arrays.toString(lengths);
    }
}
