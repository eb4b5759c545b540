package dev.trellis.runtime.elimination.tables;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An observed site that another observed site reads: its own previous value, or another site's value at the same
 * instance or at an enclosing one, bound to the reader's instances.
 *
 * <p>At lag 0 the data parent lives at the reader's plate or at an enclosing one (its plates are the outer plates
 * of the reader's), and instance i reads the parent's row of the instance that holds i. At a lag {@code l >= 1}
 * the data parent lives at the reader's Markov plate, and instance i reads the row {@code l} steps earlier in the
 * same sequence; it is absent at the first {@code l} steps.
 *
 * <p>Immutable, so thread-safe.
 */
public final class DataParent {

    private final String name;
    private final ObservedData data;
    private final int lag;
    private final OptionalDouble initial;

    private DataParent(String name, ObservedData data, int lag, OptionalDouble initial) {
        this.name = Objects.requireNonNull(name, "name");
        this.data = Objects.requireNonNull(data, "data");
        if (lag < 0) {
            throw new IllegalArgumentException("data parent '" + name + "' is read at lag " + lag
                    + "; a lag is 0 or more");
        }
        this.lag = lag;
        if (initial.isPresent() && !Double.isFinite(initial.getAsDouble())) {
            throw new IllegalArgumentException("data parent '" + name + "': the value before the start is "
                    + initial.getAsDouble() + "; it must be finite");
        }
        this.initial = initial;
    }

    /**
     * @param name the parameter's name, for messages
     * @param data the observed site's data
     * @param lag how many steps back the reader reads it (0 = the current instance)
     * @return the data parent
     */
    public static DataParent of(String name, ObservedData data, int lag) {
        return new DataParent(name, data, lag, OptionalDouble.empty());
    }

    /**
     * A data parent with a value before the start ({@code @Previous(initial = ...)} on a {@code Tensor} parameter):
     * where it is absent, {@link BatchedEvidence} hands the method a block of the parent's row shape filled with
     * {@code initial}, as hmm.py starts from {@code y = zeros(tones)}.
     *
     * @param name the parameter's name, for messages
     * @param data the observed site's data
     * @param lag how many steps back the reader reads it, at least 1 (a parent at lag 0 is never absent)
     * @param initial the value of every entry before the start, finite
     * @return the data parent
     */
    public static DataParent of(String name, ObservedData data, int lag, double initial) {
        if (lag < 1) {
            throw new IllegalArgumentException("data parent '" + name + "' is read at lag " + lag + "; only a parent "
                    + "read at an earlier step has a value before the start");
        }
        return new DataParent(name, data, lag, OptionalDouble.of(initial));
    }

    /** {@return the parameter's name} */
    public String name() {
        return name;
    }

    /** {@return the observed site's data} */
    public ObservedData data() {
        return data;
    }

    /** {@return the lag it is read at} */
    public int lag() {
        return lag;
    }

    /** {@return the value of every entry before the start, or empty when the reader receives null there} */
    public OptionalDouble initial() {
        return initial;
    }

    /** {@return the greatest lag the parents are read at, 0 without parents} */
    static int maxLag(List<DataParent> parents) {
        return parents.stream().mapToInt(DataParent::lag).max().orElse(0);
    }

    /**
     * {@return per parent, in the list's order, {@link #rowsFor(ObservedData) the row each instance of the reader
     * reads}}
     */
    static int[][] rowsFor(List<DataParent> parents, ObservedData reader) {
        int[][] rows = new int[parents.size()][];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = parents.get(j).rowsFor(reader);
        }
        return rows;
    }

    /**
     * The row of the parent's data each instance of the reader reads.
     *
     * @param reader the reading site's data
     * @return one row index per instance of the reader, -1 where the parent is absent (before the start)
     * @throws dev.trellis.runtime.errors.SiteException naming both sites if they disagree on the members of a plate
     *     they share
     * @throws IllegalArgumentException if the parent's plates are not the reader's outer plates (or, at a lag, not
     *     exactly the reader's)
     */
    int[] rowsFor(ObservedData reader) {
        int own = data.levels().plateLevels();
        int readers = reader.levels().plateLevels();
        boolean nested = own <= readers && (lag == 0 || own == readers);
        for (int level = 0; nested && level < own; level++) {
            nested = data.levels().name(level).equals(reader.levels().name(level));
        }
        if (!nested) {
            throw new IllegalArgumentException("site '" + reader.site() + "' reads site '" + data.site() + "' at lag "
                    + lag + ", but the plates of '" + data.site() + "' are not " + (lag == 0 ? "the outer plates"
                    : "the plates") + " of '" + reader.site() + "'");
        }
        ObservedData.checkSameCounts(reader, data, own);
        if (lag == 0) {
            return reader.ancestors(own - 1);
        }
        int[] steps = reader.steps();
        int[] rows = new int[steps.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = steps[i] >= lag ? i - lag : -1;
        }
        return rows;
    }
}
