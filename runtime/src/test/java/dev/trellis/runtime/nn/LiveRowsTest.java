package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A linear layer's backward pass on the rows that carry a gradient only ({@link LiveRows}): masked rows of a batch
 * give the gradients of the tensor operations, and a zero adjoint row still counts where the full product would
 * give NaN.
 */
class LiveRowsTest {

    private final SplittableRandom random = new SplittableRandom(31);

    private Tensor uniform(int... shape) {
        return UniformTensors.uniform(random, shape);
    }

    /** A mask {@code [rows, 1]}: 1 for the rows in {@code on}. */
    private static Tensor rowMask(int rows, int... on) {
        boolean[] mask = new boolean[rows];
        for (int r : on) {
            mask[r] = true;
        }
        return Tensor.mask(mask, rows, 1);
    }

    @Test
    void the_live_rows_are_those_with_a_nonzero_adjoint_or_a_non_finite_input() {
        double[] g = {0, 0, 1, 0, 0, 0, Double.NaN, 0, 0, 0};   // rows of 2
        double[] x = {1, 2, 3, 4, 5, Double.POSITIVE_INFINITY, 7, 8, 9, 10};
        assertArrayEquals(new int[] {1, 2, 3}, LiveRows.of(g, 5, 2, x, 2));
        assertNull(LiveRows.of(new double[] {1, -0.0, 0, 2}, 2, 2, new double[] {1, 1}, 1),
                "every row live: null");
        assertArrayEquals(new int[0], LiveRows.of(new double[] {0, -0.0}, 2, 1, new double[] {1, 2}, 1));
    }

    @Test
    void a_chain_of_masked_few_row_calls_gives_the_gradients_of_the_tensor_operations() {
        Linear layer = new Linear(6, 6, Rng.seeded(8));
        Map<String, Tensor> leaves = layer.requireGrad();
        Tensor weight = Tensor.variable(leaves.get("weight").detach());
        Tensor bias = Tensor.variable(leaves.get("bias").detach());
        Tensor start = Tensor.variable(uniform(5, 6));
        Tensor h = start;
        Tensor reference = start;
        Tensor loss = Tensor.scalar(0);
        Tensor referenceLoss = Tensor.scalar(0);
        List<Tensor> masks = new ArrayList<>(List.of(rowMask(5, 0, 1, 2, 3, 4), rowMask(5, 0, 2, 3, 4),
                rowMask(5, 0, 3), rowMask(5), rowMask(5, 0)));
        for (Tensor mask : masks) {
            Tensor data = uniform(5, 6);
            h = Relu.ofLinear(layer, h.add(data));
            reference = reference.add(data).matmul(weight.transpose()).add(bias).relu();
            Tensor w = uniform(5, 6).mul(mask);   // finished rows are masked out of the loss
            loss = loss.add(h.mul(w).sum());
            referenceLoss = referenceLoss.add(reference.mul(w).sum());
        }
        Gradients expected = Autodiff.gradients(referenceLoss);
        Gradients actual = Autodiff.gradients(loss);
        assertArrayEquals(expected.of(weight).toArray(), actual.of(leaves.get("weight")).toArray(), 1e-12);
        assertArrayEquals(expected.of(bias).toArray(), actual.of(leaves.get("bias")).toArray(), 1e-12);
        assertArrayEquals(expected.of(start).toArray(), actual.of(start).toArray(), 1e-12);
    }

    @Test
    void a_masked_call_of_many_rows_gives_the_gradients_of_the_tensor_operations() {
        Linear layer = new Linear(4, 3, Rng.seeded(11));
        Map<String, Tensor> leaves = layer.requireGrad();
        Tensor weight = Tensor.variable(leaves.get("weight").detach());
        Tensor bias = Tensor.variable(leaves.get("bias").detach());
        Tensor x = Tensor.variable(uniform(70, 4));   // above the few rows whose weight gradients are stacked
        Tensor w = uniform(70, 3).mul(rowMask(70, 0, 5, 6, 40, 69));
        Gradients expected = Autodiff.gradients(x.matmul(weight.transpose()).add(bias).mul(w).sum());
        Gradients actual = Autodiff.gradients(layer.forward(x).mul(w).sum());
        assertArrayEquals(expected.of(weight).toArray(), actual.of(leaves.get("weight")).toArray(), 1e-12);
        assertArrayEquals(expected.of(bias).toArray(), actual.of(leaves.get("bias")).toArray(), 1e-12);
        assertArrayEquals(expected.of(x).toArray(), actual.of(x).toArray(), 1e-12);
    }

    @Test
    void a_masked_row_whose_input_is_infinite_still_makes_the_weights_gradient_nan() {
        Linear layer = new Linear(2, 3, Rng.seeded(9));
        Map<String, Tensor> leaves = layer.requireGrad();
        Tensor x = Tensor.of(new double[] {1, 2, Double.POSITIVE_INFINITY, 1}, 2, 2);
        Tensor y = layer.forward(x);
        Tensor w = Tensor.of(new double[] {1, 1, 1, 0, 0, 0}, 2, 3);   // the infinite row masked out
        Gradients gradients = Autodiff.gradients(y.mul(w).sum());
        double[] dW = gradients.of(leaves.get("weight")).toArray();
        assertTrue(Double.isNaN(dW[0]), "0 x inf in g^T x is NaN, as in the full product");
        assertEquals(1.0, gradients.of(leaves.get("bias")).toArray()[0], "the bias's gradient: the live row's");
    }

    @Test
    void an_adjoint_of_zeros_adds_nothing() {
        Linear layer = new Linear(3, 2, Rng.seeded(10));
        Map<String, Tensor> leaves = layer.requireGrad();
        Tensor x = Tensor.variable(uniform(4, 3));
        Gradients gradients = Autodiff.gradients(layer.forward(x).mul(Tensor.zeros(4, 2)).sum());
        assertArrayEquals(new double[12], gradients.of(x).toArray());
        assertArrayEquals(new double[6], gradients.of(leaves.get("weight")).toArray());
        assertArrayEquals(new double[2], gradients.of(leaves.get("bias")).toArray());
    }
}
