package dev.trellis.runtime.elimination;

import java.lang.reflect.Array;

/**
 * The nested arrays of a generated query's result: a variable's flat answer per instance of its node (the engine's
 * layout, instances grouped by parent instance) laid out with one array level per plate on the path from the root to
 * the node, ragged where the data are, the variable's values last for marginals.
 *
 * <p>Stateless and thread-safe.
 */
public final class Nesting {

    private Nesting() {
    }

    /**
     * {@return {@code flat} ([instances][K], row-major) as {@code double[]...[]} with one level per plate of
     * {@code plates} and one for the values; {@code double[]} of the K values for a variable at the root}
     *
     * @param plates the plates from the outermost to the variable's node (none for the root)
     */
    public static Object marginals(double[] flat, PlateInstances instances, int... plates) {
        int rows = plates.length == 0 ? 1 : instances.count(plates[plates.length - 1]);
        int width = rows == 0 ? 0 : flat.length / rows;
        return level(instances, plates, 0, 0, (instance) -> {
            double[] row = new double[width];
            System.arraycopy(flat, instance * width, row, 0, width);
            return row;
        }, double.class, 1);
    }

    /**
     * {@return {@code flat} (one value per instance) as {@code int[]...[]} with one level per plate of {@code plates};
     * the single value (an {@code Integer}) for a variable at the root}
     */
    public static Object assignments(int[] flat, PlateInstances instances, int... plates) {
        if (plates.length == 0) {
            return flat[0];
        }
        return level(instances, plates, 0, 0, (instance) -> flat[instance], int.class, 0);
    }

    private interface Leaf {
        Object at(int instance);
    }

    /** The members of plate {@code plates[depth]} inside instance {@code parent} of its parent plate, nested. */
    private static Object level(PlateInstances instances, int[] plates, int depth, int parent, Leaf leaf,
                                Class<?> element, int leafRank) {
        if (depth == plates.length) {
            return leaf.at(parent);
        }
        int plate = plates[depth];
        int[] offsets = instances.offsets(plate);
        int from = offsets[parent];
        int to = offsets[parent + 1];
        Class<?> type = element;
        for (int r = 0; r < plates.length - depth - 1 + leafRank; r++) {
            type = type.arrayType();
        }
        Object array = Array.newInstance(type, to - from);
        for (int i = from; i < to; i++) {
            Array.set(array, i - from, level(instances, plates, depth + 1, i, leaf, element, leafRank));
        }
        return array;
    }
}
