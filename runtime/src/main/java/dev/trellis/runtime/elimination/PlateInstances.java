package dev.trellis.runtime.elimination;

import java.util.Arrays;
import java.util.Objects;

/**
 * The instances of every plate of a {@link Layout} for one evaluation, from the data or from the sizes a simulation
 * asks for.
 *
 * <p>Plate P has {@code count(P)} instances, numbered contiguously and grouped by the instance of P's parent they
 * belong to: the instances inside parent instance q are {@code offsets(P)[q] .. offsets(P)[q+1] - 1}. For a Markov
 * plate these are the steps of each sequence, in order. Counts may differ between parent instances (ragged data)
 * and may be 0. The root has a single instance. A top-level plate may carry a subsampling scale: the product over
 * its instances is multiplied by it.
 *
 * <p>Immutable and safe to share.
 *
 * <p>Immutable, so thread-safe.
 */
public final class PlateInstances {

    private final Layout layout;
    private final int[][] offsets;
    /** Per plate, the parent instance of every instance; null for top-level plates (the parent is the root). */
    private final int[][] parents;
    private final double[] scales;

    private PlateInstances(Layout layout, int[][] offsets, int[][] parents, double[] scales) {
        this.layout = layout;
        this.offsets = offsets;
        this.parents = parents;
        this.scales = scales;
    }

    /** {@return a builder for the instances of the layout's plates} */
    public static Builder builder(Layout layout) {
        return new Builder(Objects.requireNonNull(layout, "layout"));
    }

    /** {@return the layout these instances belong to} */
    public Layout layout() {
        return layout;
    }

    /** {@return the number of instances of the plate in this evaluation; 1 for the root} */
    public int count(int plate) {
        if (plate == Layout.ROOT) {
            return 1;
        }
        int[] o = offsets[checkPlate(plate)];
        return o[o.length - 1];
    }

    /**
     * {@return a copy of the plate's offsets: length {@code count(parent) + 1}, entry q the first instance inside
     * parent instance q ({0, count} for a top-level plate)}
     */
    public int[] offsets(int plate) {
        return offsets[checkPlate(plate)].clone();
    }

    /** {@return the instance of the plate's parent that the given instance belongs to (0 for a top-level plate)} */
    public int parentInstance(int plate, int instance) {
        checkInstance(plate, instance);
        int[] p = parents[plate];
        return p == null ? 0 : p[instance];
    }

    /** {@return the plate's subsampling scale (1 unless given)} */
    public double scale(int plate) {
        return plate == Layout.ROOT ? 1.0 : scales[checkPlate(plate)];
    }

    /**
     * {@return where an instance sits, for messages: {@code sequences[3].time[17]} is step 17 of sequence 3; the root
     * is "the root"}
     */
    public String describe(int plate, int instance) {
        if (plate == Layout.ROOT) {
            return "the root";
        }
        checkInstance(plate, instance);
        int parent = layout.plateParent(plate);
        String name = layout.plateName(plate);
        if (parent == Layout.ROOT) {
            return name + "[" + instance + "]";
        }
        int q = parents[plate][instance];
        return describe(parent, q) + "." + name + "[" + (instance - offsets[plate][q]) + "]";
    }

    /** The offsets themselves, not copied; callers must not modify them. */
    int[] offsetsView(int plate) {
        return offsets[plate];
    }

    /** The instance of {@code ancestor} (an ancestor of {@code plate} or the plate itself) that contains an instance. */
    int ancestorInstance(int plate, int instance, int ancestor) {
        int p = plate;
        int i = instance;
        while (p != ancestor) {
            if (p == Layout.ROOT) {
                throw new IllegalArgumentException(layout.plateLabel(ancestor) + " is not an ancestor of "
                        + layout.plateLabel(plate));
            }
            int[] up = parents[p];
            i = up == null ? 0 : up[i];
            p = layout.plateParent(p);
        }
        return i;
    }

    private int checkPlate(int plate) {
        Objects.checkIndex(plate, offsets.length);
        return plate;
    }

    private void checkInstance(int plate, int instance) {
        if (instance < 0 || instance >= count(plate)) {
            throw new IndexOutOfBoundsException("instance " + instance + " of plate " + layout.plateName(plate)
                    + ", which has " + count(plate));
        }
    }

    /** Collects the counts of every plate; {@link #build()} checks that they fit together. */
    public static final class Builder {

        private final Layout layout;
        private final int[] topCounts;
        private final int[][] nestedCounts;
        private final boolean[] given;
        private final double[] scales;

        private Builder(Layout layout) {
            this.layout = layout;
            int plates = layout.plateCount();
            this.topCounts = new int[plates];
            this.nestedCounts = new int[plates][];
            this.given = new boolean[plates];
            this.scales = new double[plates];
            Arrays.fill(scales, 1.0);
        }

        /**
         * Gives a top-level plate its number of instances.
         *
         * @throws IllegalArgumentException if the plate is nested, given twice, or the count is negative
         */
        public Builder top(int plate, int count) {
            String name = declare(plate);
            if (layout.plateParent(plate) != Layout.ROOT) {
                throw new IllegalArgumentException("plate " + name + " is nested in "
                        + layout.plateName(layout.plateParent(plate)) + "; give its counts per parent instance");
            }
            if (count < 0) {
                throw new IllegalArgumentException("plate " + name + ": count " + count + " is negative");
            }
            topCounts[plate] = count;
            return this;
        }

        /**
         * Gives a nested plate its number of instances inside each instance of its parent (ragged allowed).
         *
         * @param countPerParentInstance one count per parent instance, in the parent's order; copied
         * @throws IllegalArgumentException if the plate is top-level, given twice, or a count is negative
         */
        public Builder nested(int plate, int[] countPerParentInstance) {
            String name = declare(plate);
            int parent = layout.plateParent(plate);
            if (parent == Layout.ROOT) {
                throw new IllegalArgumentException("plate " + name + " is top-level; give its count with top(...)");
            }
            Objects.requireNonNull(countPerParentInstance, "countPerParentInstance");
            for (int q = 0; q < countPerParentInstance.length; q++) {
                if (countPerParentInstance[q] < 0) {
                    throw new IllegalArgumentException("plate " + name + ": count " + countPerParentInstance[q]
                            + " inside " + layout.plateName(parent) + "[" + q + "] is negative");
                }
            }
            nestedCounts[plate] = countPerParentInstance.clone();
            return this;
        }

        /**
         * Sets the subsampling scale of a top-level plate ({@code size / members} of an SVI minibatch).
         *
         * @throws IllegalArgumentException if the plate is nested or the scale is not positive and finite
         */
        public Builder scale(int plate, double scale) {
            Objects.checkIndex(plate, given.length);
            String name = layout.plateName(plate);
            if (layout.plateParent(plate) != Layout.ROOT) {
                throw new IllegalArgumentException("plate " + name + " is nested in "
                        + layout.plateName(layout.plateParent(plate)) + "; only a top-level plate can be subsampled");
            }
            if (!(scale > 0.0 && scale < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("plate " + name + ": scale " + scale
                        + " is not positive and finite");
            }
            scales[plate] = scale;
            return this;
        }

        /**
         * {@return the instances}
         *
         * @throws IllegalArgumentException if a plate was not given, or a nested plate's counts do not match its
         *     parent's number of instances
         */
        public PlateInstances build() {
            int plates = given.length;
            int[][] offsets = new int[plates][];
            int[][] parents = new int[plates][];
            for (int p = 0; p < plates; p++) {
                String name = layout.plateName(p);
                if (!given[p]) {
                    throw new IllegalArgumentException("plate " + name + " has no instances given");
                }
                int parent = layout.plateParent(p);
                if (parent == Layout.ROOT) {
                    offsets[p] = new int[] {0, topCounts[p]};
                    continue;
                }
                int[] counts = nestedCounts[p];
                int parentCount = offsets[parent][offsets[parent].length - 1];
                if (counts.length != parentCount) {
                    throw new IllegalArgumentException("plate " + name + ": " + counts.length
                            + " counts given but its parent " + layout.plateName(parent) + " has " + parentCount
                            + " instances");
                }
                int[] o = new int[counts.length + 1];
                long total = 0;
                for (int q = 0; q < counts.length; q++) {
                    total += counts[q];
                    if (total > Integer.MAX_VALUE - 8) {
                        throw new IllegalArgumentException("plate " + name + " has more than 2^31 instances");
                    }
                    o[q + 1] = (int) total;
                }
                int[] up = new int[(int) total];
                for (int q = 0; q < counts.length; q++) {
                    Arrays.fill(up, o[q], o[q + 1], q);
                }
                offsets[p] = o;
                parents[p] = up;
            }
            return new PlateInstances(layout, offsets, parents, scales.clone());
        }

        private String declare(int plate) {
            Objects.checkIndex(plate, given.length);
            String name = layout.plateName(plate);
            if (given[plate]) {
                throw new IllegalArgumentException("plate " + name + " is given twice");
            }
            given[plate] = true;
            return name;
        }
    }
}
