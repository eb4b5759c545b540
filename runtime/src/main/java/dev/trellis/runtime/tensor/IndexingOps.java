package dev.trellis.runtime.tensor;

/**
 * Reading parts of a tensor by position: {@code select}, {@code slice}, {@code index} (torch's {@code x[idx]}
 * along a dimension) and {@code gather}. Each builds an offset map into the input and reads through it with
 * {@link ShapeOps#gatherFlat}, whose backward adds back through the same map, so an index used twice receives
 * both adjoints. Indices are strict: no negative indices, and index tensors must hold integers in range.
 */
final class IndexingOps {

    private IndexingOps() {
    }

    /** The slice at {@code index} along {@code dim}, which is dropped. */
    static Tensor select(Tensor x, int dim, int index) {
        int[] shape = x.dims();
        int d = Shapes.dim("select", dim, shape);
        checkIndex("select", index, d, shape);
        return pick("select", x, d, new int[] {index}, Shapes.remove(shape, d));
    }

    /** Positions {@code from} (inclusive) to {@code to} (exclusive) along {@code dim}. */
    static Tensor slice(Tensor x, int dim, int from, int to) {
        int[] shape = x.dims();
        int d = Shapes.dim("slice", dim, shape);
        if (from < 0 || to < from || to > shape[d]) {
            throw new IllegalArgumentException("slice: [" + from + ", " + to + ") is not a range within dim " + d
                    + " of size " + shape[d] + " (shape " + Shapes.str(shape) + ")");
        }
        int[] positions = new int[to - from];
        for (int j = 0; j < positions.length; j++) {
            positions[j] = from + j;
        }
        return pick("slice", x, d, positions, Shapes.with(shape, d, positions.length));
    }

    /** The slices at {@code indices} along {@code dim}, in that order, repeats allowed (torch's index_select). */
    static Tensor index(Tensor x, int dim, int[] indices) {
        int[] shape = x.dims();
        int d = Shapes.dim("index", dim, shape);
        for (int index : indices) {
            checkIndex("index", index, d, shape);
        }
        return pick("index", x, d, indices, Shapes.with(shape, d, indices.length));
    }

    /** As {@link #index(Tensor, int, int[])}, with the dimension replaced by the shape of {@code indices}. */
    static Tensor index(Tensor x, int dim, Tensor indices) {
        int[] shape = x.dims();
        int d = Shapes.dim("index", dim, shape);
        int[] flat = toIndices("index", indices, d, shape);
        int[] target = new int[shape.length - 1 + indices.rank()];
        System.arraycopy(shape, 0, target, 0, d);
        System.arraycopy(indices.dims(), 0, target, d, indices.rank());
        System.arraycopy(shape, d + 1, target, d + indices.rank(), shape.length - d - 1);
        return pick("index", x, d, flat, target);
    }

    /**
     * Reads the positions {@code positions} along dimension {@code d} of every outer/inner slice: each (outer slice,
     * position) is a contiguous block of the inner size, copied and, in the backward pass, added back whole.
     */
    private static Tensor pick(String op, Tensor x, int d, int[] positions, int[] target) {
        int[] shape = x.dims();
        int outer = Shapes.outer(shape, d);
        int size = shape[d];
        int inner = Shapes.inner(shape, d);
        int[] starts = new int[outer * positions.length];
        int n = 0;
        for (int o = 0; o < outer; o++) {
            for (int position : positions) {
                starts[n++] = (o * size + position) * inner;
            }
        }
        return ShapeOps.gatherBlocks(op, x, target, starts, inner);
    }

    /**
     * torch's {@code gather}: {@code out[p] = x[p with p[dim] replaced by index[p]]}; the index has the rank of
     * {@code x} and, outside {@code dim}, sizes no larger than {@code x}'s. The result has the index's shape.
     */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        int[] shape = x.dims();
        int d = Shapes.dim("gather", dim, shape);
        int[] indexShape = index.dims();
        boolean fits = indexShape.length == shape.length;
        for (int k = 0; fits && k < shape.length; k++) {
            fits = k == d || indexShape[k] <= shape[k];
        }
        if (!fits) {
            throw new IllegalArgumentException("gather: index of shape " + Shapes.str(indexShape)
                    + " does not fit input of shape " + Shapes.str(shape) + " along dim " + d
                    + " (same rank, and no larger outside dim " + d + ")");
        }
        int[] positions = toIndices("gather", index, d, shape);
        int[] strides = Shapes.strides(shape);
        int rank = shape.length;
        int[] offsets = new int[positions.length];
        int[] at = new int[rank];
        for (int j = 0; j < positions.length; j++) {
            int offset = 0;
            for (int k = 0; k < rank; k++) {
                offset += (k == d ? positions[j] : at[k]) * strides[k];
            }
            offsets[j] = offset;
            for (int k = rank - 1; k >= 0 && ++at[k] == indexShape[k]; k--) {
                at[k] = 0;
            }
        }
        return ShapeOps.gatherFlat("gather", x, indexShape, offsets);
    }

    /**
     * {@link #gather(Tensor, int, Tensor)} with the index given flat: its shape is {@code x}'s with the size of
     * {@code dim} set to {@code index.length} divided by the other sizes.
     */
    static Tensor gather(Tensor x, int dim, int[] index) {
        int[] shape = x.dims();
        int d = Shapes.dim("gather", dim, shape);
        int others = Shapes.outer(shape, d) * Shapes.inner(shape, d);
        if (others == 0 ? index.length != 0 : index.length % others != 0) {
            throw new IllegalArgumentException("gather: " + index.length + " indices do not make whole rows of "
                    + others + " for the other dims of shape " + Shapes.str(shape) + " along dim " + d);
        }
        int[] indexShape = Shapes.with(shape, d, others == 0 ? 0 : index.length / others);
        double[] values = new double[index.length];
        for (int j = 0; j < index.length; j++) {
            values[j] = index[j];
        }
        return gather(x, d, Tensor.constant(values, indexShape));
    }

    private static int[] toIndices(String op, Tensor index, int d, int[] shape) {
        double[] values = index.values();
        int[] indices = new int[values.length];
        for (int j = 0; j < values.length; j++) {
            double v = values[j];
            if (v != Math.rint(v) || v < 0 || v >= shape[d]) {
                throw new IllegalArgumentException(op + ": index " + v + " at position " + j + " (row-major) of the "
                        + "index of shape " + Shapes.str(index.dims()) + " is not an integer in [0, " + shape[d]
                        + ") for dim " + d + " of shape " + Shapes.str(shape));
            }
            indices[j] = (int) v;
        }
        return indices;
    }

    private static void checkIndex(String op, int index, int d, int[] shape) {
        if (index < 0 || index >= shape[d]) {
            throw new IllegalArgumentException(op + ": index " + index + " is out of bounds for dim " + d
                    + " of size " + shape[d] + " (shape " + Shapes.str(shape) + ")");
        }
    }
}
