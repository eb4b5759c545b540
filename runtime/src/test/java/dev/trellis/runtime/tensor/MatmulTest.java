package dev.trellis.runtime.tensor;

import static dev.trellis.runtime.tensor.EdgeValues.INF;
import static dev.trellis.runtime.tensor.EdgeValues.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** matmul in every rank combination against a naive product and against finite differences. */
class MatmulTest {

    private static final int[][][] SHAPE_PAIRS = {
        {{3}, {3}}, {{2, 3}, {3, 4}}, {{3}, {3, 4}}, {{2, 3}, {3}}, {{5, 2, 3}, {5, 3, 4}}, {{5, 2, 3}, {3, 4}},
        {{2, 3}, {5, 3, 4}}, {{2, 1, 2, 3}, {4, 3, 2}}, {{3}, {5, 3, 2}}, {{5, 2, 3}, {3}}, {{1, 1}, {1, 1}},
    };

    private final Inputs inputs = new Inputs(53);

    @Test
    void everyRankCombinationMatchesANaiveProduct() {
        for (int[][] pair : SHAPE_PAIRS) {
            Tensor a = inputs.uniform(-2, 2, pair[0]);
            Tensor b = inputs.uniform(-2, 2, pair[1]);
            Tensor expected = naive(a, b);
            Tensor actual = a.matmul(b);
            assertArrayEquals(expected.shape(), actual.shape(), Shapes.str(pair[0]) + " x " + Shapes.str(pair[1]));
            assertArrayEquals(expected.toArray(), actual.toArray(), 1e-14);
        }
    }

    @Test
    void everyRankCombinationMatchesFiniteDifferences() {
        for (int[][] pair : SHAPE_PAIRS) {
            GradientChecker.check("matmul " + Shapes.str(pair[0]) + " " + Shapes.str(pair[1]),
                    x -> x[0].matmul(x[1]), inputs.uniform(-2, 2, pair[0]), inputs.uniform(-2, 2, pair[1]));
        }
        GradientChecker.check("x^T x", x -> x[0].transpose().matmul(x[0]), inputs.uniform(-2, 2, 3, 2));
    }

    @Test
    void knownSmallProducts() {
        Tensor m = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
        assertEquals(Tensor.scalar(11), Tensor.vector(1, 2).matmul(Tensor.vector(3, 4)));
        assertEquals(Tensor.matrix(new double[][] {{7, 10}, {15, 22}}), m.matmul(m));
        assertEquals(Tensor.vector(5, 11), m.matmul(Tensor.vector(1, 2)));
        assertEquals(Tensor.vector(7, 10), Tensor.vector(1, 2).matmul(m));
        assertEquals(Tensor.zeros(2, 3), Tensor.zeros(2, 0).matmul(Tensor.zeros(0, 3)));
    }

    @Test
    void broadcastBatchGradientsAreSummedOverTheBatch() {
        Tensor a = Tensor.variable(Tensor.ones(4, 2, 3));
        Tensor b = Tensor.variable(Tensor.ones(3, 5));
        Gradients gradients = Autodiff.gradients(a.matmul(b).sum());
        assertEquals(Tensor.full(5, 4, 2, 3), gradients.of(a));
        assertEquals(Tensor.full(8, 3, 5), gradients.of(b));
    }

    @Test
    void nonFiniteEntriesPropagateAsInTorch() {
        Tensor product = Tensor.matrix(new double[][] {{0, 1}}).matmul(Tensor.matrix(new double[][] {{INF}, {2}}));
        assertEquals(Tensor.matrix(new double[][] {{NAN}}), product);
        assertEquals(Tensor.scalar(INF), Tensor.vector(1, 1).matmul(Tensor.vector(1e308, 1e308)));
        assertEquals(Tensor.scalar(NAN), Tensor.vector(NAN, 1).matmul(Tensor.vector(0, 1)));
    }

    @Test
    void shapeErrorsNameBothShapes() {
        assertMessage("matmul: shapes [2, 3] and [2, 3] do not match: 3 columns against 2 rows",
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(2, 3)));
        assertMessage("matmul: shapes [3] and [4] do not match: 3 columns against 4 rows",
                () -> Tensor.zeros(3).matmul(Tensor.zeros(4)));
        assertMessage("matmul: both operands need rank >= 1, got shapes [] and [3]",
                () -> Tensor.scalar(2).matmul(Tensor.zeros(3)));
        assertMessage("matmul: the batch dims of shapes [2, 2, 3] and [4, 3, 1] cannot be broadcast together",
                () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(4, 3, 1)));
    }

    /** The product by its definition, with torch's promotion rules written out. */
    private static Tensor naive(Tensor a, Tensor b) {
        Tensor left = a.rank() == 1 ? a.unsqueeze(0) : a;
        Tensor right = b.rank() == 1 ? b.unsqueeze(1) : b;
        int rank = Math.max(left.rank(), right.rank());
        int n = left.size(left.rank() - 2);
        int k = left.size(left.rank() - 1);
        int m = right.size(right.rank() - 1);
        int[] batch = Broadcasting.shape("naive", java.util.Arrays.copyOf(left.shape(), left.rank() - 2),
                java.util.Arrays.copyOf(right.shape(), right.rank() - 2));
        int[] full = java.util.Arrays.copyOf(batch, rank);
        full[rank - 2] = n;
        full[rank - 1] = k;
        Tensor l = left.expand(full);
        full[rank - 2] = k;
        full[rank - 1] = m;
        Tensor r = right.expand(full);
        int batches = Shapes.numElements(batch);
        double[] x = l.toArray();
        double[] y = r.toArray();
        double[] out = new double[batches * n * m];
        for (int p = 0; p < batches; p++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double sum = 0;
                    for (int q = 0; q < k; q++) {
                        sum += x[p * n * k + i * k + q] * y[p * k * m + q * m + j];
                    }
                    out[p * n * m + i * m + j] = sum;
                }
            }
        }
        int[] shape = java.util.Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = n;
        shape[batch.length + 1] = m;
        Tensor result = Tensor.of(out, shape);
        if (b.rank() == 1) {
            result = result.squeeze(-1);
        }
        if (a.rank() == 1) {
            result = result.squeeze(-2 + (b.rank() == 1 ? 1 : 0));
        }
        return result;
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
