package dev.trellis.runtime.tensor;

import dev.trellis.runtime.autodiff.Backward;
import dev.trellis.runtime.autodiff.Node;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.jspecify.annotations.Nullable;

/**
 * An immutable tensor of doubles: a shape and its elements in row-major order.
 *
 * <p>The elements live in an EJML {@link DMatrixRMaj} so that kernels can hand them to EJML operations
 * without copying. Ranks 0 to 2 map onto the matrix directly (a scalar is 1 x 1, a vector of length n is an
 * n x 1 column, as EJML treats vectors, a matrix is itself); higher ranks keep the same row-major buffer in a
 * {@code shape[0] x (rest)} matrix, with the full shape held here. Keeping "shape + flat row-major buffer" as
 * the only representation is deliberate: broadcasting, dimension-wise reductions and their backward passes
 * are index arithmetic over exactly this layout (there are no strided views; reshapes share the buffer, other
 * rearrangements copy).
 *
 * <p>Every factory copies its input and every accessor returns a copy (except {@link #ofWithoutCopy} and
 * {@link #valuesWithoutCopy}, for kernels that hand over or only read an array), so a {@code Tensor} never changes after
 * construction and can be shared freely between threads and cached as a parameter table.
 *
 * <p><b>Gradients.</b> A tensor either is a constant or requires grad, as in torch. {@link #variable} (or
 * {@link #requiringGrad()}) makes a leaf that requires grad; every operation with an input that requires grad
 * returns a tensor carrying a {@link Node} that records the inputs and the operation's own backward. There is
 * no global tape: the graph is kept alive only by the tensors computed from it, and
 * {@link dev.trellis.runtime.autodiff.Autodiff} differentiates it. Operations on constants only never record
 * anything. Equality, hashing and every accessor look at values only.
 *
 * <p><b>Operations</b> follow torch's names and semantics (broadcasting, negative dims counting from the end,
 * {@code keepDim}, edge values such as {@code log(0) = -inf}). This class is a facade: each family lives in its
 * own package-private class with its kernels and backward passes: {@code UnaryFunction} and
 * {@code ElementwiseOps} (elementwise functions), {@code BinaryOps} and {@code Broadcasting}, {@code
 * ReductionOps}, {@code SoftmaxOps}, {@code CumulativeOps}, {@code ShapeOps}, {@code IndexingOps},
 * {@code JoinOps}, {@code Interpolation} ({@code mix}), {@code LinearAlgebraOps} (matmul on EJML) and
 * {@code TriangularSolveOps} (triangular solves on EJML). Shape errors are {@link IllegalArgumentException}s naming the operation and every shape involved.
 *
 * <p>In short, thread-safe.
 */
public final class Tensor {

    /** Above this many elements {@link #toString()} prints only the shape. */
    private static final int MAX_PRINTED_ELEMENTS = 1000;

    private final int[] shape;
    /** Exactly {@code numElements()} long, never shared with a caller (shared between tensors, never written). */
    private final DMatrixRMaj data;
    /** Null for a constant. */
    private final @Nullable Node node;

    private Tensor(int[] shape, DMatrixRMaj data, @Nullable Node node) {
        this.shape = shape;
        this.data = data;
        this.node = node;
    }

    /** A new leaf on the storage of {@code value}. */
    private Tensor(Tensor value) {
        this.shape = value.shape;
        this.data = value.data;
        this.node = Node.leaf(this);
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

    /**
     * Creates a tensor on the caller's array without copying it, for kernels that compute a fresh array and hand it
     * over (the counterpart of {@link #valuesWithoutCopy}). The caller must neither write to the array afterwards nor
     * hand it to anyone who might: the tensor would change. Use {@link #of} for an array the caller keeps.
     *
     * @param data the elements in row-major order, handed over
     * @param shape the size of each dimension, each at least 0
     * @return the tensor, sharing {@code data}
     * @throws IllegalArgumentException as {@link #of} does
     */
    public static Tensor ofWithoutCopy(double[] data, int... shape) {
        return wrap(data, shape);
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
        return new Tensor(dims, DMatrixRMaj.wrap(matrixRows(dims), matrixCols(dims), data), null);
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

    /**
     * Creates a constant tensor filled with one value.
     *
     * @param value the value of every element
     * @param shape the shape; no sizes means a scalar
     * @return the tensor
     * @throws IllegalArgumentException if a size is negative
     */
    public static Tensor full(double value, int... shape) {
        double[] values = new double[Shapes.numElements(checkedSizes(shape))];
        Arrays.fill(values, value);
        return wrap(values, shape);
    }

    /**
     * Creates a constant tensor of zeros.
     *
     * @param shape the shape; no sizes means a scalar
     * @return the tensor
     * @throws IllegalArgumentException if a size is negative
     */
    public static Tensor zeros(int... shape) {
        return full(0, shape);
    }

    /**
     * Creates a constant tensor of ones.
     *
     * @param shape the shape; no sizes means a scalar
     * @return the tensor
     * @throws IllegalArgumentException if a size is negative
     */
    public static Tensor ones(int... shape) {
        return full(1, shape);
    }

    /**
     * Returns the n x n identity matrix, as torch's {@code eye}.
     *
     * @param n the number of rows and columns, at least 0
     * @return a constant [n, n] tensor with ones on the diagonal
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static Tensor eye(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("eye(" + n + "): the size must be at least 0");
        }
        double[] data = new double[n * n];
        for (int i = 0; i < n; i++) {
            data[i * n + i] = 1.0;
        }
        return of(data, n, n);
    }

    /**
     * {@return a constant tensor of zeros of the shape of {@code like}}
     *
     * @param like the tensor whose shape to take
     */
    public static Tensor zerosLike(Tensor like) {
        return full(0, like.shape);
    }

    /**
     * {@return a constant tensor of ones of the shape of {@code like}}
     *
     * @param like the tensor whose shape to take
     */
    public static Tensor onesLike(Tensor like) {
        return full(1, like.shape);
    }

    /**
     * Creates the vector {@code [0, 1, ..., end - 1]}.
     *
     * @param end the length, at least 0
     * @return a constant tensor of shape {@code [end]}
     * @throws IllegalArgumentException if {@code end} is negative
     */
    public static Tensor arange(int end) {
        return arange(0, end, 1);
    }

    /**
     * Creates the vector {@code [start, start + step, ...]} of the values below {@code end} (above, for a
     * negative step), as torch's {@code arange}: {@code ceil((end - start) / step)} elements.
     *
     * @param start the first value
     * @param end the exclusive bound
     * @param step the spacing, finite and non-zero
     * @return a constant rank-1 tensor, empty if {@code end} is not beyond {@code start} in the step's direction
     * @throws IllegalArgumentException if the step is zero or not finite, or a bound is not finite
     */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange(" + start + ", " + end + ", " + step
                    + ") needs finite bounds and a finite non-zero step");
        }
        int count = (int) Math.max(0, Math.ceil((end - start) / step));
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = start + i * step;
        }
        return wrap(values, count);
    }

    /**
     * Creates a constant 0/1 tensor from booleans, the condition {@link #where} and masks take.
     *
     * @param mask the elements in row-major order, true as 1 and false as 0
     * @param shape the shape; no sizes means a scalar
     * @return the tensor
     * @throws IllegalArgumentException if the shape does not hold exactly {@code mask.length} elements
     */
    public static Tensor mask(boolean[] mask, int... shape) {
        double[] values = new double[mask.length];
        for (int i = 0; i < mask.length; i++) {
            values[i] = mask[i] ? 1 : 0;
        }
        return wrap(values, shape);
    }

    /**
     * Computes the shape that tensors of the given shapes broadcast to, as torch's {@code broadcast_shapes}.
     *
     * @param shapes the shapes
     * @return the broadcast shape ({@code []} for no shapes)
     * @throws IllegalArgumentException naming every shape if they do not broadcast
     */
    public static int[] broadcastShapes(int[]... shapes) {
        return Broadcasting.shape("broadcastShapes", shapes).clone();
    }

    /**
     * Makes a new leaf that requires grad, with the values of {@code value}. Each call makes a distinct leaf,
     * even for the same value, so gradients with respect to two variables never mix.
     *
     * @param value the values; any graph it carries is not followed (the leaf starts a new graph)
     * @return a leaf tensor that requires grad
     */
    public static Tensor variable(Tensor value) {
        return new Tensor(value);
    }

    /**
     * Returns this tensor as a leaf that requires grad: itself if it already is such a leaf, else a new leaf with
     * its values.
     *
     * @return a leaf tensor that requires grad
     * @throws IllegalStateException if this tensor is the output of a recorded operation; use
     *     {@code detach().requiringGrad()} to start a new leaf from its values
     */
    public Tensor requiringGrad() {
        if (node == null) {
            return new Tensor(this);
        }
        if (!node.isLeaf()) {
            throw new IllegalStateException("requiringGrad() on the output of '" + node.op() + "' (shape "
                    + Arrays.toString(shape) + "); call detach().requiringGrad() to start a new leaf from its values");
        }
        return this;
    }

    /** {@return whether this tensor is a leaf that requires grad or was computed from one} */
    public boolean requiresGrad() {
        return node != null;
    }

    /** {@return a constant with the same values: gradients do not flow through it} */
    public Tensor detach() {
        return node == null ? this : new Tensor(shape, data, null);
    }

    /** {@return the autodiff node recording how this tensor was made, or null for a constant} */
    public @Nullable Node node() {
        return node;
    }

    /**
     * Makes a custom differentiable operation: a tensor with the values of {@code value} whose gradient flows to
     * {@code inputs} through {@code backward}. Useful where a result is computed outside the tensor operations
     * but its vector-Jacobian product is known, as a log partition function whose adjoint is a marginal.
     *
     * @param value the output values; its own graph, if any, is not followed
     * @param op a short name for messages
     * @param inputs the tensors the output depends on; only those that require grad get buffers
     * @param backward adds the vector-Jacobian product into the buffers, in the order of {@code inputs}
     * @return a tensor that requires grad if any input does, else a constant
     */
    public static Tensor withBackward(Tensor value, String op, List<Tensor> inputs, Backward backward) {
        return result(value.values(), value.shape, op, inputs.toArray(new Tensor[0]), backward);
    }

    /**
     * Returns the value of a one-element tensor.
     *
     * @return the only element
     * @throws IllegalArgumentException if the tensor does not have exactly one element
     */
    public double item() {
        if (numElements() != 1) {
            throw new IllegalArgumentException("item() needs a tensor with one element, got shape "
                    + Arrays.toString(shape));
        }
        return data.data[0];
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
     * @param dim the dimension, in [-rank, rank): negative counts from the end, as torch
     * @return its size
     * @throws IllegalArgumentException if the dimension does not exist
     */
    public int size(int dim) {
        return shape[Shapes.dim("size", dim, shape)];
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
     * The same as {@code select(0, i)}, restricted to rank 2 and above; gradients flow back to the row.
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
        return select(0, i);
    }

    /** {@return a copy of the elements in row-major order} */
    public double[] toArray() {
        return data.data.clone();
    }

    /**
     * The elements in row-major order without a copy, for kernels that only read them (distributions' checks, the
     * layers' and the evidence's loops): the tensor's own array, so writing to it would change this tensor and every
     * graph that holds it. Use {@link #toArray} for values to keep or modify.
     *
     * @return the tensor's own elements, never to be modified
     */
    public double[] valuesWithoutCopy() {
        return data.data;
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

    /**
     * Returns e.g. {@code Tensor[2, 2] [[1.0, 2.0], [3.0, 4.0]]}; only the shape for large tensors; tensors that
     * require grad end with the recording operation, e.g. {@code (grad: mul)}.
     */
    @Override
    public String toString() {
        String prefix = "Tensor" + Arrays.toString(shape);
        String suffix = node == null ? "" : " (grad: " + node.op() + ")";
        if (numElements() > MAX_PRINTED_ELEMENTS) {
            return prefix + " (" + numElements() + " elements)" + suffix;
        }
        StringBuilder out = new StringBuilder(prefix).append(' ');
        appendNested(out, 0, 0);
        return out.append(suffix).toString();
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

    // ---- elementwise functions: a NaN element gives NaN in the value and the gradient ----

    /**
     * Negates every element. Gradient: {@code -1}.
     *
     * @return a tensor of the same shape
     */
    public Tensor neg() {
        return ElementwiseOps.apply(this, UnaryFunction.NEG);
    }

    /**
     * Squares every element. Gradient: {@code 2x}.
     *
     * @return a tensor of the same shape
     */
    public Tensor square() {
        return ElementwiseOps.apply(this, UnaryFunction.SQUARE);
    }

    /**
     * Takes the square root of every element (NaN below 0). Gradient: {@code 1/(2 sqrt x)}, {@code +inf} at 0.
     *
     * @return a tensor of the same shape
     */
    public Tensor sqrt() {
        return ElementwiseOps.apply(this, UnaryFunction.SQRT);
    }

    /**
     * Takes the absolute value of every element. Gradient: the sign of x, and 0 at 0 (as torch).
     *
     * @return a tensor of the same shape
     */
    public Tensor abs() {
        return ElementwiseOps.apply(this, UnaryFunction.ABS);
    }

    /**
     * Exponentiates every element. Gradient: {@code e^x}, so 0 at {@code -inf}.
     *
     * @return a tensor of the same shape
     */
    public Tensor exp() {
        return ElementwiseOps.apply(this, UnaryFunction.EXP);
    }

    /**
     * Takes the natural logarithm of every element: {@code -inf} at 0, NaN below 0. Gradient: {@code 1/x}, so {@code
     * +inf} at 0.
     *
     * @return a tensor of the same shape
     */
    public Tensor log() {
        return ElementwiseOps.apply(this, UnaryFunction.LOG);
    }

    /**
     * Computes {@code log(1 + x)} for every element, accurate for small x. Gradient: {@code 1/(1 + x)}.
     *
     * @return a tensor of the same shape
     */
    public Tensor log1p() {
        return ElementwiseOps.apply(this, UnaryFunction.LOG1P);
    }

    /**
     * Computes {@code e^x - 1} for every element, accurate for small x. Gradient: {@code e^x}.
     *
     * @return a tensor of the same shape
     */
    public Tensor expm1() {
        return ElementwiseOps.apply(this, UnaryFunction.EXPM1);
    }

    /**
     * Applies the logistic function {@code 1/(1 + e^-x)} to every element, without overflow for any x. Gradient: {@code
     * sigmoid(x) sigmoid(-x)}.
     *
     * @return a tensor of the same shape
     */
    public Tensor sigmoid() {
        return ElementwiseOps.apply(this, UnaryFunction.SIGMOID);
    }

    /**
     * Computes {@code log sigmoid(x) = -softplus(-x)} for every element, without overflow for any x. Gradient: {@code
     * sigmoid(-x)}.
     *
     * @return a tensor of the same shape
     */
    public Tensor logSigmoid() {
        return ElementwiseOps.apply(this, UnaryFunction.LOG_SIGMOID);
    }

    /**
     * Computes {@code log(1 + e^x)} for every element, without overflow for any x. Unlike torch's, it has no threshold
     * above which it returns x (the difference is below 2.1e-9). Gradient: {@code sigmoid(x)}.
     *
     * @return a tensor of the same shape
     */
    public Tensor softplus() {
        return ElementwiseOps.apply(this, UnaryFunction.SOFTPLUS);
    }

    /**
     * Applies the hyperbolic tangent to every element. Gradient: {@code 1 - tanh(x)^2}.
     *
     * @return a tensor of the same shape
     */
    public Tensor tanh() {
        return ElementwiseOps.apply(this, UnaryFunction.TANH);
    }

    /**
     * Computes {@code max(x, 0)} for every element (NaN stays NaN). Gradient: 1 for x &gt; 0, else 0 (0 at 0, as
     * torch).
     *
     * @return a tensor of the same shape
     */
    public Tensor relu() {
        return ElementwiseOps.apply(this, UnaryFunction.RELU);
    }

    /**
     * Computes {@code log |Gamma(x)|} for every element, {@code +inf} at the poles (see {@link
     * SpecialFunctions#lgamma}). Gradient: {@code digamma(x)}.
     *
     * @return a tensor of the same shape
     */
    public Tensor lgamma() {
        return ElementwiseOps.apply(this, UnaryFunction.LGAMMA);
    }

    /**
     * Computes the digamma function for every element (see {@link SpecialFunctions#digamma}). Gradient: {@link
     * SpecialFunctions#trigamma trigamma(x)}.
     *
     * @return a tensor of the same shape
     */
    public Tensor digamma() {
        return ElementwiseOps.apply(this, UnaryFunction.DIGAMMA);
    }

    // ---- arithmetic with broadcasting, where, comparisons ----

    /**
     * Computes {@code a + b} elementwise with broadcasting (numpy/torch rules); gradients 1 and 1, summed over
     * broadcast dimensions.
     *
     * @param other the right operand {@code b}
     * @return a tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor add(Tensor other) {
        return BinaryOps.apply(BinaryFunction.ADD, this, other);
    }

    /**
     * {@return {@code a + c} elementwise for a constant {@code c}}
     *
     * @param c the constant
     */
    public Tensor add(double c) {
        return ElementwiseOps.add(this, c);
    }
    /**
     * Computes {@code a - b} elementwise with broadcasting (numpy/torch rules); gradients 1 and -1, summed over
     * broadcast dimensions.
     *
     * @param other the right operand {@code b}
     * @return a tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor sub(Tensor other) {
        return BinaryOps.apply(BinaryFunction.SUB, this, other);
    }

    /**
     * {@return {@code a - c} elementwise for a constant {@code c}}
     *
     * @param c the constant
     */
    public Tensor sub(double c) {
        return ElementwiseOps.sub(this, c);
    }
    /**
     * Computes {@code a * b} elementwise with broadcasting (numpy/torch rules); gradients b and a, summed over
     * broadcast dimensions.
     *
     * @param other the right operand {@code b}
     * @return a tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor mul(Tensor other) {
        return BinaryOps.apply(BinaryFunction.MUL, this, other);
    }

    /**
     * {@return {@code a * c} elementwise for a constant {@code c}}
     *
     * @param c the constant
     */
    public Tensor mul(double c) {
        return ElementwiseOps.mul(this, c);
    }
    /**
     * Computes {@code a / b} elementwise with broadcasting (numpy/torch rules); gradients 1/b and -a/b^2, summed over
     * broadcast dimensions.
     *
     * @param other the right operand {@code b}
     * @return a tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor div(Tensor other) {
        return BinaryOps.apply(BinaryFunction.DIV, this, other);
    }

    /**
     * {@return {@code a / c} elementwise for a constant {@code c}}
     *
     * @param c the constant
     */
    public Tensor div(double c) {
        return ElementwiseOps.div(this, c);
    }
    /**
     * Computes {@code x^p} elementwise with broadcasting; gradients {@code p x^(p-1)} (0 where {@code p = 0}) and
     * {@code x^p log x} (0 where {@code x = 0} and {@code p >= 0}), as torch.
     *
     * @param exponent the exponents {@code p}
     * @return a tensor of the broadcast shape; NaN for negative x with a non-integer exponent
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor pow(Tensor exponent) {
        return BinaryOps.apply(BinaryFunction.POW, this, exponent);
    }

    /**
     * Computes {@code x log y} elementwise with broadcasting, as torch's {@code xlogy}: 0 where {@code x = 0} (unless
     * y is NaN), so that log-densities such as {@code (alpha - 1) log v} take their limit 0 at {@code alpha = 1,
     * v = 0} instead of {@code 0 * -inf = NaN}. Gradients {@code log y} (torch gives 0 where {@code x = 0}, which is
     * wrong for {@code y != 1}) and {@code x / y}, 0 where {@code x = 0} (torch's would be NaN at {@code y = 0}).
     *
     * @param y the argument of the logarithm
     * @return a tensor of the broadcast shape; NaN where {@code x != 0} and {@code y < 0}
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor xlogy(Tensor y) {
        return BinaryOps.apply(BinaryFunction.XLOGY, this, y);
    }

    /**
     * {@return {@code x^p} elementwise for a constant exponent; gradient {@code p x^(p-1)}, 0 for {@code p = 0}}
     *
     * @param exponent the constant exponent
     */
    public Tensor pow(double exponent) {
        return ElementwiseOps.pow(this, exponent);
    }

    /**
     * Limits every element to {@code [min, max]} as torch's {@code clamp}; gradient 1 where {@code min <= x <= max}
     * and 0 outside. Use an infinite bound for a one-sided clamp; if {@code min > max} every element is {@code max}.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return the clamped tensor
     */
    public Tensor clamp(double min, double max) {
        return ElementwiseOps.clamp(this, min, max);
    }

    /**
     * Mixes two tensors elementwise by a weight: {@code (1 - weight) * a + weight * b}, e.g. a gate choosing between
     * two proposals. The values are those of {@code onesLike(weight).sub(weight).mul(a).add(weight.mul(b))} to the
     * bit, and so are the gradients (the weight's, when nothing else reads it); for three tensors of one shape it is
     * one node instead of four (torch's {@code lerp} computes {@code a + weight (b - a)}, which rounds differently).
     *
     * @param a the values at weight 0
     * @param b the values at weight 1
     * @param weight the weights, usually in [0, 1]
     * @return a tensor of the broadcast shape
     * @throws IllegalArgumentException naming the shapes if they do not broadcast
     */
    public static Tensor mix(Tensor a, Tensor b, Tensor weight) {
        return Interpolation.mix(a, b, weight);
    }

    /**
     * Selects elementwise: {@code condition ? a : b}, all three broadcast together. The gradient flows to
     * {@code a} where the condition is 1 and to {@code b} where it is 0, never to the condition.
     *
     * @param condition 0/1 values, e.g. from {@link #mask} or a comparison such as {@link #gt(Tensor)}
     * @param a the values where the condition is 1
     * @param b the values where the condition is 0
     * @return a tensor of the broadcast shape
     * @throws IllegalArgumentException if the condition holds a value other than 0 and 1, or naming the shapes if
     *     they do not broadcast
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return BinaryOps.where(condition, a, b);
    }

    /**
     * Compares elementwise with broadcasting: 1 where {@code this > other}, else 0 (and 0 wherever an operand
     * is NaN). The result is a constant.
     *
     * @param other the right operand
     * @return a constant 0/1 tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor gt(Tensor other) {
        return BinaryOps.compare("gt", this, other, (x, y) -> x > y);
    }

    /**
     * {@return a constant 0/1 tensor: 1 where {@code this > c}, else 0}
     *
     * @param c the constant
     */
    public Tensor gt(double c) {
        return gt(scalar(c));
    }

    /**
     * Compares elementwise with broadcasting: 1 where {@code this < other}, else 0 (and 0 wherever an operand
     * is NaN). The result is a constant.
     *
     * @param other the right operand
     * @return a constant 0/1 tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor lt(Tensor other) {
        return BinaryOps.compare("lt", this, other, (x, y) -> x < y);
    }

    /**
     * {@return a constant 0/1 tensor: 1 where {@code this < c}, else 0}
     *
     * @param c the constant
     */
    public Tensor lt(double c) {
        return lt(scalar(c));
    }

    /**
     * Compares elementwise with broadcasting: 1 where {@code this >= other}, else 0 (and 0 wherever an operand
     * is NaN). The result is a constant.
     *
     * @param other the right operand
     * @return a constant 0/1 tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor ge(Tensor other) {
        return BinaryOps.compare("ge", this, other, (x, y) -> x >= y);
    }

    /**
     * {@return a constant 0/1 tensor: 1 where {@code this >= c}, else 0}
     *
     * @param c the constant
     */
    public Tensor ge(double c) {
        return ge(scalar(c));
    }

    /**
     * Compares elementwise with broadcasting: 1 where {@code this <= other}, else 0 (and 0 wherever an operand
     * is NaN). The result is a constant.
     *
     * @param other the right operand
     * @return a constant 0/1 tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor le(Tensor other) {
        return BinaryOps.compare("le", this, other, (x, y) -> x <= y);
    }

    /**
     * {@return a constant 0/1 tensor: 1 where {@code this <= c}, else 0}
     *
     * @param c the constant
     */
    public Tensor le(double c) {
        return le(scalar(c));
    }

    /**
     * Compares elementwise with broadcasting: 1 where {@code this == other}, else 0 (and 0 wherever an operand
     * is NaN). The result is a constant.
     *
     * @param other the right operand
     * @return a constant 0/1 tensor of the broadcast shape
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public Tensor eq(Tensor other) {
        return BinaryOps.compare("eq", this, other, (x, y) -> x == y);
    }

    /**
     * {@return a constant 0/1 tensor: 1 where {@code this == c}, else 0}
     *
     * @param c the constant
     */
    public Tensor eq(double c) {
        return eq(scalar(c));
    }

    // ---- reductions ----

    /** {@return the sum of all elements, a scalar (0 for no elements); gradient 1 to every element} */
    public Tensor sum() {
        return ReductionOps.sum(this);
    }

    /**
     * Sums along one dimension.
     *
     * @param dim the dimension, negative counting from the end as in torch
     * @param keepDim whether to keep the summed dimension with size 1 rather than drop it
     * @return the sums
     * @throws IllegalArgumentException naming the dim and the shape if the dimension does not exist
     */
    public Tensor sum(int dim, boolean keepDim) {
        return ReductionOps.sum(this, dim, keepDim);
    }

    /** {@return the mean of all elements, a scalar (NaN for no elements, as torch)} */
    public Tensor mean() {
        return ReductionOps.mean(this);
    }

    /**
     * Averages along one dimension (NaN over an empty dimension, as torch).
     *
     * @param dim the dimension, negative counting from the end
     * @param keepDim whether to keep the averaged dimension with size 1
     * @return the means
     * @throws IllegalArgumentException naming the dim and the shape if the dimension does not exist
     */
    public Tensor mean(int dim, boolean keepDim) {
        return ReductionOps.mean(this, dim, keepDim);
    }

    /**
     * Returns {@code log(sum(exp(x)))} over all elements, a scalar, computed without overflow. All {@code -inf}
     * (or no elements) gives {@code -inf} with gradient 0, never NaN; the gradient is otherwise the softmax.
     *
     * @return a scalar
     */
    public Tensor logSumExp() {
        return ReductionOps.logSumExp(this);
    }

    /**
     * Returns {@code log(sum(exp(x)))} along one dimension without overflow: the log-space sum of the
     * sum-product passes. A slice of all {@code -inf} gives {@code -inf} with gradient 0, never NaN; a
     * {@code +inf} element gives {@code +inf} (with a NaN gradient to it, as torch); NaN propagates.
     *
     * @param dim the dimension, negative counting from the end
     * @param keepDim whether to keep the reduced dimension with size 1
     * @return the log-sum-exps; the gradient is the softmax along the dimension
     * @throws IllegalArgumentException naming the dim and the shape if the dimension does not exist
     */
    public Tensor logSumExp(int dim, boolean keepDim) {
        return ReductionOps.logSumExp(this, dim, keepDim);
    }

    /**
     * Returns the maximum along one dimension. The gradient goes to the first position attaining it (ties go to
     * the first); a NaN in a slice is its maximum, as in torch.
     *
     * @param dim the dimension, negative counting from the end
     * @param keepDim whether to keep the reduced dimension with size 1
     * @return the maxima
     * @throws IllegalArgumentException if the dimension does not exist or is empty, naming it and the shape
     */
    public Tensor max(int dim, boolean keepDim) {
        return ReductionOps.extreme("max", this, dim, keepDim, 1);
    }

    /**
     * Returns the minimum along one dimension; the gradient goes to the first position attaining it, and NaN
     * wins, as for {@link #max(int, boolean)}.
     *
     * @param dim the dimension, negative counting from the end
     * @param keepDim whether to keep the reduced dimension with size 1
     * @return the minima
     * @throws IllegalArgumentException if the dimension does not exist or is empty, naming it and the shape
     */
    public Tensor min(int dim, boolean keepDim) {
        return ReductionOps.extreme("min", this, dim, keepDim, -1);
    }

    /**
     * Returns the index of the first maximum along one dimension (of the first NaN if there is one), as a
     * constant tensor without that dimension.
     *
     * @param dim the dimension, negative counting from the end
     * @return the indices, as doubles
     * @throws IllegalArgumentException if the dimension does not exist or is empty
     */
    public Tensor argMax(int dim) {
        return ReductionOps.argExtreme("argMax", this, dim, false, 1);
    }

    /**
     * Returns the index of the first minimum along one dimension (of the first NaN if there is one), as a
     * constant tensor without that dimension.
     *
     * @param dim the dimension, negative counting from the end
     * @return the indices, as doubles
     * @throws IllegalArgumentException if the dimension does not exist or is empty
     */
    public Tensor argMin(int dim) {
        return ReductionOps.argExtreme("argMin", this, dim, false, -1);
    }

    /**
     * Normalises {@code exp(x)} to sum to 1 along one dimension, without overflow. As torch, a slice of all
     * {@code -inf} gives NaN.
     *
     * @param dim the dimension, negative counting from the end
     * @return a tensor of the same shape
     * @throws IllegalArgumentException naming the dim and the shape if the dimension does not exist
     */
    public Tensor softmax(int dim) {
        return SoftmaxOps.softmax(this, dim);
    }

    /**
     * Returns {@code x - logSumExp(x)} along one dimension: the log of {@link #softmax(int)}, computed directly.
     * As torch, a slice of all {@code -inf} gives NaN.
     *
     * @param dim the dimension, negative counting from the end
     * @return a tensor of the same shape
     * @throws IllegalArgumentException naming the dim and the shape if the dimension does not exist
     */
    public Tensor logSoftmax(int dim) {
        return SoftmaxOps.logSoftmax(this, dim);
    }

    /**
     * Returns the running sums along one dimension, as torch's {@code cumsum}: position {@code k} holds
     * {@code x[0] + ... + x[k]}, accumulated left to right. Gradient: the adjoints summed from {@code k} onwards.
     *
     * @param dim the dimension, negative counting from the end
     * @return a tensor of the same shape
     * @throws IllegalArgumentException naming the dim and the shape if the dimension does not exist
     */
    public Tensor cumsum(int dim) {
        return CumulativeOps.cumsum(this, dim);
    }

    /**
     * Returns the running products along one dimension, as torch's {@code cumprod}: position {@code k} holds
     * {@code x[0] * ... * x[k]}, multiplied left to right. The gradient is exact at zeros (it never divides).
     *
     * @param dim the dimension, negative counting from the end
     * @return a tensor of the same shape
     * @throws IllegalArgumentException naming the dim and the shape if the dimension does not exist
     */
    public Tensor cumprod(int dim) {
        return CumulativeOps.cumprod(this, dim);
    }

    // ---- shapes ----

    /**
     * Returns the same elements in row-major order with a new shape, sharing the storage. One size may be -1,
     * inferred from the others.
     *
     * @param shape the new sizes
     * @return the reshaped tensor
     * @throws IllegalArgumentException naming both shapes if the element counts differ or a size is invalid
     */
    public Tensor reshape(int... shape) {
        return ShapeOps.reshape(this, shape);
    }

    /**
     * Inserts a dimension of size 1.
     *
     * @param dim its position in the result, in {@code [-(rank + 1), rank]}
     * @return a tensor one rank higher
     * @throws IllegalArgumentException naming the dim and shape if the position is out of range
     */
    public Tensor unsqueeze(int dim) {
        return ShapeOps.unsqueeze(this, dim);
    }

    /**
     * Removes one dimension if its size is 1; returns the tensor unchanged otherwise, as torch.
     *
     * @param dim the dimension, negative counting from the end
     * @return the squeezed tensor
     * @throws IllegalArgumentException naming the dim and shape if the dimension does not exist
     */
    public Tensor squeeze(int dim) {
        return ShapeOps.squeeze(this, dim);
    }

    /** {@return the tensor without its dimensions of size 1} */
    public Tensor squeeze() {
        return ShapeOps.squeeze(this);
    }

    /**
     * Broadcasts to a larger shape as torch's {@code expand}: dimensions of size 1 repeat to any size, new
     * dimensions may be added in front, and -1 keeps a size. The result is materialised; its gradient sums over
     * the repeated dimensions.
     *
     * @param sizes the target sizes, at least as many as this tensor's rank
     * @return the expanded tensor (this tensor itself if nothing changes)
     * @throws IllegalArgumentException naming both shapes if a dimension of size other than 1 would change
     */
    public Tensor expand(int... sizes) {
        return ShapeOps.expand(this, sizes);
    }

    /**
     * Swaps the last two dimensions: the matrix transpose, batched over leading dimensions.
     *
     * @return the transposed tensor
     * @throws IllegalArgumentException if the rank is below 2
     */
    public Tensor transpose() {
        if (shape.length < 2) {
            throw new IllegalArgumentException("transpose() needs a tensor of rank >= 2, got shape "
                    + Arrays.toString(shape));
        }
        return ShapeOps.transpose(this, -2, -1);
    }

    /**
     * Swaps two dimensions.
     *
     * @param dim0 one dimension, negative counting from the end
     * @param dim1 the other
     * @return the transposed tensor
     * @throws IllegalArgumentException naming the dim and shape if a dimension does not exist
     */
    public Tensor transpose(int dim0, int dim1) {
        return ShapeOps.transpose(this, dim0, dim1);
    }

    /**
     * Reorders the dimensions: dimension {@code d} of the result is dimension {@code dims[d]} of this tensor.
     *
     * @param dims a permutation of the dimensions (negative values count from the end)
     * @return the permuted tensor
     * @throws IllegalArgumentException naming the shape if {@code dims} is not a permutation
     */
    public Tensor permute(int... dims) {
        return ShapeOps.permute(this, dims);
    }

    // ---- indexing and joining ----

    /**
     * Returns the slice at one index of a dimension, which is dropped: {@code x[..., index, ...]}.
     *
     * @param dim the dimension, negative counting from the end
     * @param index the position along it, in {@code [0, size)}
     * @return a tensor one rank lower; gradients flow back to the slice
     * @throws IllegalArgumentException naming the index, dim, size and shape if either is out of range
     */
    public Tensor select(int dim, int index) {
        return IndexingOps.select(this, dim, index);
    }

    /**
     * Returns positions {@code from} (inclusive) to {@code to} (exclusive) of a dimension.
     *
     * @param dim the dimension, negative counting from the end
     * @param from the first position, at least 0
     * @param to the end, from {@code from} to the size
     * @return a tensor of the same rank with {@code to - from} positions along {@code dim}
     * @throws IllegalArgumentException naming the range, dim and shape if the range is not within the dimension
     */
    public Tensor slice(int dim, int from, int to) {
        return IndexingOps.slice(this, dim, from, to);
    }

    /**
     * Returns the slices at the given positions of a dimension, in that order and with repeats allowed, as
     * torch's {@code x[indices]} (for dim 0) or {@code index_select}; a position used twice gets both gradients.
     *
     * @param dim the dimension, negative counting from the end
     * @param indices positions in {@code [0, size)}
     * @return a tensor of the same rank with {@code indices.length} positions along {@code dim}
     * @throws IllegalArgumentException naming the index, dim and shape if an index is out of bounds
     */
    public Tensor index(int dim, int[] indices) {
        return IndexingOps.index(this, dim, indices);
    }

    /**
     * Indexes a dimension with a tensor of positions, as torch's {@code x[indices]} along {@code dim}: the
     * dimension is replaced by the shape of {@code indices} (e.g. a {@code [K, V]} emission table indexed along
     * dim 1 by {@code T} observations gives {@code [K, T]}).
     *
     * @param dim the dimension, negative counting from the end
     * @param indices integer positions in {@code [0, size)}, any shape; their graph, if any, is ignored
     * @return the picked slices
     * @throws IllegalArgumentException naming the value and shapes if an index is not an integer in range
     */
    public Tensor index(int dim, Tensor indices) {
        return IndexingOps.index(this, dim, indices);
    }

    /**
     * torch's {@code gather}: {@code out[i][j][k] = x[index[i][j][k]][j][k]} for dim 0, and likewise for other
     * dims. Picks one entry per position, e.g. the log-probability of each observed category.
     *
     * @param dim the dimension to index, negative counting from the end
     * @param index integer positions, of the rank of this tensor and no larger outside {@code dim}; never
     *     differentiated
     * @return a tensor of the index's shape
     * @throws IllegalArgumentException naming both shapes if the index does not fit, or the value if it is not
     *     an integer in range
     */
    public Tensor gather(int dim, Tensor index) {
        return IndexingOps.gather(this, dim, index);
    }

    /**
     * {@link #gather(int, Tensor)} with the index given flat in row-major order; its shape is this tensor's with
     * the size of {@code dim} set to {@code index.length} divided by the other sizes. For {@code [N, K]} logits
     * and one category per row, {@code gather(1, categories)} has shape {@code [N, 1]}.
     *
     * @param dim the dimension to index, negative counting from the end
     * @param index positions in {@code [0, size)}
     * @return the gathered values
     * @throws IllegalArgumentException if the indices do not fill whole rows or one is out of range
     */
    public Tensor gather(int dim, int[] index) {
        return IndexingOps.gather(this, dim, index);
    }

    /**
     * Concatenates tensors along an existing dimension.
     *
     * @param dim the dimension, negative counting from the end
     * @param tensors at least one tensor of rank &gt;= 1, all of the same shape except along {@code dim}
     * @return the concatenation; each input gets its block of the gradient
     * @throws IllegalArgumentException naming both shapes if two tensors differ outside {@code dim}, or if there
     *     are no tensors
     */
    public static Tensor cat(int dim, Tensor... tensors) {
        return JoinOps.cat(dim, Arrays.asList(tensors));
    }

    /**
     * Concatenates tensors along an existing dimension; see {@link #cat(int, Tensor...)}.
     *
     * @param dim the dimension, negative counting from the end
     * @param tensors at least one tensor, all of the same shape except along {@code dim}
     * @return the concatenation
     * @throws IllegalArgumentException naming both shapes if two tensors differ outside {@code dim}
     */
    public static Tensor cat(int dim, List<Tensor> tensors) {
        return JoinOps.cat(dim, tensors);
    }

    /**
     * Stacks tensors of one shape along a new dimension.
     *
     * @param dim the position of the new dimension, in {@code [-(rank + 1), rank]}
     * @param tensors at least one tensor, all of the same shape
     * @return a tensor one rank higher with {@code tensors.length} positions along {@code dim}
     * @throws IllegalArgumentException naming both shapes if two tensors differ, or if there are no tensors
     */
    public static Tensor stack(int dim, Tensor... tensors) {
        return JoinOps.stack(dim, Arrays.asList(tensors));
    }

    /**
     * Stacks tensors of one shape along a new dimension; see {@link #stack(int, Tensor...)}.
     *
     * @param dim the position of the new dimension, in {@code [-(rank + 1), rank]}
     * @param tensors at least one tensor, all of the same shape
     * @return the stacked tensor
     * @throws IllegalArgumentException naming both shapes if two tensors differ, or if there are no tensors
     */
    public static Tensor stack(int dim, List<Tensor> tensors) {
        return JoinOps.stack(dim, tensors);
    }

    // ---- linear algebra ----

    /**
     * Matrix product with torch's {@code matmul} rules, on EJML: vector . vector is a scalar, matrix x matrix
     * {@code [n, k] x [k, m] -> [n, m]}, a vector on the left acts as a row and on the right as a column (and
     * that dimension is dropped from the result), and ranks 3 and above are stacks of matrices whose leading
     * dimensions broadcast, e.g. {@code [B, n, k] x [k, m] -> [B, n, m]}.
     *
     * @param other the right operand
     * @return the product
     * @throws IllegalArgumentException naming both shapes if an operand is a scalar, the inner sizes differ or
     *     the batch dimensions do not broadcast
     */
    public Tensor matmul(Tensor other) {
        return LinearAlgebraOps.matmul(this, other);
    }

    /**
     * Solves {@code L X = B} for X, with this tensor as the lower-triangular {@code L}, as torch's
     * {@code linalg.solve_triangular(L, B, upper=False)}: forward substitution on EJML, cheaper and more accurate
     * than multiplying by an inverse. Leading (batch) dimensions broadcast as in {@link #matmul(Tensor)}. Only the
     * lower triangle of L is read; a zero on its diagonal gives infinities or NaN, as torch.
     *
     * @param b the right-hand side, shape {@code [..., n, m]}
     * @return X, shape {@code broadcast(batch dims) + [n, m]}; gradients reach L (its lower triangle) and B
     * @throws IllegalArgumentException naming both shapes if L is not square, the sizes differ or the batch dims do
     *     not broadcast
     */
    public Tensor solveLowerTriangular(Tensor b) {
        return TriangularSolveOps.solveLower(this, b);
    }

    // ---- for the operation families of this package: no copies, never written ----

    /** The row-major elements themselves; callers must not modify them. */
    double[] values() {
        return data.data;
    }

    /** The shape itself; callers must not modify it. */
    int[] dims() {
        return shape;
    }

    /** A constant on {@code values}, which the caller hands over. */
    static Tensor constant(double[] values, int[] shape) {
        return wrap(values, shape);
    }

    /**
     * The result of an operation: a constant if no input requires grad, else a tensor whose node records the
     * inputs and {@code backward}. {@code values} is handed over.
     */
    static Tensor result(double[] values, int[] shape, String op, Tensor[] inputs, Backward backward) {
        Tensor constant = wrap(values, shape);
        @Nullable Node[] inputNodes = new Node[inputs.length];
        boolean anyRequiresGrad = false;
        for (int i = 0; i < inputs.length; i++) {
            inputNodes[i] = inputs[i].node;
            anyRequiresGrad |= inputNodes[i] != null;
        }
        if (!anyRequiresGrad) {
            return constant;
        }
        return new Tensor(constant.shape, constant.data, Node.op(op, constant.shape, inputNodes, backward));
    }

    private static int[] checkedSizes(int[] shape) {
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw new IllegalArgumentException("size of dim " + d + " is " + shape[d] + "; sizes must be >= 0 "
                        + "(shape " + Arrays.toString(shape) + ")");
            }
        }
        return shape;
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
