package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A {@link Linear} called many times in one graph (a recurrent model's per-step layer) forms its weight's gradient
 * as one product over all the calls' rows: the gradients are those of the same computation written with tensor
 * operations, whether the calls chain (each on the last one's output) or not, when one backward pass reaches only
 * some of the calls, and when several passes run over the same graph, one after another or at once.
 */
class StackedWeightGradientTest {

    private final SplittableRandom random = new SplittableRandom(17);

    private Tensor uniform(int... shape) {
        return UniformTensors.uniform(random, shape);
    }

    @Test
    void a_chain_of_calls_gives_the_gradients_of_the_tensor_operations() {
        Linear layer = new Linear(5, 5, Rng.seeded(1));
        Map<String, Tensor> leaves = layer.requireGrad();
        Tensor weight = Tensor.variable(leaves.get("weight").detach());
        Tensor bias = Tensor.variable(leaves.get("bias").detach());
        Tensor start = Tensor.variable(uniform(3, 5));
        Tensor h = start;
        Tensor reference = start;
        Tensor loss = Tensor.scalar(0);
        Tensor referenceLoss = Tensor.scalar(0);
        for (int step = 0; step < 7; step++) {
            Tensor data = uniform(3, 5);
            h = layer.forward(h.add(data)).tanh();
            reference = reference.add(data).matmul(weight.transpose()).add(bias).tanh();
            Tensor w = uniform(3, 5);
            loss = loss.add(h.mul(w).sum());
            referenceLoss = referenceLoss.add(reference.mul(w).sum());
        }
        assertArrayEquals(referenceLoss.toArray(), loss.toArray(), 1e-12);
        Gradients expected = Autodiff.gradients(referenceLoss);
        Gradients actual = Autodiff.gradients(loss);
        assertArrayEquals(expected.of(weight).toArray(), actual.of(leaves.get("weight")).toArray(), 1e-12);
        assertArrayEquals(expected.of(bias).toArray(), actual.of(leaves.get("bias")).toArray(), 1e-12);
        assertArrayEquals(expected.of(start).toArray(), actual.of(start).toArray(), 1e-12);
    }

    @Test
    void a_pass_from_some_of_the_calls_takes_only_their_rows() {
        Linear layer = new Linear(4, 2, Rng.seeded(2));
        Tensor weight = layer.requireGrad().get("weight");
        Tensor x1 = uniform(3, 4);
        Tensor x2 = uniform(5, 4);
        Tensor y1 = layer.forward(x1);
        Tensor y2 = layer.forward(x2);
        Tensor g = uniform(5, 2);
        double[] fromSecond = Autodiff.gradients(List.of(y2), List.of(g)).of(weight).toArray();
        assertArrayEquals(g.transpose().matmul(x2).toArray(), fromSecond, 1e-12);
        double[] fromBoth = Autodiff.gradients(List.of(y1.sum(), y2), List.of(Tensor.scalar(1), g)).of(weight)
                .toArray();
        assertArrayEquals(g.transpose().matmul(x2).add(Tensor.ones(3, 2).transpose().matmul(x1)).toArray(),
                fromBoth, 1e-12);
        assertEquals(8, fromBoth.length);
    }

    @Test
    void calls_reached_before_the_later_ones_grow_the_stack_to_take_every_row() {
        // outputs listed latest first: the pass meets the first call (which knows of its own 3 rows) first
        Linear layer = new Linear(4, 2, Rng.seeded(3));
        Tensor weight = layer.requireGrad().get("weight");
        List<Tensor> inputs = List.of(uniform(3, 4), uniform(5, 4), uniform(6, 4));
        List<Tensor> outputs = new ArrayList<>();
        for (Tensor x : inputs) {
            outputs.add(layer.forward(x));
        }
        double[] someRowsZero = uniform(5, 2).toArray();   // rows without a gradient are left out of the stack
        someRowsZero[2] = 0;
        someRowsZero[3] = 0;
        List<Tensor> adjoints = List.of(uniform(6, 2), Tensor.of(someRowsZero, 5, 2), uniform(3, 2));
        double[] actual = Autodiff.gradients(List.of(outputs.get(2), outputs.get(1), outputs.get(0)), adjoints)
                .of(weight).toArray();
        Tensor expected = Tensor.zeros(2, 4);
        for (int c = 0; c < 3; c++) {
            expected = expected.add(adjoints.get(2 - c).transpose().matmul(inputs.get(c)));
        }
        assertArrayEquals(expected.toArray(), actual, 1e-12);
    }

    @Test
    void calls_of_many_rows_add_directly_beside_the_stacked_few_row_calls() {
        Linear layer = new Linear(3, 2, Rng.seeded(4));
        Tensor weight = layer.requireGrad().get("weight");
        Tensor few = uniform(4, 3);
        Tensor many = uniform(AffineKernels.WeightCopies.FEW_ROWS + 37, 3);
        Tensor loss = layer.forward(few).square().sum().add(layer.forward(many).square().sum())
                .add(layer.forward(few.mul(2.0)).sum());
        Tensor w = Tensor.variable(weight.detach());
        Tensor b = Tensor.variable(layer.bias().value().detach());
        Tensor reference = few.matmul(w.transpose()).add(b).square().sum()
                .add(many.matmul(w.transpose()).add(b).square().sum())
                .add(few.mul(2.0).matmul(w.transpose()).add(b).sum());
        assertArrayEquals(Autodiff.gradients(reference).of(w).toArray(), Autodiff.gradients(loss).of(weight).toArray(),
                1e-11);
    }

    @Test
    void passes_over_one_graph_at_once_each_get_the_whole_gradient() throws Exception {
        Linear layer = new Linear(6, 3, Rng.seeded(3));
        Tensor weight = layer.requireGrad().get("weight");
        Tensor loss = Tensor.scalar(0);
        for (int step = 0; step < 20; step++) {
            loss = loss.add(layer.forward(uniform(4, 6)).square().sum());
        }
        double[] once = Autodiff.gradients(loss).of(weight).toArray();
        Tensor graph = loss;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> passes = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                passes.add(pool.submit(() -> Autodiff.gradients(graph).of(weight).toArray()));
            }
            for (Future<double[]> pass : passes) {
                assertArrayEquals(once, pass.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
