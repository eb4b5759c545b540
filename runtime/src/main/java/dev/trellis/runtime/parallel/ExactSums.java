package dev.trellis.runtime.parallel;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A vector of exact sums: each entry keeps the running sum of the doubles added to it without any rounding, as a short
 * list of non-overlapping partials (Shewchuk's adaptive-precision addition), and {@link #rounded} rounds it once, to
 * the nearest double (ties to even).
 *
 * <p>This is what makes data-parallel results independent of how the work was split: the sum of a set of terms is the
 * same double whatever their order and grouping, so the members of a plate can be added up on any number of threads,
 * or on executors whose partial sums are {@link #add(ExactSums) merged} in any tree, and give the bits a single thread
 * gives. (A fixed summation order would do for threads, but not for a cluster, whose partitions finish in any order
 * and are combined by a tree whose shape depends on their number.)
 *
 * <p>Non-finite terms are kept aside, as IEEE addition treats them: any NaN, or both infinities, make the entry NaN;
 * otherwise an infinity wins. A finite sum beyond the range of doubles rounds to an infinity of its sign.
 *
 * <p>Cost: adding a term takes one error-free addition per partial, and an entry rarely holds more than three partials
 * when its terms have similar magnitudes. Not thread-safe, except that threads may add to disjoint entries at once
 * ({@link #add(double[], int, int)}: the workers of one step, each under the lock of its range of entries, see
 * {@code SharedExactSums}); serializable (a cluster ships partial sums).
 */
public final class ExactSums implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Partials an entry keeps in {@link #inline} before it needs an array of its own. */
    private static final int INLINE = 4;

    /**
     * Per entry i: its partials, in increasing magnitude, non-overlapping, at {@code inline[INLINE * i ...]} — or in
     * {@code spilled[i]} once it has held more than {@link #INLINE} (rare) — only the first {@code counts[i]} live.
     * One flat array keeps a vector of a few thousand entries in one place in memory.
     */
    private final double[] inline;
    private double @Nullable [] @Nullable [] spilled;
    private final int[] counts;
    /** Per entry: bit 0 a positive infinity was added, bit 1 a negative infinity, bit 2 a NaN, bit 3 overflow. */
    private final byte[] specials;
    /** Per entry, on overflow: the sign of the finite sum that left the range of doubles. */
    private final byte[] overflowSign;

    /** An all-zero vector of {@code length} exact sums. */
    public ExactSums(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " is negative");
        }
        this.inline = new double[Math.multiplyExact(length, INLINE)];
        this.counts = new int[length];
        this.specials = new byte[length];
        this.overflowSign = new byte[length];
    }

    /** {@return the number of entries} */
    public int length() {
        return counts.length;
    }

    /** Adds {@code value} to entry {@code index}, exactly. */
    public void add(int index, double value) {
        Objects.checkIndex(index, counts.length);
        addChecked(index, value);
    }

    private void addChecked(int index, double value) {
        if (value == 0.0) {   // (the most common term of a block's vector: an input its members do not reach)
            return;
        }
        if (!Double.isFinite(value)) {
            specials[index] |= (byte) (Double.isNaN(value) ? 4 : value > 0 ? 1 : 2);
            return;
        }
        double[] own = spilled == null ? null : spilled[index];
        double[] p = own != null ? own : inline;
        int base = own != null ? 0 : INLINE * index;
        int n = counts[index];
        int kept = 0;
        double x = value;
        for (int j = 0; j < n; j++) {
            // Knuth's two-sum, without branches: hi + lo == x + y exactly, whichever is larger (the same hi and lo as
            // ordering the two and taking the fast two-sum, so the same partials)
            double y = p[base + j];
            double hi = x + y;
            double yRounded = hi - x;
            double lo = (x - (hi - yRounded)) + (y - yRounded);
            p[base + kept] = lo;
            kept += lo != 0.0 ? 1 : 0;
            x = hi;
        }
        if (Double.isInfinite(x)) {   // once a partial sum overflows, every later one is that infinity
            overflow(index, x);
            return;
        }
        if (kept == (own != null ? own.length : INLINE)) {
            p = spill(index, own, kept);
            base = 0;
        }
        p[base + kept++] = x;
        counts[index] = kept;
    }

    /**
     * Moves entry {@code index}'s {@code kept} partials to an array of twice the room, its own from now on. Locked, so
     * that two threads adding to disjoint entries do not both make the array of spilled entries (each entry's own
     * array is only touched by the thread adding to that entry).
     */
    private synchronized double[] spill(int index, double @Nullable [] own, int kept) {
        double[] grown = new double[2 * kept];
        if (own != null) {
            System.arraycopy(own, 0, grown, 0, kept);
        } else {
            System.arraycopy(inline, INLINE * index, grown, 0, kept);
        }
        if (spilled == null) {
            spilled = new double[counts.length][];
        }
        spilled[index] = grown;
        return grown;
    }

    /** {@return the array holding entry {@code index}'s partials} (from {@link #base}) */
    private double[] partialsOf(int index) {
        double[] own = spilled == null ? null : spilled[index];
        return own != null ? own : inline;
    }

    private int base(int index) {
        return spilled != null && spilled[index] != null ? 0 : INLINE * index;
    }

    /** Adds {@code values[i]} to entry {@code offset + i} for every i, exactly. */
    public void add(int offset, double[] values) {
        Objects.checkFromIndexSize(offset, values.length, counts.length);
        for (int i = 0; i < values.length; i++) {
            addChecked(offset + i, values[i]);
        }
    }

    /**
     * Adds {@code values[i]} to entry {@code i} for every i in {@code [from, to)}, exactly: one range of a vector of
     * the same layout. Threads may add to disjoint ranges at once.
     */
    public void add(double[] values, int from, int to) {
        Objects.checkFromToIndex(from, to, Math.min(values.length, counts.length));
        for (int i = from; i < to; i++) {
            addChecked(i, values[i]);
        }
    }

    /**
     * Adds another vector of exact sums entry by entry, exactly: the result is the exact sum of every term added to
     * either, so merging partial sums in any tree gives the same vector.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public void add(ExactSums other) {
        if (other.length() != length()) {
            throw new IllegalArgumentException("cannot add " + other.length() + " exact sums to " + length());
        }
        for (int i = 0; i < counts.length; i++) {
            specials[i] |= other.specials[i];
            if ((other.specials[i] & 8) != 0 && (specials[i] & 8) == 0) {
                overflowSign[i] = other.overflowSign[i];
            }
            double[] p = other.partialsOf(i);
            int base = other.base(i);
            for (int j = 0; j < other.counts[i]; j++) {
                addChecked(i, p[base + j]);
            }
        }
    }

    /** {@return entry {@code index} rounded once to the nearest double, ties to even} */
    public double rounded(int index) {
        Objects.checkIndex(index, counts.length);
        byte special = specials[index];
        if (special != 0) {
            return roundedSpecial(index, special);
        }
        double[] p = partialsOf(index);
        int base = base(index);
        int n = counts[index];
        if (n == 0) {
            return 0.0;
        }
        // Sum from the largest partial down until the sum is inexact; the partials are non-overlapping, so the first
        // rounding error decides the result, except in a tie, which the sign of the next partial breaks.
        n--;
        double hi = p[base + n];
        double lo = 0.0;
        while (n > 0) {
            double x = hi;
            n--;
            double y = p[base + n];
            hi = x + y;
            double yRounded = hi - x;
            lo = y - yRounded;
            if (lo != 0.0) {
                break;
            }
        }
        if (n > 0 && ((lo < 0.0 && p[base + n - 1] < 0.0) || (lo > 0.0 && p[base + n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            if (y == x - hi) {
                hi = x;
            }
        }
        return hi;
    }

    /** {@return every entry rounded once} */
    public double[] rounded() {
        double[] out = new double[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rounded(i);
        }
        return out;
    }

    /** {@return entries {@code [from, from + length)} rounded once} */
    public double[] rounded(int from, int length) {
        Objects.checkFromIndexSize(from, length, counts.length);
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = rounded(from + i);
        }
        return out;
    }

    private double roundedSpecial(int index, byte special) {
        boolean positive = (special & 1) != 0 || ((special & 8) != 0 && overflowSign[index] > 0);
        boolean negative = (special & 2) != 0 || ((special & 8) != 0 && overflowSign[index] < 0);
        if ((special & 4) != 0 || (positive && negative)) {
            return Double.NaN;
        }
        return positive ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * A finite sum left the range of doubles. Exactness past that point would need wider partials; no term added later
     * can bring such a sum back (a term is at most the largest double), so the entry is recorded as an infinity of the
     * sum's sign, which is what rounding the exact sum would give in all but contrived cancellations.
     */
    private void overflow(int index, double hi) {
        if ((specials[index] & 8) == 0) {
            overflowSign[index] = (byte) (hi > 0 ? 1 : -1);
        }
        specials[index] |= 8;
        counts[index] = 0;
    }
}
