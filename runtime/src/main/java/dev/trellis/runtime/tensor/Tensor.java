package dev.trellis.runtime.tensor;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * An immutable tensor of doubles: a shape and its elements in row-major order.
 *
 * <p>The elements live in an EJML {@link DMatrixRMaj} so that kernels can hand them to EJML operations
 * without copying. Ranks 0 to 2 map onto the matrix directly (a scalar is 1 x 1, a vector of length n is an
 * n x 1 column, as EJML treats vectors, a matrix is itself); higher ranks keep the same row-major buffer in a
 * {@code shape[0] x (rest)} matrix, with the full shape held here. Keeping "shape + flat row-major buffer" as
 * the only representation is deliberate: broadcasting and reverse-mode autodiff, which come later, are
 * index arithmetic over exactly this layout.
 *
 * <p>Every factory copies its input and every accessor returns a copy, so a {@code Tensor} never changes after
 * construction and can be shared freely between threads and cached as a parameter table.
 */
public final class Tensor {

    /** Above this many elements {@link #toString()} prints only the shape. */
    private static final int MAX_PRINTED_ELEMENTS = 1000;

    private final int[] shape;
    /** Exactly {@code numElements()} long, never shared with a caller. */
    private final DMatrixRMaj data;

    private Tensor(int[] shape, DMatrixRMaj data) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * Creates a rank-0 tensor holding one value.
     *
     * @param value the value
     * @return a tensor of shape {@code []}
     */
    public static Tensor scalar(double value) {
        return wrap(new double[] {value});
    }

    /**
     * Creates a rank-1 tensor; the array is copied.
     *
     * @param values the elements
     * @return a tensor of shape {@code [values.length]}
     */
    public static Tensor vector(double... values) {
        return wrap(values.clone(), values.length);
    }

    /**
     * Creates a rank-2 tensor from its rows; the rows are copied.
     *
     * @param rows the rows, all of the same length
     * @return a tensor of shape {@code [rows.length, rows[0].length]} ({@code [0, 0]} for no rows)
     * @throws IllegalArgumentException naming the row if a row is null or its length differs from row 0
     */
    public static Tensor matrix(double[][] rows) {
        int numRows = rows.length;
        int numCols = numRows == 0 ? 0 : checkedRow(rows, 0).length;
        double[] flat = new double[numRows * numCols];
        for (int i = 0; i < numRows; i++) {
            double[] row = checkedRow(rows, i);
            if (row.length != numCols) {
                throw new IllegalArgumentException("ragged rows: row " + i + " has length " + row.length
                        + " but row 0 has length " + numCols);
            }
            System.arraycopy(row, 0, flat, i * numCols, numCols);
        }
        return wrap(flat, numRows, numCols);
    }

    /**
     * Creates a tensor of any rank from row-major data; the array is copied.
     *
     * @param data the elements in row-major order (last index fastest)
     * @param shape the size of each dimension, each at least 0; no sizes means a scalar
     * @return the tensor
     * @throws IllegalArgumentException if a size is negative or {@code data.length} is not the product of the
     *     sizes
     */
    public static Tensor of(double[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** Builds a tensor on {@code data} without copying it; every public factory hands in a private array. */
    private static Tensor wrap(double[] data, int... shape) {
        int[] dims = shape.clone();
        long count = 1;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] < 0) {
                throw new IllegalArgumentException("size of dim " + d + " is " + dims[d] + "; sizes must be >= 0 "
                        + "(shape " + Arrays.toString(dims) + ")");
            }
            count *= dims[d];
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " holds " + count
                    + " elements but data has " + data.length);
        }
        return new Tensor(dims, DMatrixRMaj.wrap(matrixRows(dims), matrixCols(dims), data));
    }

    /**
     * Creates a rank-2 tensor from an EJML matrix; the matrix is copied.
     *
     * @param matrix the matrix; not modified
     * @return a tensor of shape {@code [numRows, numCols]}
     */
    public static Tensor fromMatrix(DMatrixRMaj matrix) {
        double[] flat = Arrays.copyOf(matrix.data, matrix.getNumElements());
        return wrap(flat, matrix.numRows, matrix.numCols);
    }

    /** {@return a copy of the shape} */
    public int[] shape() {
        return shape.clone();
    }

    /** {@return the number of dimensions: 0 for a scalar, 1 for a vector, 2 for a matrix} */
    public int rank() {
        return shape.length;
    }

    /**
     * Returns the size of one dimension.
     *
     * @param dim the dimension, in [0, rank)
     * @return its size
     * @throws IllegalArgumentException if the dimension does not exist
     */
    public int size(int dim) {
        if (dim < 0 || dim >= shape.length) {
            throw new IllegalArgumentException("dim " + dim + " does not exist in a rank-" + shape.length
                    + " tensor of shape " + Arrays.toString(shape));
        }
        return shape[dim];
    }

    /** {@return the total number of elements, the product of the sizes (1 for a scalar)} */
    public int numElements() {
        return data.getNumElements();
    }

    /**
     * Returns one element.
     *
     * @param index one index per dimension (none for a scalar)
     * @return the element
     * @throws IllegalArgumentException if the number of indices is not the rank, or naming the dimension, the
     *     index and the size if an index is out of bounds
     */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("got " + index.length + " indices for a rank-" + shape.length
                    + " tensor of shape " + Arrays.toString(shape));
        }
        int offset = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IllegalArgumentException("index " + index[d] + " is out of bounds for dim " + d
                        + " of size " + shape[d] + " (shape " + Arrays.toString(shape) + ")");
            }
            offset = offset * shape[d] + index[d];
        }
        return data.data[offset];
    }

    /**
     * Returns the slice at index {@code i} of the first dimension, one rank lower: row {@code i} of a matrix.
     *
     * @param i the index along dim 0
     * @return a new tensor of shape {@code shape[1..]}
     * @throws IllegalArgumentException if the rank is below 2, or naming the index and size if {@code i} is out
     *     of bounds
     */
    public Tensor row(int i) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("row(" + i + ") needs a tensor of rank >= 2, got rank "
                    + shape.length + " with shape " + Arrays.toString(shape));
        }
        if (i < 0 || i >= shape[0]) {
            throw new IllegalArgumentException("row index " + i + " is out of bounds for dim 0 of size " + shape[0]
                    + " (shape " + Arrays.toString(shape) + ")");
        }
        int[] rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        int rowSize = numElements() / shape[0];
        double[] slice = Arrays.copyOfRange(data.data, i * rowSize, (i + 1) * rowSize);
        return new Tensor(rowShape, DMatrixRMaj.wrap(matrixRows(rowShape), matrixCols(rowShape), slice));
    }

    /** {@return a copy of the elements in row-major order} */
    public double[] toArray() {
        return data.data.clone();
    }

    /**
     * Returns the rows of a rank-2 tensor as new arrays.
     *
     * @return {@code shape[0]} arrays of length {@code shape[1]}
     * @throws IllegalArgumentException if the rank is not 2
     */
    public double[][] toRows() {
        requireRank2("toRows()");
        double[][] rows = new double[shape[0]][];
        for (int i = 0; i < shape[0]; i++) {
            rows[i] = Arrays.copyOfRange(data.data, i * shape[1], (i + 1) * shape[1]);
        }
        return rows;
    }

    /**
     * Returns a copy of the elements as an EJML matrix: 1 x 1 for a scalar, an n x 1 column for a vector, the
     * matrix itself for rank 2.
     *
     * @return a new matrix the caller may modify
     * @throws IllegalArgumentException for rank 3 and above, which have no natural matrix form
     */
    public DMatrixRMaj toMatrix() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("toMatrix() needs a tensor of rank <= 2, got shape "
                    + Arrays.toString(shape));
        }
        return data.copy();
    }

    /**
     * Two tensors are equal when they have the same shape and the same elements, compared as by
     * {@link Double#compare} (so NaN equals NaN and 0.0 differs from -0.0, as for {@link Arrays#equals(double[],
     * double[])}).
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Tensor)) {
            return false;
        }
        Tensor that = (Tensor) other;
        return Arrays.equals(shape, that.shape) && Arrays.equals(data.data, that.data.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data.data);
    }

    /** Returns e.g. {@code Tensor[2, 2] [[1.0, 2.0], [3.0, 4.0]]}; only the shape for large tensors. */
    @Override
    public String toString() {
        String prefix = "Tensor" + Arrays.toString(shape);
        if (numElements() > MAX_PRINTED_ELEMENTS) {
            return prefix + " (" + numElements() + " elements)";
        }
        StringBuilder out = new StringBuilder(prefix).append(' ');
        appendNested(out, 0, 0);
        return out.toString();
    }

    private void appendNested(StringBuilder out, int dim, int offset) {
        if (dim == shape.length) {
            out.append(data.data[offset]);
            return;
        }
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        out.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            if (i > 0) {
                out.append(", ");
            }
            appendNested(out, dim + 1, offset + i * stride);
        }
        out.append(']');
    }

    private void requireRank2(String operation) {
        if (shape.length != 2) {
            throw new IllegalArgumentException(operation + " needs a rank-2 tensor, got shape "
                    + Arrays.toString(shape));
        }
    }

    private static double[] checkedRow(double[][] rows, int i) {
        if (rows[i] == null) {
            throw new IllegalArgumentException("row " + i + " is null");
        }
        return rows[i];
    }

    // Rank 0 -> 1 x 1, rank 1 -> n x 1 (EJML's vector convention), rank >= 2 -> shape[0] x (product of the rest).
    private static int matrixRows(int[] shape) {
        return shape.length == 0 ? 1 : shape[0];
    }

    private static int matrixCols(int[] shape) {
        int cols = 1;
        for (int d = 1; d < shape.length; d++) {
            cols *= shape[d];
        }
        return cols;
    }
}
