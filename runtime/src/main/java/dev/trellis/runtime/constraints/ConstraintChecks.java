package dev.trellis.runtime.constraints;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.function.DoublePredicate;

/**
 * The element and event checks behind {@link Constraint#firstViolation(Tensor)}. They read the values in place
 * ({@link Tensor#valuesWithoutCopy()}, never written): every distribution checks its parameters on construction, and
 * a copy per check was a tenth of the nnHMM step's allocation.
 */
final class ConstraintChecks {
    /** torch's simplex tolerance on the sum of a row. */
    static final double SIMPLEX_TOLERANCE = 1e-6;

    private ConstraintChecks() {
    }

    static OptionalInt firstElement(Tensor value, DoublePredicate holds) {
        double[] data = value.valuesWithoutCopy();
        for (int i = 0; i < data.length; i++) {
            if (!holds.test(data[i])) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    static OptionalInt firstSimplexViolation(Tensor value) {
        int[] shape = requireRank(value, 1, "simplex");
        int width = shape[shape.length - 1];
        double[] data = value.valuesWithoutCopy();
        for (int start = 0; start < data.length; start += width) {
            double sum = 0;
            boolean nonNegative = width > 0;
            for (int j = 0; j < width; j++) {
                nonNegative &= data[start + j] >= 0;
                sum += data[start + j];
            }
            if (!nonNegative || !(Math.abs(sum - 1) < SIMPLEX_TOLERANCE)) {
                return OptionalInt.of(start);
            }
        }
        return OptionalInt.empty();
    }

    static OptionalInt firstOneHotViolation(Tensor value) {
        int[] shape = requireRank(value, 1, "one_hot");
        int width = shape[shape.length - 1];
        double[] data = value.valuesWithoutCopy();
        for (int start = 0; start < data.length; start += width) {
            int ones = 0;
            boolean zeroOrOne = true;
            for (int j = 0; j < width; j++) {
                double x = data[start + j];
                zeroOrOne &= x == 0.0 || x == 1.0;
                ones += x == 1.0 ? 1 : 0;
            }
            if (!zeroOrOne || ones != 1) {
                return OptionalInt.of(start);
            }
        }
        return OptionalInt.empty();
    }

    static OptionalInt firstLowerCholeskyViolation(Tensor value) {
        return firstTriangularViolation(value, "lower_cholesky", x -> x > 0);
    }

    /** Pyro's {@code unit_lower_cholesky}: lower triangular with a diagonal of exact ones. */
    static OptionalInt firstUnitLowerCholeskyViolation(Tensor value) {
        return firstTriangularViolation(value, "unit_lower_cholesky", x -> x == 1);
    }

    /** Square matrices, zero above the diagonal, no NaN below it, and a diagonal that satisfies {@code diagonal}. */
    private static OptionalInt firstTriangularViolation(Tensor value, String name, DoublePredicate diagonal) {
        int[] shape = requireRank(value, 2, name);
        int rows = shape[shape.length - 2];
        int cols = shape[shape.length - 1];
        double[] data = value.valuesWithoutCopy();
        int size = rows * cols;
        for (int start = 0; start < data.length; start += size) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double x = data[start + i * cols + j];
                    boolean ok = j < i ? !Double.isNaN(x) : j == i ? diagonal.test(x) : x == 0;
                    if (!ok || rows != cols) {
                        return OptionalInt.of(start);
                    }
                }
            }
        }
        return OptionalInt.empty();
    }

    static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    private static int[] requireRank(Tensor value, int eventDim, String constraint) {
        int[] shape = value.shape();
        if (shape.length < eventDim) {
            throw new IllegalArgumentException(constraint + " applies to tensors of at least " + eventDim
                    + " dimension(s), got shape " + Arrays.toString(shape));
        }
        return shape;
    }
}
