package dev.trellis.runtime.tensor;

import java.util.Arrays;

/**
 * Operations on two or three tensors that broadcast (see {@link Broadcasting}): arithmetic, {@code where}, and
 * the comparisons.
 */
final class BinaryOps {

    /** A comparison of two doubles; false whenever either is NaN, as IEEE comparisons are. */
    interface Comparison {
        boolean test(double x, double y);
    }

    private BinaryOps() {
    }

    /**
     * Broadcast arithmetic. The backward pass adds each partial through the inputs' offset maps, which sums the
     * adjoint over broadcast dimensions. If either operand element is NaN both partials are NaN.
     */
    static Tensor apply(BinaryFunction function, Tensor a, Tensor b) {
        if (Arrays.equals(a.dims(), b.dims()) && SameShapeArithmetic.covers(function)) {
            return SameShapeArithmetic.apply(function, a, b);
        }
        String op = function.op();
        int[] shape = Broadcasting.shape(op, a.dims(), b.dims());
        int[] offsetsA = Broadcasting.offsets(a.dims(), shape);
        int[] offsetsB = Broadcasting.offsets(b.dims(), shape);
        double[] x = a.values();
        double[] y = b.values();
        double[] z = new double[Shapes.numElements(shape)];
        for (int i = 0; i < z.length; i++) {
            z[i] = function.value(x[Broadcasting.at(offsetsA, i)], y[Broadcasting.at(offsetsB, i)]);
        }
        return Tensor.result(z, shape, op, new Tensor[] {a, b}, (g, adjoints) -> {
            double[] adjointA = adjoints[0];
            double[] adjointB = adjoints[1];
            for (int i = 0; i < g.length; i++) {
                int ia = Broadcasting.at(offsetsA, i);
                int ib = Broadcasting.at(offsetsB, i);
                boolean nan = Double.isNaN(x[ia]) || Double.isNaN(y[ib]);
                if (adjointA != null) {
                    adjointA[ia] += g[i] * (nan ? Double.NaN : function.dx(x[ia], y[ib], z[i]));
                }
                if (adjointB != null) {
                    adjointB[ib] += g[i] * (nan ? Double.NaN : function.dy(x[ia], y[ib], z[i]));
                }
            }
        });
    }

    /**
     * {@code condition ? a : b} elementwise, all three broadcast. The adjoint goes to {@code a} where the
     * condition holds and to {@code b} elsewhere, whatever the values (so a NaN in the branch not taken does not
     * reach the gradient, as in torch). The condition never gets a gradient.
     */
    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        int[] shape = Broadcasting.shape("where", condition.dims(), a.dims(), b.dims());
        double[] c = condition.values();
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0 && c[i] != 1) {
                throw new IllegalArgumentException("where: the condition must hold only 0 and 1, but element " + i
                        + " (row-major) of the condition of shape " + Shapes.str(condition.dims()) + " is " + c[i]);
            }
        }
        int[] offsetsC = Broadcasting.offsets(condition.dims(), shape);
        int[] offsetsA = Broadcasting.offsets(a.dims(), shape);
        int[] offsetsB = Broadcasting.offsets(b.dims(), shape);
        double[] x = a.values();
        double[] y = b.values();
        double[] z = new double[Shapes.numElements(shape)];
        for (int i = 0; i < z.length; i++) {
            z[i] = c[Broadcasting.at(offsetsC, i)] == 1 ? x[Broadcasting.at(offsetsA, i)]
                    : y[Broadcasting.at(offsetsB, i)];
        }
        return Tensor.result(z, shape, "where", new Tensor[] {a, b}, (g, adjoints) -> {
            double[] adjointA = adjoints[0];
            double[] adjointB = adjoints[1];
            for (int i = 0; i < g.length; i++) {
                if (c[Broadcasting.at(offsetsC, i)] == 1) {
                    if (adjointA != null) {
                        adjointA[Broadcasting.at(offsetsA, i)] += g[i];
                    }
                } else if (adjointB != null) {
                    adjointB[Broadcasting.at(offsetsB, i)] += g[i];
                }
            }
        });
    }

    /** A constant 0/1 tensor: 1 where the comparison holds, on the broadcast shape. */
    static Tensor compare(String op, Tensor a, Tensor b, Comparison comparison) {
        int[] shape = Broadcasting.shape(op, a.dims(), b.dims());
        int[] offsetsA = Broadcasting.offsets(a.dims(), shape);
        int[] offsetsB = Broadcasting.offsets(b.dims(), shape);
        double[] x = a.values();
        double[] y = b.values();
        double[] z = new double[Shapes.numElements(shape)];
        for (int i = 0; i < z.length; i++) {
            z[i] = comparison.test(x[Broadcasting.at(offsetsA, i)], y[Broadcasting.at(offsetsB, i)]) ? 1 : 0;
        }
        return Tensor.constant(z, shape);
    }
}
