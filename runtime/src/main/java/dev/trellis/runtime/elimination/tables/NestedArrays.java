package dev.trellis.runtime.elimination.tables;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Turns the engine's flat per-instance results into the nested arrays of the generated API, and back.
 *
 * <p>A result for a variable (or site) at plate depth L is flat, row-major {@code [instances][inner...]}: e.g. a
 * marginal {@code [n][K]}, an assignment {@code [n]}, a simulated observation {@code [n][folded...][event...]}. Its
 * nesting is given by {@code counts}: {@code counts[l][q]} is the number of members of plate level l inside
 * instance q of level l-1 ({@code counts[0]} has one entry, the root's), as {@link ObservedData#countsUpTo} and
 * {@link #uniformCounts} give them. The nested array has one array level per plate level (ragged where the counts
 * are) and one per inner dimension: e.g. hmm.py's marginals of x over sequences and time are
 * {@code double[sequences][T_s][K]}. Arrays throughout, no Lists.
 *
 * <p>Stateless and thread-safe.
 */
public final class NestedArrays {

    private NestedArrays() {
    }

    /**
     * Nests doubles.
     *
     * @param flat {@code [instances][inner...]} row-major
     * @param counts the members of every plate level per parent instance (see the class comment)
     * @param inner the dense dimensions of one instance's value (none for a scalar per instance)
     * @return a {@code double[]...[]} with {@code counts.length + inner.length} levels; cast it to that type
     * @throws IllegalArgumentException if the counts are inconsistent, do not match the array's length, or there is
     *     nothing to nest (no plate level and no inner dimension: the value is {@code flat[0]})
     */
    public static Object nest(double[] flat, int[][] counts, int... inner) {
        return nestAny(flat, flat.length, double.class, counts, inner);
    }

    /**
     * Nests ints (assignments, simulated integer observations).
     *
     * @param flat {@code [instances][inner...]} row-major
     * @param counts the members of every plate level per parent instance
     * @param inner the dense dimensions of one instance's value
     * @return an {@code int[]...[]} with {@code counts.length + inner.length} levels; cast it to that type
     * @see #nest(double[], int[][], int...)
     */
    public static Object nest(int[] flat, int[][] counts, int... inner) {
        return nestAny(flat, flat.length, int.class, counts, inner);
    }

    /**
     * The counts of dense plates: {@code sizes[l]} members of level l in every instance of level l-1, as
     * {@code simulate} takes them.
     *
     * @param sizes one size per plate level, outermost first
     * @return {@code counts[l]}, of length {@code sizes[0] * ... * sizes[l-1]}, filled with {@code sizes[l]}
     * @throws IllegalArgumentException if a size is negative or the number of instances overflows an int
     */
    public static int[][] uniformCounts(int... sizes) {
        int[][] counts = new int[sizes.length][];
        int parents = 1;
        for (int level = 0; level < sizes.length; level++) {
            if (sizes[level] < 0) {
                throw new IllegalArgumentException("plate level " + level + " has size " + sizes[level]);
            }
            counts[level] = new int[parents];
            Arrays.fill(counts[level], sizes[level]);
            parents = Math.multiplyExact(parents, sizes[level]);
        }
        return counts;
    }

    /**
     * Flattens a nested array back: the inverse of {@link #nest}.
     *
     * @param nested a {@code double[]...[]} or {@code int[]...[]} (or any nesting {@link DataLevels#bind} reads)
     * @param plateLevels how many outer levels are plate levels (ragged allowed)
     * @param innerDims how many inner dense dimensions follow
     * @return the flat values, the counts and the inner shape
     * @throws dev.trellis.runtime.errors.SiteException (site {@code result}) naming the index of a null, a NaN or an
     *     inner dimension of another extent
     */
    public static Flattened flatten(Object nested, int plateLevels, int innerDims) {
        DataLevels.Builder levels = DataLevels.of("result");
        for (int level = 0; level < plateLevels; level++) {
            levels.plate("level" + level);
        }
        for (int dim = 0; dim < innerDims; dim++) {
            levels.folded("dim" + dim);
        }
        ObservedData data = levels.build().bind(nested);
        if (data.isRagged()) {
            int witness = data.shapes().witness(1);
            throw new dev.trellis.runtime.errors.SiteException("result", data.describe(witness), "has inner "
                    + "dimensions " + Arrays.toString(data.foldedShape(witness)) + " but " + data.describe(0)
                    + " has " + Arrays.toString(data.foldedShape(0)) + "; a result's inner dimensions are the same "
                    + "everywhere");
        }
        return new Flattened(data.values(), data.countsUpTo(plateLevels), data.rowShape());
    }

    /**
     * A flattened result.
     *
     * @param values {@code [instances][inner...]} row-major
     * @param counts the members of every plate level per parent instance
     * @param inner the dense dimensions of one instance's value
     */
    public record Flattened(double[] values, int[][] counts, int[] inner) {

        /**
         * {@return the values as ints}
         *
         * @throws IllegalArgumentException naming the index of a value that is not an integer
         */
        public int[] ints() {
            int[] result = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] != Math.rint(values[i])) {
                    throw new IllegalArgumentException("value " + i + " is " + values[i] + ", not an integer");
                }
                result[i] = (int) values[i];
            }
            return result;
        }
    }

    private static Object nestAny(Object flat, int length, Class<?> element, int[][] counts, int[] inner) {
        if (counts.length == 0 && inner.length == 0) {
            throw new IllegalArgumentException("nothing to nest: a value at the root without inner dimensions is the "
                    + "flat array's only entry");
        }
        int[][] offsets = offsets(counts);
        int instances = counts.length == 0 ? 1 : offsets[counts.length - 1][offsets[counts.length - 1].length - 1];
        int innerSize = 1;
        for (int extent : inner) {
            innerSize = Math.multiplyExact(innerSize, extent);
        }
        if ((long) instances * innerSize != length) {
            throw new IllegalArgumentException("the counts give " + instances + " instances of " + innerSize
                    + " entries, but the flat array has " + length);
        }
        return new Nester(flat, element, offsets, inner, innerSize).level(0, 0);
    }

    /** Prefix sums of the counts, checking that each level has one count per instance of the level above. */
    private static int[][] offsets(int[][] counts) {
        int[][] offsets = new int[counts.length][];
        int parents = 1;
        for (int level = 0; level < counts.length; level++) {
            if (counts[level].length != parents) {
                throw new IllegalArgumentException("plate level " + level + " has " + counts[level].length
                        + " counts but the level above has " + parents + " instances");
            }
            offsets[level] = new int[parents + 1];
            for (int q = 0; q < parents; q++) {
                if (counts[level][q] < 0) {
                    throw new IllegalArgumentException("counts[" + level + "][" + q + "] = " + counts[level][q]);
                }
                offsets[level][q + 1] = Math.addExact(offsets[level][q], counts[level][q]);
            }
            parents = offsets[level][parents];
        }
        return offsets;
    }

    /** Builds the nested arrays level by level, copying each innermost row in one piece. */
    private record Nester(Object flat, Class<?> element, int[][] offsets, int[] inner, int innerSize) {

        /** The array of the members of plate level {@code level} inside instance {@code parent} of the level above. */
        Object level(int level, int parent) {
            if (level == offsets.length) {
                return block(parent * innerSize, 0);
            }
            int first = offsets[level][parent];
            int count = offsets[level][parent + 1] - first;
            if (level == offsets.length - 1 && inner.length == 0) {
                Object row = Array.newInstance(element, count);
                System.arraycopy(flat, first, row, 0, count);
                return row;
            }
            Object array = Array.newInstance(componentType(offsets.length - level - 1 + inner.length), count);
            for (int k = 0; k < count; k++) {
                Array.set(array, k, level(level + 1, first + k));
            }
            return array;
        }

        /** The dense block of inner dimensions {@code dim..} starting at flat index {@code start}. */
        private Object block(int start, int dim) {
            if (dim == inner.length - 1) {
                Object row = Array.newInstance(element, inner[dim]);
                System.arraycopy(flat, start, row, 0, inner[dim]);
                return row;
            }
            int stride = 1;
            for (int d = dim + 1; d < inner.length; d++) {
                stride *= inner[d];
            }
            Object array = Array.newInstance(componentType(inner.length - dim - 1), inner[dim]);
            for (int k = 0; k < inner[dim]; k++) {
                Array.set(array, k, block(start + k * stride, dim + 1));
            }
            return array;
        }

        /** The array type with {@code dims} dimensions of the element type (e.g. 2: {@code double[][]}). */
        private Class<?> componentType(int dims) {
            Class<?> type = element;
            for (int d = 0; d < dims; d++) {
                type = type.arrayType();
            }
            return type;
        }
    }
}
