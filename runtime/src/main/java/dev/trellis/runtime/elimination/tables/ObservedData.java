package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One observed site's data, flattened along the instances of its node: row i is instance i of the site's innermost
 * plate (one row for a site outside every plate), a dense block over the site's folded plates and event dimensions.
 * Made by {@link DataLevels#bind}.
 *
 * <p><b>Ragged folded plates.</b> A folded plate may have another number of members in each row (each group its own
 * number of items, as each instance of a {@code pyro.plate} has its own size); within one row the folded plates are
 * dense, and the event dimensions are the same in every row. {@link #isRagged()} tells which case holds. Uniform rows
 * have one {@link #rowShape()} and can be read as one tensor ({@link #rows()}); ragged rows each have their own
 * {@link #rowShape(int)}, and {@link #rows(int[])} reads rows of one shape together.
 *
 * <p>Instances are numbered as the elimination numbers them: grouped by parent instance, in order, so that the
 * instances of a plate inside parent instance q are {@code offsets[q] .. offsets[q+1]-1}. {@link #counts(int)} gives
 * the count of every parent instance, which is what the engine's {@code PlateInstances} is built from; for a Markov
 * plate {@link #steps()} gives each instance's step within its sequence.
 *
 * <p><b>Empty data.</b> A plate may have no members in some parent instance (an empty sequence) or at all: such data
 * is valid and contributes nothing to the likelihood. When no row exists, the extents of the folded plates and event
 * dimensions cannot be read from the data and are 0.
 *
 * <p>Messages name the site and the index path, e.g. {@code site 'y' at sequences[3].time[17].tones[2]: ...}.
 * Immutable and thread-safe.
 */
public final class ObservedData {

    private final DataLevels levels;
    /** Per plate level: {@code offsets[l][q]} is the first instance of level l inside instance q of level l-1. */
    private final int[][] offsets;
    private final RowShapes shapes;
    /** Row after row; a subsample copies its rows from its source when first read ({@link #values()}). */
    private volatile double @Nullable [] values;
    private final boolean integral;
    /**
     * What the Bernoulli checks and the sparse preparation found, kept because the values never change and a program
     * scores the same data at every SVI step (they cost a quarter of an hmm.py step over the whole split).
     */
    private volatile boolean checkedUnitInterval;
    private volatile boolean checkedBinary;
    private volatile @Nullable BernoulliObservations bernoulliObservations;
    /** Whether the values are not all 0 or 1 or fail the Bernoulli check: subsamples then prepare their own. */
    private volatile boolean notBinary;
    /** The instances' variants at the largest lag asked for last ({@link #variants}). */
    private volatile EvidenceRows.@Nullable Variants variants;
    /**
     * For a subsample, the data it was taken from and the rows it holds ({@link #subsample}): 0/1 data prepare their
     * sparse form once, over the whole data, and every minibatch selects its rows from it.
     */
    private final @Nullable ObservedData source;
    private final int @Nullable [] sourceRows;

    ObservedData(DataLevels levels, int[][] offsets, RowShapes shapes, double[] values, boolean integral) {
        this(levels, offsets, shapes, values, integral, null, null);
    }

    private ObservedData(DataLevels levels, int[][] offsets, RowShapes shapes, double @Nullable [] values,
                         boolean integral,
                         @Nullable ObservedData source, int @Nullable [] sourceRows) {
        this.levels = levels;
        this.offsets = offsets;
        this.shapes = shapes;
        this.values = values;
        this.integral = integral;
        this.source = source;
        this.sourceRows = sourceRows;
    }

    /** {@return the observed site's name} */
    public String site() {
        return levels.site();
    }

    /** {@return the levels the data was read at} */
    public DataLevels levels() {
        return levels;
    }

    /** {@return the number of rows: instances of the innermost plate level, 1 without plate levels} */
    public int instances() {
        return count(offsets.length - 1);
    }

    /**
     * {@return the number of instances of a plate level} Level -1 is the root, with one instance.
     *
     * @param level the plate level, outermost 0, or -1
     */
    public int count(int level) {
        return level < 0 ? 1 : offsets[level][offsets[level].length - 1];
    }

    /**
     * The number of members of plate level {@code level} in each instance of the level above it, in instance order:
     * for level 0 one count (the root has one instance).
     *
     * @param level a plate level, in [0, plateLevels)
     * @return a new array of length {@code count(level - 1)}
     */
    public int[] counts(int level) {
        int[] start = offsets[level];
        int[] result = new int[start.length - 1];
        for (int q = 0; q < result.length; q++) {
            result[q] = start[q + 1] - start[q];
        }
        return result;
    }

    /**
     * {@return {@code counts(0) .. counts(levels - 1)}, the nesting of a result at plate depth {@code levels}}
     *
     * @param levels how many outer plate levels
     */
    public int[][] countsUpTo(int levels) {
        int[][] result = new int[levels][];
        for (int level = 0; level < levels; level++) {
            result[level] = counts(level);
        }
        return result;
    }

    /**
     * {@return for every instance, its index inside its parent instance} For a Markov plate: its step in its
     * sequence. All 0 for a site without plate levels.
     */
    public int[] steps() {
        int[] steps = new int[instances()];
        if (offsets.length == 0) {
            return steps;
        }
        int[] start = offsets[offsets.length - 1];
        for (int q = 0; q + 1 < start.length; q++) {
            for (int i = start[q]; i < start[q + 1]; i++) {
                steps[i] = i - start[q];
            }
        }
        return steps;
    }

    /**
     * {@return each instance's variant at a largest lag} indexed on first use and kept, since evidence over these data
     * is made again at every SVI step (one lag per site in practice; another lag replaces the one kept)
     */
    EvidenceRows.Variants variants(int maxLag) {
        EvidenceRows.Variants kept = variants;
        if (kept == null || kept.maxLag() != maxLag) {
            kept = EvidenceRows.Variants.of(this, maxLag);
            variants = kept;
        }
        return kept;
    }

    /**
     * {@return for every instance, the instance of plate level {@code level} that holds it} Level -1 maps every
     * instance to the root's 0; the innermost level maps every instance to itself.
     *
     * @param level the plate level, or -1
     */
    public int[] ancestors(int level) {
        int innermost = offsets.length - 1;
        int[] result = new int[instances()];
        for (int i = 0; i < result.length; i++) {
            int instance = i;
            for (int l = innermost; l > level; l--) {
                instance = parentOf(l, instance);
            }
            result[i] = level < 0 ? 0 : instance;
        }
        return result;
    }

    /**
     * The data of some members of the outermost plate only, in the given order, with everything nested in them: what
     * a run that subsamples that plate (SVI minibatches of sequences) scores.
     *
     * @param members indices of instances of plate level 0, each in {@code [0, count(0))}
     * @return new data whose plate level 0 has {@code members.length} instances
     * @throws IllegalArgumentException if the site has no plate, or naming a member that does not exist
     */
    public ObservedData subsample(int[] members) {
        if (offsets.length == 0) {
            throw new IllegalArgumentException("site '" + site() + "' has no plate to subsample");
        }
        int[] selected = members.clone();
        for (int member : selected) {
            if (member < 0 || member >= count(0)) {
                throw new IllegalArgumentException("site '" + site() + "': member " + member + " of plate '"
                        + levels.name(0) + "' does not exist; there are " + count(0));
            }
        }
        int[][] chosen = new int[offsets.length][];
        chosen[0] = new int[] {0, selected.length};
        for (int level = 1; level < offsets.length; level++) {
            int[] start = offsets[level];
            int[] next = new int[selected.length + 1];
            int total = 0;
            for (int q = 0; q < selected.length; q++) {
                total += start[selected[q] + 1] - start[selected[q]];
                next[q + 1] = total;
            }
            int[] children = new int[total];
            int at = 0;
            for (int q : selected) {
                for (int i = start[q]; i < start[q + 1]; i++) {
                    children[at++] = i;
                }
            }
            chosen[level] = next;
            selected = children;
        }
        RowShapes chosenShapes = shapes.select(selected);
        // The values are copied when first read: a minibatch of 0/1 data scored sparsely never reads them.
        return new ObservedData(levels, chosen, chosenShapes, null, integral, this, selected);
    }

    /** {@return whether some folded plate has another number of members in some row} */
    public boolean isRagged() {
        return shapes.ragged();
    }

    /**
     * {@return the extents of every row: the folded plates', then the event dimensions'}
     *
     * @throws IllegalStateException if the rows are {@linkplain #isRagged() ragged}
     */
    public int[] rowShape() {
        return uniformShape().clone();
    }

    /**
     * {@return the extents of the folded plates in every row}
     *
     * @throws IllegalStateException if the rows are {@linkplain #isRagged() ragged}
     */
    public int[] foldedShape() {
        return Arrays.copyOf(uniformShape(), levels.foldedLevels());
    }

    /** {@return the extents of the event dimensions, the same in every row} */
    public int[] eventShape() {
        int[] shape = shapes.shape(0);
        return Arrays.copyOfRange(shape, levels.foldedLevels(), shape.length);
    }

    /**
     * {@return the number of entries of every row}
     *
     * @throws IllegalStateException if the rows are {@linkplain #isRagged() ragged}
     */
    public int rowWidth() {
        uniformShape();
        return shapes.width(0);
    }

    /**
     * {@return the extents of one row: its folded plates', then the event dimensions'}
     *
     * @param instance the row
     */
    public int[] rowShape(int instance) {
        return shapes.shape(shapes.classOf(instance)).clone();
    }

    /**
     * {@return the extents of one row's folded plates}
     *
     * @param instance the row
     */
    public int[] foldedShape(int instance) {
        return shapes.foldedShape(shapes.classOf(instance));
    }

    /**
     * {@return the number of entries of one row}
     *
     * @param instance the row
     */
    public int rowWidth(int instance) {
        return shapes.rowWidth(instance);
    }

    /** {@return whether every value came from an {@code int} (or other integer) source} */
    public boolean isIntegral() {
        return integral;
    }

    /**
     * {@return a new tensor of every row: {@code [instances, rowShape...]}, a constant}
     *
     * @throws IllegalStateException if the rows are {@linkplain #isRagged() ragged}
     */
    public Tensor rows() {
        uniformShape();
        return rows(0, instances());
    }

    /**
     * {@return a new tensor of rows {@code from .. to-1}: {@code [to - from, rowShape...]}, a constant}
     *
     * @param from the first row
     * @param to one past the last row
     * @throws IllegalArgumentException if those rows do not all have one shape (ragged rows)
     */
    public Tensor rows(int from, int to) {
        if (from < 0 || to > instances() || from > to) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + instances());
        }
        int shapeClass = from == to ? 0 : shapes.classOf(from);
        if (shapes.ragged()) {
            for (int i = from; i < to; i++) {
                requireClass(i, shapeClass);
            }
        }
        int start = from == to ? 0 : shapes.start(from);
        int end = from == to ? 0 : shapes.start(to - 1) + shapes.rowWidth(to - 1);
        return Tensor.of(Arrays.copyOfRange(values(), start, end), blockShape(to - from, shapeClass));
    }

    /**
     * {@return a new tensor of the given rows, which share one shape: {@code [instances.length, rowShape...]}, a
     * constant}
     *
     * @param instances the rows, in the order wanted, at least one
     * @throws IllegalArgumentException if the rows do not all have one shape
     */
    public Tensor rows(int[] instances) {
        if (instances.length == 0) {
            throw new IllegalArgumentException("site '" + site() + "': no rows to read");
        }
        int shapeClass = shapes.classOf(instances[0]);
        int width = shapes.width(shapeClass);
        double[] block = new double[instances.length * width];
        double[] values = values();
        for (int r = 0; r < instances.length; r++) {
            requireClass(instances[r], shapeClass);
            System.arraycopy(values, shapes.start(instances[r]), block, r * width, width);
        }
        return Tensor.of(block, blockShape(instances.length, shapeClass));
    }

    /**
     * {@return one row as a new constant tensor of shape {@code rowShape(instance)}}
     *
     * @param instance the row
     */
    public Tensor row(int instance) {
        int start = shapes.start(instance);
        return Tensor.of(Arrays.copyOfRange(values(), start, start + shapes.rowWidth(instance)),
                shapes.shape(shapes.classOf(instance)));
    }

    /**
     * {@return one entry of one row}
     *
     * @param instance the row
     * @param member the entry, row-major in the row's shape
     */
    public double value(int instance, int member) {
        return values()[shapes.start(instance) + member];
    }

    /**
     * Reads the values as integers, e.g. a Categorical's observations.
     *
     * @param supportSize S: every value must lie in {@code 0..S-1}; 0 or less for any integer
     * @return a new array, row-major like the values
     * @throws SiteException naming the index path and the value of a value that is not an integer or lies outside
     *     the support
     */
    public int[] integers(int supportSize) {
        double[] values = values();
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double value = values[i];
            if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                throw new SiteException(site(), describeEntry(i), "observed value " + value + " is not an integer");
            }
            if (supportSize > 0 && (value < 0 || value >= supportSize)) {
                throw new SiteException(site(), describeEntry(i), "observed value " + (int) value
                        + " is outside the support 0.." + (supportSize - 1));
            }
            result[i] = (int) value;
        }
        return result;
    }

    /**
     * Checks that every value lies in [0, 1] (a Bernoulli observation, possibly a soft count) or, when
     * {@code binary}, is exactly 0 or 1.
     *
     * @param binary whether only 0 and 1 are allowed
     *
     * @throws SiteException naming the index path and the value of the first value that does not
     */
    public void checkBernoulli(boolean binary) {
        if (binary ? checkedBinary : checkedUnitInterval) {
            return;
        }
        if (!binary && selectedFromSource() != null) {
            return;   // within the whole data's 0/1 values, which were checked
        }
        double[] values = values();
        for (int i = 0; i < values.length; i++) {
            double value = values[i];
            boolean ok = binary ? value == 0.0 || value == 1.0 : value >= 0.0 && value <= 1.0;
            if (!ok) {
                throw new SiteException(site(), describeEntry(i), "observed value " + value
                        + (binary ? " is not 0 or 1" : " is outside [0, 1]") + "; a Bernoulli observation "
                        + (binary ? "read as a later step's previous value must be 0 or 1" : "must lie in [0, 1]"));
            }
        }
        checkedUnitInterval = true;
        if (binary) {
            checkedBinary = true;
        }
    }

    /**
     * {@return the values of uniform rows as Bernoulli observations, one step per row, prepared on first use} Sparse
     * when every value is 0 or 1 ({@link BernoulliObservations#ofChecked}).
     *
     * @throws SiteException as {@link #checkBernoulli(boolean) checkBernoulli(false)}
     */
    BernoulliObservations bernoulliObservations() {
        BernoulliObservations prepared = bernoulliObservations;
        if (prepared == null) {
            prepared = selectedFromSource();
            if (prepared == null) {
                try {
                    checkBernoulli(false);
                } catch (SiteException e) {
                    notBinary = true;
                    throw e;
                }
                prepared = BernoulliObservations.ofChecked(values(), instances(), rowWidth());
                notBinary = !prepared.isBinary();
            }
            bernoulliObservations = prepared;
        }
        return prepared;
    }

    /**
     * A subsample's sparse form, selected from the whole data's when those are all 0 or 1 (then so are this one's
     * values, and {@link BernoulliObservations#ofChecked} would give the same arrays); null otherwise, and then the
     * subsample checks and prepares its own values, so that its errors name its own entries as before.
     */
    private @Nullable BernoulliObservations selectedFromSource() {
        ObservedData from = source;
        int[] rows = sourceRows;
        if (from == null || rows == null || from.notBinary || from.isRagged()) {
            return null;
        }
        BernoulliObservations whole;
        try {
            whole = from.bernoulliObservations();
        } catch (SiteException e) {
            return null;
        }
        if (!whole.isBinary()) {
            return null;
        }
        BernoulliObservations selected = whole.select(rows);
        bernoulliObservations = selected;
        checkedBinary = true;
        checkedUnitInterval = true;
        return selected;
    }

    /**
     * {@return the index path of an instance, e.g. {@code sequences[3].time[17]}; empty without plate levels}
     *
     * @param instance the instance
     */
    public String describe(int instance) {
        return describeAt(offsets.length - 1, instance);
    }

    /**
     * {@return the index path of one entry of a row, e.g. {@code sequences[3].time[17].tones[2]}}
     *
     * @param instance the row
     * @param member the entry, row-major in the row's shape
     */
    public String describe(int instance, int member) {
        int[] path = new int[levels.depth()];
        fillPath(offsets.length - 1, instance, path);
        fillMember(member, shapes.shape(shapes.classOf(instance)), path);
        return path(levels, path, 0, levels.depth());
    }

    /**
     * {@return the index path of one entry inside a row of the given shape, e.g. {@code tones[2]}}
     *
     * @param member the entry, row-major in {@code rowShape}
     * @param rowShape a row's shape (folded extents, then event extents)
     */
    String describeMember(int member, int[] rowShape) {
        int[] path = new int[levels.depth()];
        fillMember(member, rowShape, path);
        return path(levels, path, offsets.length, levels.depth());
    }

    /**
     * {@return the index path of an instance of a plate level; empty for the root}
     *
     * @param level the plate level, or -1 for the root
     * @param instance the instance of that level
     */
    public String describeAt(int level, int instance) {
        int[] path = new int[levels.depth()];
        fillPath(level, instance, path);
        return path(levels, path, 0, level + 1);
    }

    /**
     * Checks that two sites agree on the members of the plates they share.
     *
     * @param first a site, whose counts are taken as the plates'
     * @param second another site
     * @param shared how many outer plate levels they share (the same plates, outermost first)
     * @throws SiteException for {@code second}, naming the first parent instance where the counts differ and both
     *     counts
     * @throws IllegalArgumentException if the two sites' first {@code shared} levels are not the same plates
     */
    public static void checkSameCounts(ObservedData first, ObservedData second, int shared) {
        for (int level = 0; level < shared; level++) {
            String plate = first.levels.name(level);
            if (level >= first.offsets.length || level >= second.offsets.length
                    || !plate.equals(second.levels.name(level))) {
                throw new IllegalArgumentException("sites '" + first.site() + "' and '" + second.site() + "' do not "
                        + "share " + shared + " outer plates");
            }
            int[] a = first.offsets[level];
            int[] b = second.offsets[level];
            for (int q = 0; q + 1 < Math.min(a.length, b.length); q++) {
                int countA = a[q + 1] - a[q];
                int countB = b[q + 1] - b[q];
                if (countA != countB) {
                    throw new SiteException(second.site(), second.describeAt(level - 1, q), "has " + countB
                            + " members of plate '" + plate + "' but site '" + first.site() + "' has " + countA
                            + " there; sites in one plate need the same members");
                }
            }
            if (a.length != b.length) {   // only at level 0 can this be the first difference: one parent each
                throw new SiteException(second.site(), "", "has " + (b.length - 1) + " instances above plate '"
                        + plate + "' but site '" + first.site() + "' has " + (a.length - 1));
            }
        }
    }

    /** The values, row after row, each row-major; not copied, never modified. */
    double[] values() {
        double[] known = values;
        if (known == null) {
            known = copyFromSource();
            values = known;
        }
        return known;
    }

    /** A subsample's values: its rows of the source's, in order. */
    private double[] copyFromSource() {
        ObservedData from = source;
        int[] rows = sourceRows;
        if (from == null || rows == null) {
            throw new IllegalStateException("data without values or a source");
        }
        double[] all = from.values();
        RowShapes whole = from.shapes;
        int size = 0;
        for (int row : rows) {
            size += whole.rowWidth(row);
        }
        double[] subset = new double[size];
        int at = 0;
        for (int row : rows) {
            System.arraycopy(all, whole.start(row), subset, at, whole.rowWidth(row));
            at += whole.rowWidth(row);
        }
        return subset;
    }

    /** The shapes of the rows. */
    RowShapes shapes() {
        return shapes;
    }

    /** {@return the index path of entry {@code entry} of the values} */
    private String describeEntry(int entry) {
        int row = shapes.rowOf(entry);
        return describe(row, entry - shapes.start(row));
    }

    private int[] uniformShape() {
        if (shapes.ragged()) {
            throw new IllegalStateException("site '" + site() + "': its folded plates have other members in some rows"
                    + " (e.g. " + describe(shapes.witness(1)) + " has " + Arrays.toString(foldedShape(
                    shapes.witness(1))) + ", " + describe(0) + " has " + Arrays.toString(foldedShape(0))
                    + "); ask one row's shape");
        }
        return shapes.shape(0);
    }

    private void requireClass(int instance, int shapeClass) {
        if (shapes.classOf(instance) != shapeClass) {
            throw new IllegalArgumentException("site '" + site() + "': row " + describe(instance) + " has folded "
                    + "plates " + Arrays.toString(foldedShape(instance)) + ", unlike the other rows read with it");
        }
    }

    /** {@code [n, rowShape...]} of a class. */
    private int[] blockShape(int n, int shapeClass) {
        int[] rowShape = shapes.shape(shapeClass);
        int[] shape = new int[rowShape.length + 1];
        shape[0] = n;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return shape;
    }

    /** The index of the parent instance (at level - 1) of instance {@code instance} of plate level {@code level}. */
    private int parentOf(int level, int instance) {
        int[] start = offsets[level];
        // The last q with start[q] <= instance; empty parents share their offset with the next one.
        int low = 0;
        int high = start.length - 2;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (start[mid] <= instance) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private void fillPath(int level, int instance, int[] path) {
        int current = instance;
        for (int l = level; l >= 0; l--) {
            int parent = parentOf(l, current);
            path[l] = current - offsets[l][parent];
            current = parent;
        }
    }

    private void fillMember(int member, int[] rowShape, int[] path) {
        int rest = member;
        for (int k = rowShape.length - 1; k >= 0; k--) {
            path[offsets.length + k] = rowShape[k] == 0 ? 0 : rest % rowShape[k];
            rest = rowShape[k] == 0 ? 0 : rest / rowShape[k];
        }
    }

    /** The index path of levels {@code from .. to-1}, e.g. {@code sequences[3].time[17]} or {@code data[4][1]}. */
    static String path(DataLevels levels, int[] path, int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int l = from; l < to; l++) {
            if (levels.kind(l) != DataLevels.Kind.EVENT) {
                text.append(text.length() == 0 ? "" : ".").append(levels.name(l));
            }
            text.append('[').append(path[l]).append(']');
        }
        return text.toString();
    }
}
