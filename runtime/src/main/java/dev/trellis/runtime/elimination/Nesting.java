package dev.trellis.runtime.elimination;

import dev.trellis.runtime.elimination.tables.NestedArrays;

/**
 * The nested arrays of a generated query's result: a variable's flat answer per instance of its node (the engine's
 * layout, instances grouped by parent instance) with one array level per plate on the path from the root to the node,
 * ragged where the data are, and the variable's values last for marginals.
 *
 * <p>Stateless and thread-safe.
 */
public final class Nesting {

    private Nesting() {
    }

    /**
     * {@return {@code flat} ([instances][K], row-major) as {@code double[]...[]}: one level per plate of
     * {@code plates}, then the K values; {@code double[]} of the K values for a variable at the root}
     *
     * @param plates the plates from the outermost to the variable's node (none for the root)
     */
    public static Object marginals(double[] flat, PlateInstances instances, int... plates) {
        int rows = plates.length == 0 ? 1 : instances.count(plates[plates.length - 1]);
        return NestedArrays.nest(flat, counts(instances, plates), rows == 0 ? 0 : flat.length / rows);
    }

    /**
     * {@return {@code flat} (one value per instance) as {@code int[]...[]}, one level per plate of {@code plates};
     * the single value (an {@code Integer}) for a variable at the root}
     */
    public static Object assignments(int[] flat, PlateInstances instances, int... plates) {
        return plates.length == 0 ? (Object) flat[0] : NestedArrays.nest(flat, counts(instances, plates));
    }

    /** Per plate of the path, the number of its members in each instance of the plate above it. */
    private static int[][] counts(PlateInstances instances, int[] plates) {
        int[][] counts = new int[plates.length][];
        for (int level = 0; level < plates.length; level++) {
            int[] offsets = instances.offsets(plates[level]);
            counts[level] = new int[offsets.length - 1];
            for (int q = 0; q < counts[level].length; q++) {
                counts[level][q] = offsets[q + 1] - offsets[q];
            }
        }
        return counts;
    }
}
