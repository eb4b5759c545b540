package dev.trellis.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An optimizer restored from another's state takes the same next steps, for each optimizer kind. */
class OptimizerStateTest {

    private static final Map<String, Tensor> GRADIENT = Map.of("a", Tensor.vector(0.3, -2.0), "b", Tensor.scalar(1.5));

    private static void resumesWithTheSameSteps(Supplier<Optimizer> make) {
        Optimizer original = make.get();
        Map<String, Tensor> values = Map.of("a", Tensor.vector(1.0, 2.0), "b", Tensor.scalar(-1.0));
        for (int step = 0; step < 3; step++) {
            values = original.step(values, GRADIENT);
        }
        Optimizer restored = make.get();
        restored.restore(original.state());
        Map<String, Tensor> a = values;
        Map<String, Tensor> b = values;
        for (int step = 0; step < 3; step++) {
            a = original.step(a, GRADIENT);
            b = restored.step(b, GRADIENT);
        }
        for (String name : List.of("a", "b")) {
            assertArrayEquals(a.get(name).toArray(), b.get(name).toArray(), name);
        }
    }

    @Test
    void adam_clipped_adam_and_sgd_resume_from_their_state() {
        resumesWithTheSameSteps(() -> Adam.withLearningRate(0.1));
        resumesWithTheSameSteps(() -> new ClippedAdam(0.1, 0.9, 0.99, 1e-8, 0.1, 1.0, 0.9));
        resumesWithTheSameSteps(() -> new Sgd(0.1, 0.9, 0.0, 0.0, true));
    }

    @Test
    void buffers_that_do_not_fit_are_refused_naming_the_parameter() {
        Optimizer adam = Adam.withLearningRate(0.1);
        var bad = new OptimizerState(Map.of("a", List.of(new double[2], new double[3], new double[] {1})),
                new double[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.restore(bad));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("parameter 'a'"), e.getMessage());
    }
}
