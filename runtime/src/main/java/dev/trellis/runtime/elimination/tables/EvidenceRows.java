package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.errors.SiteException;
import java.util.Arrays;

/**
 * What every evidence kind shares: the site's data, its enumerated parents, each instance's variant, and the
 * messages that name an instance and an assignment. Immutable.
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

    EvidenceRows(ObservedData data, EnumeratedParents parents, int dataLag) {
        this.data = data;
        this.parents = parents;
        this.site = data.site();
        this.instances = data.instances();
        this.cells = parents.cells();
        this.maxLag = Math.max(parents.maxLag(), dataLag);
        this.variants = new int[instances];
        this.occurring = new boolean[maxLag + 1];
        if (maxLag > 0 && data.levels().plateLevels() == 0) {
            throw new IllegalArgumentException("site '" + site + "' reads a parent at lag " + maxLag + " but its data "
                    + "has no plate to step along");
        }
        int[] steps = maxLag == 0 ? new int[instances] : data.steps();
        for (int i = 0; i < instances; i++) {
            variants[i] = Math.min(steps[i], maxLag);
            occurring[variants[i]] = true;
        }
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

    /** {@return the entry of a row in words, e.g. {@code tones[3]}} */
    String member(int member) {
        return data.describeMember(member);
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
}
