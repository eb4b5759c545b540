package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeltaTest {

    @Test
    void matchesEveryGoldenRecord() {
        GoldenRecords.checkAll("Delta", c -> {
            int eventDim = c.params().has("event_dim") ? c.params().get("event_dim").asInt() : 0;
            double logDensity = c.hasParam("log_density") ? c.param("log_density").item() : 0.0;
            return Delta.of(c.param("v"), logDensity, eventDim);
        }, Map.of());
    }

    @Test
    void rsampleIsVItselfSoGradientsReachIt() {
        Tensor v = Tensor.variable(Tensor.vector(1.0, 2.0));
        Delta d = Delta.of(v, 0.0, 1);
        assertSame(v, d.rsample(Rng.seeded(1)));
        Tensor loss = d.rsample(Rng.seeded(1)).square().sum();
        assertArrayEquals(new double[] {2.0, 4.0}, Autodiff.gradients(loss).of(v).toArray(), 0.0);
        assertFalse(d.sample(Rng.seeded(1)).requiresGrad());
    }

    @Test
    void logDensityIsDifferentiable() {
        Tensor v = Tensor.vector(1.0, 2.0);
        FiniteDifferences.assertGradient("log_density", ld -> Delta.of(v, ld, 0).logProb(Tensor.vector(1.0, 2.0)),
                Tensor.vector(-2.3, 0.5));
    }

    @Test
    void eventDimensionsAreComparedTogether() {
        Delta d = Delta.of(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}), Tensor.vector(-1.0, -2.0), 1);
        assertArrayEquals(new int[] {2}, d.batchShape());
        assertArrayEquals(new int[] {2}, d.eventShape());
        Tensor logProb = d.logProb(Tensor.matrix(new double[][] {{1, 2}, {3, 5}}));
        assertArrayEquals(new double[] {-1.0, Double.NEGATIVE_INFINITY}, logProb.toArray(), 0.0);
        // Three values against the batch of two: sample shape [3, 2].
        assertArrayEquals(new int[] {3, 2}, d.logProb(Tensor.zeros(3, 1, 2)).shape());
        assertEquals(-3.0, d.toEvent(1).logProb(Tensor.matrix(new double[][] {{1, 2}, {3, 4}})).item(), 0.0);
        assertArrayEquals(new int[] {5, 2, 2}, d.expand(5, 2).sample(Rng.seeded(3)).shape());
        assertArrayEquals(new double[] {0, 0, 0, 0}, d.variance().toArray(), 0.0);
        assertFalse(d.isDiscrete());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("Delta: event_dim must be between 0 and the rank 1 of v, got 2", assertThrows(
                IllegalArgumentException.class, () -> Delta.of(Tensor.vector(1, 2), 0.0, 2)).getMessage());
        assertEquals("Delta: log_density must have the batch shape [2], got []", assertThrows(
                IllegalArgumentException.class, () -> Delta.of(Tensor.vector(1, 2), Tensor.scalar(0), 0))
                .getMessage());
        assertEquals("Delta: parameter v[1] = NaN is outside real", assertThrows(IllegalArgumentException.class,
                () -> Delta.of(Tensor.vector(1, Double.NaN))).getMessage());
        assertEquals("value = NaN is outside the support independent(real, 0) of Delta(v=1.5, log_density=0.0, "
                + "event_dim=0)", assertThrows(IllegalArgumentException.class,
                () -> Delta.of(1.5).logProb(Tensor.scalar(Double.NaN))).getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Delta.of(1.5).entropy());
    }
}
