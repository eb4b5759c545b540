package dev.trellis.runtime.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The engine on its own, with two hand-made operations built by {@link Tensor#withBackward}: elementwise
 * product and total sum. The operation families are tested against finite differences elsewhere.
 */
class AutodiffEngineTest {

    /** Elementwise product of two tensors of one shape. */
    static Tensor times(Tensor a, Tensor b) {
        double[] x = a.toArray();
        double[] y = b.toArray();
        double[] z = new double[x.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] * y[i];
        }
        return Tensor.withBackward(Tensor.of(z, a.shape()), "times", List.of(a, b), (g, in) -> {
            for (int i = 0; i < g.length; i++) {
                if (in[0] != null) {
                    in[0][i] += g[i] * y[i];
                }
                if (in[1] != null) {
                    in[1][i] += g[i] * x[i];
                }
            }
        });
    }

    /** Sum of all elements, a scalar. */
    static Tensor total(Tensor a) {
        double sum = 0;
        for (double v : a.toArray()) {
            sum += v;
        }
        return Tensor.withBackward(Tensor.scalar(sum), "total", List.of(a), (g, in) -> {
            for (int i = 0; i < in[0].length; i++) {
                in[0][i] += g[0];
            }
        });
    }

    @Test
    void aScalarOutputIsSeededWithOne() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2, 3));
        Gradients gradients = Autodiff.gradients(total(x));
        assertEquals(Tensor.vector(1, 1, 1), gradients.of(x));
    }

    @Test
    void aTensorUsedTwiceAccumulatesBothUses() {
        Tensor x = Tensor.variable(Tensor.vector(1, -2, 3));
        assertEquals(Tensor.vector(2, -4, 6), Autodiff.gradients(total(times(x, x))).of(x));
    }

    @Test
    void diamondGraphsSumTheAdjointsOfBothPaths() {
        // y = sum(((x * c) * x^2) * x^2) = sum(c x^5), dy/dx = 5 c x^4, with x^2 shared by two consumers.
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor c = Tensor.vector(5, 7);
        Tensor square = times(x, x);
        Tensor y = total(times(times(times(x, c), square), square));
        assertEquals(Tensor.vector(5 * 5 * 1, 5 * 7 * 16), Autodiff.gradients(y).of(x));
    }

    @Test
    void leavesTheOutputsDoNotDependOnGetZeroGradients() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor unused = Tensor.variable(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        Gradients gradients = Autodiff.gradients(total(x));
        assertEquals(Tensor.zeros(2, 3), gradients.of(unused));
        assertEquals(List.of(x), gradients.leaves());
    }

    @Test
    void severalOutputsGiveOneVectorJacobianProduct() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor w = Tensor.variable(Tensor.vector(3, 4));
        Tensor u = times(x, x);
        Tensor v = times(x, w);
        Tensor p = Tensor.vector(0.5, -1);
        Tensor q = Tensor.vector(2, 10);
        Gradients gradients = Autodiff.gradients(List.of(u, v), List.of(p, q));
        // d/dx (p . x^2 + q . x w) = 2 x p + w q;  d/dw = x q
        assertEquals(Tensor.vector(2 * 1 * 0.5 + 3 * 2, 2 * 2 * -1 + 4 * 10), gradients.of(x));
        assertEquals(Tensor.vector(2, 20), gradients.of(w));
    }

    @Test
    void anOutputListedTwiceContributesTwice() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor u = times(x, x);
        Gradients gradients = Autodiff.gradients(List.of(u, u), List.of(Tensor.vector(1, 1), Tensor.vector(1, 2)));
        assertEquals(Tensor.vector(2 * 1 * 2, 2 * 2 * 3), gradients.of(x));
    }

    @Test
    void constantOutputsContributeNothing() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Gradients gradients = Autodiff.gradients(List.of(Tensor.vector(5, 5), times(x, x)),
                List.of(Tensor.vector(1, 1), Tensor.vector(1, 1)));
        assertEquals(Tensor.vector(2, 4), gradients.of(x));
        assertEquals(Tensor.zeros(2), Autodiff.gradients(Tensor.scalar(3)).of(x));
    }

    @Test
    void detachStopsGradients() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor y = total(times(x, times(x, x).detach()));
        assertEquals(Tensor.vector(1, 4), Autodiff.gradients(y).of(x));
        assertFalse(times(x, x).detach().requiresGrad());
        assertEquals(times(x, x), times(x, x).detach());
    }

    @Test
    void constantsNeverGetNodes() {
        Tensor c = Tensor.vector(1, 2);
        Tensor product = times(c, Tensor.vector(3, 4));
        assertFalse(product.requiresGrad());
        assertNull(product.node());
        assertNull(total(product).node());
        assertEquals("Tensor[2] [3.0, 8.0]", product.toString());
    }

    @Test
    void leavesAndRecordedOperationsAreDistinguished() {
        Tensor value = Tensor.vector(1, 2);
        Tensor x = Tensor.variable(value);
        assertTrue(x.requiresGrad());
        assertFalse(value.requiresGrad());
        assertTrue(x.node().isLeaf());
        assertSame(x, x.requiringGrad());
        assertNotSame(x, Tensor.variable(x));
        assertEquals(value, x);
        Tensor product = times(x, x);
        assertEquals("times", product.node().op());
        assertEquals("Tensor[2] [1.0, 4.0] (grad: times)", product.toString());
        assertEquals("requiringGrad() on the output of 'times' (shape [2]); call detach().requiringGrad() to start "
                + "a new leaf from its values", assertThrows(IllegalStateException.class, product::requiringGrad)
                .getMessage());
        assertTrue(product.detach().requiringGrad().node().isLeaf());
    }

    @Test
    void twoVariablesOfOneValueHaveSeparateGradients() {
        Tensor value = Tensor.vector(1, 2);
        Tensor a = Tensor.variable(value);
        Tensor b = Tensor.variable(value);
        Gradients gradients = Autodiff.gradients(total(times(a, Tensor.vector(3, 3))));
        assertEquals(Tensor.vector(3, 3), gradients.of(a));
        assertEquals(Tensor.zeros(2), gradients.of(b));
    }

    @Test
    void nonScalarOutputsWithoutAdjointsAreRejected() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        assertEquals("gradients(output) needs a scalar output to seed with 1, got shape [2]; pass an adjoint of "
                + "that shape to gradients(outputs, adjoints) for a vector-Jacobian product",
                assertThrows(IllegalArgumentException.class, () -> Autodiff.gradients(times(x, x))).getMessage());
    }

    @Test
    void adjointsMustMatchTheirOutputs() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        assertEquals("gradients: adjoint 0 has shape [3] but output 0 has shape [2]",
                assertThrows(IllegalArgumentException.class,
                        () -> Autodiff.gradients(List.of(x), List.of(Tensor.zeros(3)))).getMessage());
        assertEquals("gradients: 1 outputs but 0 adjoints; give one adjoint per output",
                assertThrows(IllegalArgumentException.class,
                        () -> Autodiff.gradients(List.of(x), List.of())).getMessage());
    }

    @Test
    void gradientsExistOnlyForLeaves() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor square = times(x, x);
        Gradients gradients = Autodiff.gradients(total(square));
        assertEquals("gradient requested for a tensor of shape [2] that does not require grad; make it a leaf with "
                + "Tensor.variable(value) before computing the outputs",
                assertThrows(IllegalArgumentException.class, () -> gradients.of(Tensor.vector(1, 2))).getMessage());
        assertEquals("gradient requested for the output of 'times', which is not a leaf; gradients are kept for "
                + "leaves only", assertThrows(IllegalArgumentException.class, () -> gradients.of(square)).getMessage());
    }

    @Test
    void leavesAreNeverModified() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Autodiff.gradients(total(times(x, x)));
        assertEquals(Tensor.vector(1, 2), x);
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Tensor x = Tensor.variable(Tensor.scalar(1.0));
        Tensor y = x;
        Tensor one = Tensor.scalar(1.0);
        for (int i = 0; i < 100_000; i++) {
            y = times(y, one);
        }
        assertEquals(Tensor.scalar(1.0), Autodiff.gradients(y).of(x));
    }

    @Test
    void oneGraphCanBeDifferentiatedFromSeveralThreads() throws Exception {
        Tensor x = Tensor.variable(Tensor.vector(1, 2, 3));
        Tensor y = x;
        for (int i = 0; i < 200; i++) {
            y = times(y, Tensor.vector(1, 1, 1));
        }
        Tensor output = total(times(y, y));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Tensor>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> Autodiff.gradients(output).of(x)));
            }
            for (Future<Tensor> result : results) {
                assertArrayEquals(new double[] {2, 4, 6}, result.get().toArray());
            }
        } finally {
            pool.shutdown();
        }
    }
}
