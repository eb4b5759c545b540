package dev.trellis.runtime.params;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a checkpoint holds beside the parameters: checked where it is made, and copied in and out. */
class TrainingStateTest {

    private static final Rng.State RNG = Rng.seeded(1).state();

    @Test
    void aRunBeforeItsFirstStepHasNoLosses() {
        TrainingState start = new TrainingState(0, Map.of(), RNG, new double[0]);
        assertEquals(0, start.step());
        assertEquals(0, start.losses().length);
    }

    @Test
    void theStepTheLossesAndTheOptimizerStateAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingState(-1, Map.of(), RNG, new double[0]));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new TrainingState(2, Map.of(), RNG, new double[] {1.0}));
        assertTrue(count.getMessage().contains("after 2 steps needs 2 losses, got 1"), count.getMessage());
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
                () -> new TrainingState(2, Map.of(), RNG, new double[] {1.0, Double.NaN}));
        assertTrue(loss.getMessage().contains("loss of step 2 is NaN"), loss.getMessage());
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class, () -> new TrainingState(1,
                Map.of("exp_avg:w", Tensor.vector(0.5, Double.POSITIVE_INFINITY)), RNG, new double[] {1.0}));
        assertTrue(state.getMessage().contains("optimizer state 'exp_avg:w' holds Infinity at index 1"),
                state.getMessage());
    }

    @Test
    void theLossesAreCopiedInAndOut() {
        double[] losses = {3.0, 2.0};
        TrainingState state = new TrainingState(2, Map.of("lr", Tensor.scalar(0.1)), RNG, losses);
        losses[0] = 99;
        state.losses()[1] = 99;
        assertArrayEquals(new double[] {3.0, 2.0}, state.losses());
        assertThrows(UnsupportedOperationException.class, () -> state.optimizer().put("x", Tensor.scalar(1)));
    }
}
