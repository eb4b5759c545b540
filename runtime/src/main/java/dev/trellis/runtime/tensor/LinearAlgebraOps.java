package dev.trellis.runtime.tensor;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jspecify.annotations.Nullable;

/**
 * Matrix products with torch's {@code matmul} semantics, on EJML's {@link CommonOps_DDRM} kernels.
 *
 * <p>A rank-1 left operand is treated as a row {@code [1, k]} and a rank-1 right operand as a column
 * {@code [k, 1]}, and the added dimension is removed from the result (so vector . vector is a scalar). Operands
 * of rank 3 and above are stacks of matrices whose leading (batch) dimensions broadcast. The backward pass is
 * {@code dA = dC B^T} and {@code dB = A^T dC} per matrix, added through the batch offset maps, which sums over
 * broadcast batch dimensions. A single product works on the tensors' own arrays; batched products copy each
 * matrix into a scratch EJML matrix first, since EJML matrices start at offset 0.
 */
final class LinearAlgebraOps {

    /** One operand after promotion: its batch shape and the matrix size. */
    private record Operand(double[] values, int[] batch, int rows, int cols) {

        static Operand of(Tensor x, boolean left) {
            int[] shape = x.dims();
            if (shape.length == 1) {
                return left ? new Operand(x.values(), new int[0], 1, shape[0])
                        : new Operand(x.values(), new int[0], shape[0], 1);
            }
            int rank = shape.length;
            return new Operand(x.values(), Arrays.copyOf(shape, rank - 2), shape[rank - 2], shape[rank - 1]);
        }

        int size() {
            return rows * cols;
        }

        /** The matrix at batch position {@code batch}: the array itself if there is only one, else a copy. */
        DMatrixRMaj matrix(int batch, DMatrixRMaj scratch) {
            if (values.length == size()) {
                return DMatrixRMaj.wrap(rows, cols, values);
            }
            System.arraycopy(values, batch * size(), scratch.data, 0, size());
            return scratch;
        }
    }

    private LinearAlgebraOps() {
    }

    static Tensor matmul(Tensor left, Tensor right) {
        if (left.rank() == 0 || right.rank() == 0) {
            throw new IllegalArgumentException("matmul: both operands need rank >= 1, got shapes "
                    + Shapes.str(left.dims()) + " and " + Shapes.str(right.dims()));
        }
        Operand a = Operand.of(left, true);
        Operand b = Operand.of(right, false);
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(left.dims()) + " and "
                    + Shapes.str(right.dims()) + " do not match: " + a.cols() + " columns against " + b.rows()
                    + " rows");
        }
        int[] batch;
        try {
            batch = Broadcasting.shape("matmul", a.batch(), b.batch());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: the batch dims of shapes " + Shapes.str(left.dims())
                    + " and " + Shapes.str(right.dims()) + " cannot be broadcast together", e);
        }
        int n = a.rows();
        int m = b.cols();
        int batches = Shapes.numElements(batch);
        int[] offsetsA = Broadcasting.offsets(a.batch(), batch);
        int[] offsetsB = Broadcasting.offsets(b.batch(), batch);
        double[] out = new double[batches * n * m];
        DMatrixRMaj scratchA = new DMatrixRMaj(n, a.cols());
        DMatrixRMaj scratchB = new DMatrixRMaj(b.rows(), m);
        DMatrixRMaj product = batches == 1 ? DMatrixRMaj.wrap(n, m, out) : new DMatrixRMaj(n, m);
        for (int i = 0; i < batches; i++) {
            CommonOps_DDRM.mult(a.matrix(Broadcasting.at(offsetsA, i), scratchA),
                    b.matrix(Broadcasting.at(offsetsB, i), scratchB), product);
            if (batches > 1) {
                System.arraycopy(product.data, 0, out, i * n * m, n * m);
            }
        }
        return Tensor.result(out, resultShape(batch, n, m, left.rank() == 1, right.rank() == 1), "matmul",
                new Tensor[] {left, right}, (g, adjoints) -> backward(g, adjoints, a, b, batches, offsetsA, offsetsB));
    }

    private static void backward(double[] g, double[] @Nullable [] adjoints, Operand a, Operand b, int batches,
            int @Nullable [] offsetsA, int @Nullable [] offsetsB) {
        int n = a.rows();
        int k = a.cols();
        int m = b.cols();
        DMatrixRMaj scratchA = new DMatrixRMaj(n, k);
        DMatrixRMaj scratchB = new DMatrixRMaj(k, m);
        DMatrixRMaj upstream = batches == 1 ? DMatrixRMaj.wrap(n, m, g) : new DMatrixRMaj(n, m);
        DMatrixRMaj gradientA = new DMatrixRMaj(n, k);
        DMatrixRMaj gradientB = new DMatrixRMaj(k, m);
        for (int i = 0; i < batches; i++) {
            if (batches > 1) {
                System.arraycopy(g, i * n * m, upstream.data, 0, n * m);
            }
            int ia = Broadcasting.at(offsetsA, i);
            int ib = Broadcasting.at(offsetsB, i);
            if (adjoints[0] != null) {
                CommonOps_DDRM.multTransB(upstream, b.matrix(ib, scratchB), gradientA);
                addInto(adjoints[0], ia * n * k, gradientA.data, n * k);
            }
            if (adjoints[1] != null) {
                CommonOps_DDRM.multTransA(a.matrix(ia, scratchA), upstream, gradientB);
                addInto(adjoints[1], ib * k * m, gradientB.data, k * m);
            }
        }
    }

    private static void addInto(double[] target, int offset, double[] values, int count) {
        for (int j = 0; j < count; j++) {
            target[offset + j] += values[j];
        }
    }

    private static int[] resultShape(int[] batch, int n, int m, boolean leftVector, boolean rightVector) {
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = n;
        shape[batch.length + 1] = m;
        if (rightVector) {
            shape = Shapes.remove(shape, batch.length + 1);
        }
        if (leftVector) {
            shape = Shapes.remove(shape, batch.length);
        }
        return shape;
    }
}
