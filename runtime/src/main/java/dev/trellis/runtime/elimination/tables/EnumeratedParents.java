package dev.trellis.runtime.elimination.tables;

import java.util.Arrays;

/**
 * The enumerated variables a site reads, as axes of its table or evidence: one per use, in the order the plan lists
 * them, each with a name (for messages), a domain size and the lag at which it is read.
 *
 * <p>An assignment of them is a <em>cell</em>, numbered row-major (the last axis fastest); there are
 * {@link #cells()} of them, 1 when there are no axes.
 *
 * <p><b>Variants.</b> At step {@code j} of a Markov plate, a use of lag {@code l > j} does not exist yet: the site's
 * method reads {@code null} (or the parameter's {@code initial}) there. The <em>variant</em> of an instance is
 * {@code min(step, maxLag)}; at variant {@code v} the uses of lag greater than v are <em>absent</em>. A method is
 * called once per variant and assignment of the present uses, and its result serves every value of the absent
 * ones, which is how the boundary rows are "replicated along the absent axes". Variant {@link #maxLag()} is the
 * steady state (every use present); without lagged uses there is only variant 0. Evidence kinds may raise the
 * largest lag with data parents read at a lag (see {@link DataParent}).
 *
 * <p>Immutable; build once per generated class.
 *
 * <p>Immutable, so thread-safe.
 */
public final class EnumeratedParents {

    private static final EnumeratedParents NONE = new EnumeratedParents(new String[0], new int[0], new int[0]);

    private final String[] names;
    private final int[] sizes;
    private final int[] lags;
    private final int cells;
    private final int maxLag;

    private EnumeratedParents(String[] names, int[] sizes, int[] lags) {
        this.names = names;
        this.sizes = sizes;
        this.lags = lags;
        int product = 1;
        int largest = 0;
        for (int a = 0; a < sizes.length; a++) {
            if (sizes[a] < 1) {
                throw new IllegalArgumentException("parent '" + names[a] + "' has domain size " + sizes[a]
                        + "; a domain has at least one value");
            }
            if (lags[a] < 0) {
                throw new IllegalArgumentException("parent '" + names[a] + "' is read at lag " + lags[a]
                        + "; a lag is 0 or more");
            }
            try {
                product = Math.multiplyExact(product, sizes[a]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the parents " + Arrays.toString(names) + " with domain sizes "
                        + Arrays.toString(sizes) + " have more than " + Integer.MAX_VALUE + " assignments", e);
            }
            largest = Math.max(largest, lags[a]);
        }
        this.cells = product;
        this.maxLag = largest;
    }

    /** {@return no parents: one cell} */
    public static EnumeratedParents none() {
        return NONE;
    }

    /**
     * Parents read at their current value (lag 0).
     *
     * @param names one name per axis, for messages, e.g. {@code x}
     * @param sizes the domain size of each axis
     * @return the parents
     * @throws IllegalArgumentException if the arrays differ in length or a size is below 1
     */
    public static EnumeratedParents current(String[] names, int[] sizes) {
        return of(names, sizes, new int[sizes.length]);
    }

    /**
     * Parents read at the given lags.
     *
     * @param names one name per axis, for messages, e.g. {@code x} and {@code before}
     * @param sizes the domain size of each axis
     * @param lags the lag of each axis along the site's Markov plate (0 = the current step)
     * @return the parents
     * @throws IllegalArgumentException if the arrays differ in length, a size is below 1, a lag is negative, or the
     *     number of cells overflows an int
     */
    public static EnumeratedParents of(String[] names, int[] sizes, int[] lags) {
        if (names.length != sizes.length || sizes.length != lags.length) {
            throw new IllegalArgumentException("got " + names.length + " names, " + sizes.length + " sizes and "
                    + lags.length + " lags; give one of each per parent");
        }
        return new EnumeratedParents(names.clone(), sizes.clone(), lags.clone());
    }

    /** {@return the number of axes} */
    public int count() {
        return sizes.length;
    }

    /** {@return the number of assignments, the product of the sizes (1 for none)} */
    public int cells() {
        return cells;
    }

    /** {@return the largest lag of any axis (0 when none is lagged)} */
    public int maxLag() {
        return maxLag;
    }

    /**
     * {@return the domain size of an axis}
     *
     * @param axis the axis, in the order given
     */
    public int size(int axis) {
        return sizes[axis];
    }

    /**
     * {@return the lag of an axis}
     *
     * @param axis the axis, in the order given
     */
    public int lag(int axis) {
        return lags[axis];
    }

    /**
     * {@return the name of an axis}
     *
     * @param axis the axis, in the order given
     */
    public String name(int axis) {
        return names[axis];
    }

    /**
     * Decodes a cell at a variant: {@code out[a]} is axis a's value, or -1 when the axis is absent.
     *
     * @param cell the cell, in [0, cells)
     * @param variant the variant; axes whose lag exceeds it are absent
     * @param out modified: one entry per axis
     */
    void decode(int cell, int variant, int[] out) {
        int rest = cell;
        for (int a = sizes.length - 1; a >= 0; a--) {
            int value = rest % sizes[a];
            rest /= sizes[a];
            out[a] = lags[a] > variant ? -1 : value;
        }
    }

    /**
     * {@return the cell with every absent axis set to 0} It stands for all the cells that differ from it only in
     * absent axes: they share one call of the site's method. It is never greater than {@code cell}.
     */
    int representative(int cell, int variant) {
        if (variant >= maxLag) {
            return cell;
        }
        int rest = cell;
        int stride = 1;
        int result = 0;
        for (int a = sizes.length - 1; a >= 0; a--) {
            int value = rest % sizes[a];
            rest /= sizes[a];
            result += lags[a] > variant ? 0 : value * stride;
            stride *= sizes[a];
        }
        return result;
    }

    /**
     * {@return the assignment in words, e.g. {@code x = 2, w = 1}; absent axes are left out} Empty when there is
     * nothing to say.
     */
    String describe(int[] assignment) {
        StringBuilder text = new StringBuilder();
        for (int a = 0; a < assignment.length; a++) {
            if (assignment[a] >= 0) {
                text.append(text.length() == 0 ? "" : ", ").append(names[a]).append(" = ").append(assignment[a]);
            }
        }
        return text.toString();
    }
}
