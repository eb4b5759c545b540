package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MaskedDistributionTest {

    @Test
    void maskedEntriesScoreZeroOthersTheBaseDensity() {
        Normal base = Normal.of(Tensor.vector(0, 1, 2), Tensor.vector(1, 2, 3));
        Tensor value = Tensor.vector(0.5, -1, 4);
        Distribution masked = base.mask(Tensor.vector(1, 0, 1));

        double[] expected = base.logProb(value).toArray();
        expected[1] = 0.0;
        assertArrayEquals(expected, masked.logProb(value).toArray(), 0.0);
    }

    @Test
    void maskedEntriesPassNoGradient() {
        Tensor high = Tensor.variable(Tensor.vector(1.0, 1.0));
        Distribution masked = Uniform.of(Tensor.vector(0.0, 0.0), high).mask(Tensor.vector(1, 0));

        Tensor logProb = masked.logProb(Tensor.vector(0.5, 0.5));
        assertArrayEquals(new double[] {0.0, 0.0}, logProb.toArray(), 0.0);   // log(1 / 1) = 0 and masked 0
        Tensor grad = Autodiff.gradients(logProb.sum()).of(high);
        assertArrayEquals(new double[] {-1.0, 0.0}, grad.toArray(), 1e-15);   // d/dh -log h = -1/h; masked: none
    }

    @Test
    void maskBroadcastsAgainstTheBatchShape() {
        Normal base = Normal.of(Tensor.zeros(2, 3), Tensor.ones(2, 3));
        Distribution masked = base.mask(Tensor.vector(0, 1, 1));

        assertArrayEquals(new int[] {2, 3}, masked.batchShape());
        Tensor logProb = masked.logProb(Tensor.zeros(2, 3));
        assertEquals(0.0, logProb.get(1, 0));
        assertEquals(-0.5 * Math.log(2 * Math.PI), logProb.get(1, 2), 1e-15);
        assertArrayEquals(new int[] {4, 2, 3}, masked.expand(4, 2, 3).batchShape());
    }

    @Test
    void maskEntriesMustBeZeroOrOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Normal.of(0, 1).mask(Tensor.vector(1, 0.5)));
        assertTrue(e.getMessage().contains("mask[1] = 0.5"), e.getMessage());
    }
}
