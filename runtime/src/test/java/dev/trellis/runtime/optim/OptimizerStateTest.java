package dev.trellis.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.NonFiniteValueException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An optimizer's state, read after some steps and restored into a fresh optimizer of the same settings, continues the
 * run bit for bit: the resumed steps equal the uninterrupted ones.
 */
class OptimizerStateTest {

    @Test
    void adamResumesBitForBit() {
        assertResumesExactly(() -> new Adam(0.05, 0.8, 0.99, 1e-8, 0.01));
    }

    @Test
    void clippedAdamResumesBitForBitIncludingItsDecayedLearningRate() {
        assertResumesExactly(() -> new ClippedAdam(0.05, 0.9, 0.999, 1e-8, 0.1, 0.5, 0.97));
        ClippedAdam optimizer = new ClippedAdam(0.05, 0.9, 0.999, 1e-8, 0.0, 10.0, 0.5);
        optimizer.step(parameters(0), gradients(0));
        assertEquals(0.025, optimizer.state().get("lr").item());
    }

    @Test
    void sgdWithMomentumResumesBitForBit() {
        assertResumesExactly(() -> new Sgd(0.1, 0.9, 0.0, 0.0, true));
        assertResumesExactly(() -> Sgd.withLearningRate(0.1));
    }

    @Test
    void aStepLeavesTheParametersAndGradientsItWasGivenAsTheyWere() {
        // the optimizers read the gradients' own arrays and hand their new values over without copies
        for (Optimizer optimizer : new Optimizer[] {new Adam(0.05, 0.8, 0.99, 1e-8, 0.01),
            new ClippedAdam(0.05, 0.9, 0.999, 1e-8, 0.1, 0.5, 0.97), new Sgd(0.1, 0.9, 0.0, 0.01, true)}) {
            Map<String, Tensor> values = parameters(0);
            for (int step = 0; step < 3; step++) {
                Map<String, Tensor> gradients = gradients(step);
                Map<String, double[]> valuesBefore = new LinkedHashMap<>();
                values.forEach((name, value) -> valuesBefore.put(name, value.toArray()));
                Map<String, double[]> gradientsBefore = new LinkedHashMap<>();
                gradients.forEach((name, gradient) -> gradientsBefore.put(name, gradient.toArray()));
                Map<String, Tensor> next = optimizer.step(values, gradients);
                for (String name : values.keySet()) {
                    String which = optimizer.getClass().getSimpleName() + " " + name + " at step " + step;
                    assertArrayEquals(valuesBefore.get(name), values.get(name).toArray(), which);
                    assertArrayEquals(gradientsBefore.get(name), gradients.get(name).toArray(), which);
                    assertTrue(!java.util.Arrays.equals(valuesBefore.get(name), next.get(name).toArray()),
                            which + " moved");
                }
                values = next;
            }
        }
    }

    @Test
    void aRejectedStepLeavesEveryParametersStateAsItWas() {
        // 'a' is proposed before 'b.weight' fails: its new moments must not have been written over the old ones
        for (Supplier<Optimizer> settings : List.<Supplier<Optimizer>>of(() -> new Adam(0.05, 0.8, 0.99, 1e-8, 0.01),
                () -> new ClippedAdam(0.05, 0.9, 0.999, 1e-8, 0.1, 0.5, 0.97),
                () -> new Sgd(0.1, 0.9, 0.0, 0.01, true))) {
            Optimizer undisturbed = settings.get();
            Optimizer rejected = settings.get();
            Map<String, Tensor> values = parameters(0);
            Map<String, Tensor> others = parameters(0);
            for (int step = 0; step < 5; step++) {
                if (step == 3) {
                    Map<String, Tensor> bad = gradients(step);
                    bad.put("b.weight", Tensor.of(new double[] {1, Double.NaN, 0, 0}, 2, 2));
                    Map<String, Tensor> before = others;
                    assertThrows(NonFiniteValueException.class, () -> rejected.step(before, bad));
                }
                values = undisturbed.step(values, gradients(step));
                others = rejected.step(others, gradients(step));
            }
            String which = undisturbed.getClass().getSimpleName();
            for (String name : values.keySet()) {
                assertArrayEquals(values.get(name).toArray(), others.get(name).toArray(), which + " " + name);
            }
            undisturbed.state().forEach((name, value) -> assertArrayEquals(value.toArray(),
                    rejected.state().get(name).toArray(), which + " " + name));
        }
    }

    @Test
    void stateNamesAreTorchsSlotsAndTheParameter() {
        Adam adam = Adam.withLearningRate(0.1);
        assertTrue(adam.state().isEmpty());
        adam.step(parameters(0), gradients(0));
        assertEquals(java.util.Set.of("exp_avg:a", "exp_avg_sq:a", "step:a", "exp_avg:b.weight", "exp_avg_sq:b.weight",
                "step:b.weight"), adam.state().keySet());
        assertEquals(1.0, adam.state().get("step:a").item());
    }

    @Test
    void malformedStateIsRejectedAndLeavesTheOptimizerAsItWas() {
        Adam adam = Adam.withLearningRate(0.1);
        adam.step(parameters(0), gradients(0));
        Map<String, Tensor> before = adam.state();

        Map<String, Tensor> unknown = new LinkedHashMap<>(before);
        unknown.put("momentum_buffer:a", Tensor.vector(1, 2));
        IllegalArgumentException slot = assertThrows(IllegalArgumentException.class, () -> adam.restoreState(unknown));
        assertTrue(slot.getMessage().contains("parameter 'a'"), slot.getMessage());

        Map<String, Tensor> fractional = new LinkedHashMap<>(before);
        fractional.put("step:a", Tensor.scalar(1.5));
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> adam.restoreState(fractional));
        assertTrue(step.getMessage().contains("step:a"), step.getMessage());

        Map<String, Tensor> global = new LinkedHashMap<>(before);
        global.put("lr", Tensor.scalar(0.1));
        assertThrows(IllegalArgumentException.class, () -> adam.restoreState(global));
        assertEquals(before.keySet(), adam.state().keySet());
        before.forEach((name, value) -> assertArrayEquals(value.toArray(), adam.state().get(name).toArray(), name));
    }

    @Test
    void restoringStateReplacesAllOfItIncludingParametersItDoesNotName() {
        Adam saved = Adam.withLearningRate(0.1);
        saved.step(Map.of("a", parameters(0).get("a")), Map.of("a", gradients(0).get("a")));
        Adam adam = Adam.withLearningRate(0.1);
        adam.step(parameters(0), gradients(1));
        adam.restoreState(saved.state());
        assertEquals(saved.state().keySet(), adam.state().keySet());
        // b.weight's next step is a first step again
        Map<String, Tensor> next = adam.step(parameters(0), gradients(2));
        Map<String, Tensor> fresh = Adam.withLearningRate(0.1).step(parameters(0), gradients(2));
        assertArrayEquals(fresh.get("b.weight").toArray(), next.get("b.weight").toArray());
    }

    @Test
    void aRestoredStateOfStepZeroMakesTheNextStepAFirstStep() {
        Adam adam = Adam.withLearningRate(0.1);
        adam.restoreState(Map.of("exp_avg:a", Tensor.vector(0, 0, 0), "exp_avg_sq:a", Tensor.vector(0, 0, 0),
                "step:a", Tensor.scalar(0)));
        Map<String, Tensor> a = Map.of("a", parameters(0).get("a"));
        Map<String, Tensor> g = Map.of("a", gradients(1).get("a"));
        assertArrayEquals(Adam.withLearningRate(0.1).step(a, g).get("a").toArray(), adam.step(a, g).get("a").toArray());
    }

    @Test
    void aStateThatDoesNotFitTheParameterIsNamedAtTheNextStep() {
        Adam adam = Adam.withLearningRate(0.1);
        adam.restoreState(Map.of("exp_avg:a", Tensor.vector(0, 0), "exp_avg_sq:a", Tensor.vector(0, 0),
                "step:a", Tensor.scalar(3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.step(parameters(0), gradients(0)));
        assertTrue(e.getMessage().contains("parameter 'a'"), e.getMessage());
    }

    /** Ten steps straight, against five steps, a save, a fresh optimizer restored from it, and five more. */
    private static void assertResumesExactly(Supplier<Optimizer> settings) {
        Optimizer straight = settings.get();
        Map<String, Tensor> values = parameters(0);
        for (int step = 0; step < 10; step++) {
            values = straight.step(values, gradients(step));
        }

        Optimizer first = settings.get();
        Map<String, Tensor> resumed = parameters(0);
        for (int step = 0; step < 5; step++) {
            resumed = first.step(resumed, gradients(step));
        }
        Optimizer second = settings.get();
        second.restoreState(first.state());
        for (int step = 5; step < 10; step++) {
            resumed = second.step(resumed, gradients(step));
        }
        for (String name : values.keySet()) {
            assertArrayEquals(values.get(name).toArray(), resumed.get(name).toArray(), name);
        }
        straight.state().forEach((name, value) -> assertArrayEquals(value.toArray(),
                second.state().get(name).toArray(), name));
    }

    private static Map<String, Tensor> parameters(int unused) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        values.put("a", Tensor.vector(0.5, -1.0, 2.0));
        values.put("b.weight", Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        return values;
    }

    /** Gradients that change from step to step, some entries beyond ClippedAdam's clip. */
    private static Map<String, Tensor> gradients(int step) {
        Map<String, Tensor> gradients = new LinkedHashMap<>();
        gradients.put("a", Tensor.vector(Math.sin(step), 2 * Math.cos(3 * step), -0.7 + step * 0.1));
        gradients.put("b.weight", Tensor.of(new double[] {step, -step * 0.5, 0.3, Math.exp(-step)}, 2, 2));
        return gradients;
    }
}
