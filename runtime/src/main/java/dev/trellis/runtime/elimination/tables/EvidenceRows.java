package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.errors.SiteException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every evidence kind shares: the site's data, its enumerated parents, each instance's variant, the groups of
 * instances that can be scored together (one variant and, for ragged folded plates, one row shape), and the messages
 * that name an instance and an assignment. Immutable.
 */
final class EvidenceRows {

    final ObservedData data;
    final EnumeratedParents parents;
    final String site;
    final int instances;
    final int cells;
    /** The largest lag of any parent, enumerated or observed: variants are 0..maxLag. */
    final int maxLag;
    /** Per instance, {@code min(step, maxLag)}. */
    private final int[] variants;
    private final boolean[] occurring;
    /** Per variant and shape class ({@code variant * classes + class}), its first instance, -1 if none. */
    private final int[] witnesses;

    EvidenceRows(ObservedData data, EnumeratedParents parents, int dataLag) {
        this.data = data;
        this.parents = parents;
        this.site = data.site();
        this.instances = data.instances();
        this.cells = parents.cells();
        this.maxLag = Math.max(parents.maxLag(), dataLag);
        if (maxLag > 0 && data.levels().plateLevels() == 0) {
            throw new IllegalArgumentException("site '" + site + "' reads a parent at lag " + maxLag + " but its data "
                    + "has no plate to step along");
        }
        Variants index = data.variants(maxLag);
        this.variants = index.variants();
        this.occurring = index.occurring();
        this.witnesses = index.witnesses();
    }

    /**
     * Which variant each instance of some data is at a largest lag, and the first instance of each variant and row
     * shape class: a function of the data and the lag alone, which the data keep ({@link ObservedData#variants}),
     * since a program makes evidence over the same data at every SVI step (over 13,807 instances, about 5% of the
     * calling thread's part of an hmm.py step on two threads).
     *
     * @param maxLag the largest lag
     * @param variants per instance, {@code min(step, maxLag)}; never modified
     * @param occurring per variant, whether some instance has it; never modified
     * @param witnesses per variant and shape class, its first instance or -1; never modified
     */
    record Variants(int maxLag, int[] variants, boolean[] occurring, int[] witnesses) {

        /** Indexes {@code data}'s instances at {@code maxLag} (which needs a plate to step along when positive). */
        static Variants of(ObservedData data, int maxLag) {
            int instances = data.instances();
            int[] variants = new int[instances];
            boolean[] occurring = new boolean[maxLag + 1];
            int[] steps = maxLag == 0 ? null : data.steps();
            RowShapes shapes = data.shapes();
            int[] witnesses = new int[(maxLag + 1) * shapes.classes()];
            Arrays.fill(witnesses, -1);
            for (int i = 0; i < instances; i++) {
                variants[i] = steps == null ? 0 : Math.min(steps[i], maxLag);
                occurring[variants[i]] = true;
                int key = variants[i] * shapes.classes() + shapes.classOf(i);
                if (witnesses[key] < 0) {
                    witnesses[key] = i;
                }
            }
            return new Variants(maxLag, variants, occurring, witnesses);
        }
    }

    /**
     * {@return the first instance with a variant and a row shape class, -1 if none has both}
     *
     * @param variant the variant
     * @param shapeClass the class of the row's shape (always 0 when the rows are uniform)
     */
    int witness(int variant, int shapeClass) {
        return witnesses[variant * data.shapes().classes() + shapeClass];
    }

    /**
     * {@return the instances among {@code from .. to-1} that can be scored together, relative to {@code from}: one
     * variant and one row shape per group, in order within each group} Some groups may be empty.
     */
    int[][] groups(int from, int to) {
        RowShapes shapes = data.shapes();
        if (!shapes.ragged()) {
            return byVariant(from, to);
        }
        int classes = shapes.classes();
        long[] keys = new long[to - from];
        for (int i = from; i < to; i++) {
            keys[i - from] = ((long) (variants[i] * classes + shapes.classOf(i)) << 32) | (i - from);
        }
        Arrays.sort(keys);
        List<int[]> groups = new ArrayList<>();
        int start = 0;
        for (int k = 1; k <= keys.length; k++) {
            if (k == keys.length || keys[k] >>> 32 != keys[start] >>> 32) {
                int[] group = new int[k - start];
                for (int j = start; j < k; j++) {
                    group[j - start] = (int) keys[j];
                }
                groups.add(group);
                start = k;
            }
        }
        return groups.toArray(new int[0][]);
    }

    /** {@return the variant of instance {@code instance}} */
    int variant(int instance) {
        return variants[instance];
    }

    /** {@return whether some instance has variant {@code variant}} */
    boolean occurs(int variant) {
        return occurring[variant];
    }

    /** {@return the instances of each variant, in order, among {@code from .. to-1}, relative to {@code from}} */
    int[][] byVariant(int from, int to) {
        int[] counts = new int[maxLag + 1];
        for (int i = from; i < to; i++) {
            counts[variants[i]]++;
        }
        int[][] groups = new int[maxLag + 1][];
        for (int v = 0; v <= maxLag; v++) {
            groups[v] = new int[counts[v]];
        }
        Arrays.fill(counts, 0);
        for (int i = from; i < to; i++) {
            groups[variants[i]][counts[variants[i]]++] = i - from;
        }
        return groups;
    }

    /** {@return e.g. {@code x = 2, step 0}: an assignment at a variant, for a failure that holds at every instance} */
    String whereCell(int cell, int variant) {
        int[] assignment = new int[parents.count()];
        parents.decode(cell, variant, assignment);
        String text = parents.describe(assignment);
        if (variant < maxLag) {
            text += (text.isEmpty() ? "" : ", ") + "step " + variant;
        }
        return text;
    }

    /** {@return e.g. {@code sequences[3].time[17], x = 2}: an instance and an assignment} */
    String whereInstance(int instance, int cell) {
        int[] assignment = new int[parents.count()];
        parents.decode(cell, variants[instance], assignment);
        String place = data.describe(instance);
        String values = parents.describe(assignment);
        return place.isEmpty() || values.isEmpty() ? place + values : place + ", " + values;
    }

    /** {@return the entry of a row of the given shape in words, e.g. {@code tones[3]}} */
    String member(int member, int[] rowShape) {
        return data.describeMember(member, rowShape);
    }

    /** Checks one row entry: NaN and {@code +Infinity} name the instance and the assignment. */
    void checkEntry(double value, int instance, int cell) {
        if (Double.isNaN(value) || value == Double.POSITIVE_INFINITY) {
            throw new SiteException(site, whereInstance(instance, cell), "the log-likelihood of the data is " + value);
        }
    }

    /** Checks the arguments of {@code fill}. */
    void checkBlock(int from, int to, double[] out, int at) {
        if (from < 0 || to > instances || from > to) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of site '" + site + "', which has "
                    + instances);
        }
        if (at < 0 || (long) at + (long) (to - from) * cells > out.length) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + cells + " cells from index " + at
                    + " do not fit an array of length " + out.length);
        }
    }

    /** Checks the row adjoints of {@code backward}. */
    void checkAdjoints(double[] rowAdjoints) {
        if (rowAdjoints.length != instances * cells) {
            throw new IllegalArgumentException("site '" + site + "': " + rowAdjoints.length + " row adjoints for "
                    + instances + " rows of " + cells + " cells");
        }
    }

    /** Adds {@code values} into {@code target} unless the input needs no gradient (a null buffer). */
    static void addInto(double @org.jspecify.annotations.Nullable [] target, double[] values) {
        if (target == null) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            target[i] += values[i];
        }
    }

    /** Adds {@code scale * values} into {@code target} unless the input needs no gradient (a null buffer). */
    static void addScaledInto(double @org.jspecify.annotations.Nullable [] target, double[] values, double scale) {
        if (target == null) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            target[i] += scale * values[i];
        }
    }
}
