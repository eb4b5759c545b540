package dev.trellis.runtime.elimination.tables;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one observed site's data argument is nested, outermost level first: the site's instance plates (plates of
 * instances and Markov plates, whose sizes may be ragged: each parent instance has its own count), then its folded
 * plates (dense within one row, an instance of the innermost plate, but each row may have its own extents), then the
 * event dimensions of its family (the same extent in every row).
 *
 * <p>E.g. hmm.py's {@code y} ({@code List<double[][]>}: sequences, steps, tones) is
 * <pre>DataLevels.of("y").plate("sequences").plate("time").folded("tones").build()</pre>
 * and a Gaussian mixture's {@code double[] obs} is {@code DataLevels.of("obs").plate("data").build()}. A site outside
 * every plate has no instance level and one instance (the root's).
 *
 * <p>Immutable; generated classes keep one per observed site as a constant and {@link #bind} each call's argument.
 *
 * <p>Immutable once built (the builder is not thread-safe), so thread-safe: generated classes hold one per observed
 * site in a constant.
 */
public final class DataLevels {

    /** What a level of the nesting is. */
    enum Kind {
        /** An instance or Markov plate: ragged. */
        PLATE,
        /** A folded plate: dense within a row (each row may have its own extent), summed over in the log-likelihood. */
        FOLDED,
        /** An event dimension of the family: dense, part of one draw. */
        EVENT
    }

    private final String site;
    private final List<Kind> kinds;
    private final List<String> names;
    private final int plates;
    private final int folded;

    private DataLevels(String site, List<Kind> kinds, List<String> names) {
        this.site = site;
        this.kinds = List.copyOf(kinds);
        this.names = List.copyOf(names);
        this.plates = (int) kinds.stream().filter(k -> k == Kind.PLATE).count();
        this.folded = (int) kinds.stream().filter(k -> k == Kind.FOLDED).count();
    }

    /**
     * Starts the description of a site's data.
     *
     * @param site the observed site's name, for messages
     * @return a builder: add the levels outermost first
     */
    public static Builder of(String site) {
        return new Builder(site);
    }

    /**
     * Reads a data argument at these levels.
     *
     * @param argument the argument as the generated API takes it: arrays ({@code int[]}, {@code double[][]}, ...),
     *     {@code List}s of arrays, {@code Tensor}s for any trailing levels, or a number for a site without levels
     * @return the data, flattened along the instances
     * @throws dev.trellis.runtime.errors.SiteException naming the site, the index path and the value for a null
     *     argument or element, an element of the wrong type, a NaN, a folded plate whose extent differs within one
     *     row, or an event dimension whose extent differs between rows
     * @see ObservedData
     */
    public ObservedData bind(@Nullable Object argument) {
        return new DataWalker(this).walk(argument);
    }

    /** {@return the observed site's name} */
    public String site() {
        return site;
    }

    /** {@return the number of levels} */
    public int depth() {
        return kinds.size();
    }

    /** {@return the number of instance levels (plates of instances and Markov plates)} */
    public int plateLevels() {
        return plates;
    }

    /** {@return the number of folded plates} */
    public int foldedLevels() {
        return folded;
    }

    /** {@return the number of event dimensions} */
    public int eventLevels() {
        return kinds.size() - plates - folded;
    }

    /**
     * {@return the name of a level: its plate's, or {@code event} for an event dimension}
     *
     * @param level the level, outermost 0
     */
    public String name(int level) {
        return names.get(level);
    }

    Kind kind(int level) {
        return kinds.get(level);
    }

    /** Adds levels outermost first: plates, then folded plates, then event dimensions. */
    public static final class Builder {

        private final String site;
        private final List<Kind> kinds = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        private Builder(String site) {
            this.site = site;
        }

        /**
         * Adds a plate of instances or a Markov plate (ragged: each parent instance has its own count).
         *
         * @param name the plate's name, for messages
         * @return this builder
         * @throws IllegalStateException after a folded plate or an event dimension
         */
        public Builder plate(String name) {
            return add(Kind.PLATE, name);
        }

        /**
         * Adds a folded plate: dense within one row, but each row may have its own number of members (ragged).
         *
         * @param name the plate's name, for messages
         * @return this builder
         * @throws IllegalStateException after an event dimension
         */
        public Builder folded(String name) {
            return add(Kind.FOLDED, name);
        }

        /**
         * Adds one event dimension of the family (dense), e.g. the vector of a {@code MultivariateNormal}.
         *
         * @return this builder
         */
        public Builder event() {
            return add(Kind.EVENT, "event");
        }

        /** {@return the levels} */
        public DataLevels build() {
            return new DataLevels(site, kinds, names);
        }

        private Builder add(Kind kind, String name) {
            if (!kinds.isEmpty() && kinds.get(kinds.size() - 1).compareTo(kind) > 0) {
                throw new IllegalStateException("site '" + site + "': level " + kind + " '" + name + "' after a "
                        + kinds.get(kinds.size() - 1) + " level; give plates first, then folded plates, then event "
                        + "dimensions");
            }
            kinds.add(kind);
            names.add(name);
            return this;
        }
    }
}
