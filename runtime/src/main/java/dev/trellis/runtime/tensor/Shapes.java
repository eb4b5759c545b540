package dev.trellis.runtime.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic shared by the operation families: element counts, dimension normalisation and the
 * {@code outer x size x inner} view of a row-major tensor around one dimension.
 *
 * <p>Every operation that works along a dimension ({@code sum}, {@code softmax}, {@code cat}, {@code select},
 * ...) sees a row-major tensor as {@code [outer, size, inner]}: element {@code (o, k, i)} sits at
 * {@code (o * size + k) * inner + i}. Keeping that one view is why those kernels are short loops.
 */
final class Shapes {

    private Shapes() {
    }

    /** Product of the sizes, or an exception naming the shape if it exceeds {@code int}. */
    static int numElements(int[] shape) {
        long count = 1;
        for (int size : shape) {
            count *= size;
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) count;
    }

    /**
     * Maps a dimension in {@code [-rank, rank)} to {@code [0, rank)}, counting negative dims from the end as torch.
     */
    static int dim(String op, int dim, int[] shape) {
        return dimIn(op, dim, shape.length, shape);
    }

    /** As {@link #dim}, for a dimension of a tensor of {@code rank} dims (e.g. rank + 1 for unsqueeze). */
    static int dimIn(String op, int dim, int rank, int[] shape) {
        if (dim < -rank || dim >= rank) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for shape "
                    + Arrays.toString(shape) + " (expected a dim in [" + -rank + ", " + (rank - 1) + "])");
        }
        return dim < 0 ? dim + rank : dim;
    }

    /** Product of the sizes before {@code dim}. */
    static int outer(int[] shape, int dim) {
        int outer = 1;
        for (int d = 0; d < dim; d++) {
            outer *= shape[d];
        }
        return outer;
    }

    /** Product of the sizes after {@code dim}. */
    static int inner(int[] shape, int dim) {
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return inner;
    }

    /** The shape without dimension {@code dim}. */
    static int[] remove(int[] shape, int dim) {
        int[] result = new int[shape.length - 1];
        System.arraycopy(shape, 0, result, 0, dim);
        System.arraycopy(shape, dim + 1, result, dim, shape.length - dim - 1);
        return result;
    }

    /** The shape with a dimension of {@code size} inserted before position {@code dim}. */
    static int[] insert(int[] shape, int dim, int size) {
        int[] result = new int[shape.length + 1];
        System.arraycopy(shape, 0, result, 0, dim);
        result[dim] = size;
        System.arraycopy(shape, dim, result, dim + 1, shape.length - dim);
        return result;
    }

    /** The shape with dimension {@code dim} set to {@code size}. */
    static int[] with(int[] shape, int dim, int size) {
        int[] result = shape.clone();
        result[dim] = size;
        return result;
    }

    /** Row-major strides: how far apart consecutive indices of each dimension are in the flat array. */
    static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
