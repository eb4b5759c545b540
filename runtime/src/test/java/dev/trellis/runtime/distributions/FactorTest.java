package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Pyro's {@code Unit} behind {@code pyro.factor}: a log-density term over the empty value. */
class FactorTest {

    @Test
    void the_log_probability_is_the_factor_broadcast_over_the_values_batch() {
        Factor factor = Factor.of(Tensor.vector(-1.0, -2.5));
        assertArrayEquals(new int[] {2}, factor.batchShape());
        assertArrayEquals(new int[] {0}, factor.eventShape());
        assertArrayEquals(new double[] {-1.0, -2.5}, factor.logProb(factor.emptyValue()).toArray(), 0.0);
        Tensor samples = Tensor.zeros(3, 2, 0);   // three draws of the empty value
        Tensor logProb = factor.logProb(samples);
        assertArrayEquals(new int[] {3, 2}, logProb.shape());
        assertArrayEquals(new double[] {-1.0, -2.5, -1.0, -2.5, -1.0, -2.5}, logProb.toArray(), 0.0);
        assertEquals(-0.5, Factor.of(Tensor.scalar(-0.5)).logProb(Tensor.zeros(0)).item(), 0.0);
    }

    @Test
    void its_only_value_is_empty_with_the_factors_batch_shape() {
        Factor factor = Factor.of(Tensor.zeros(2, 3));
        assertArrayEquals(new int[] {2, 3, 0}, factor.emptyValue().shape());
        assertArrayEquals(new int[] {2, 3, 0}, factor.sample(Rng.seeded(1)).shape());
        assertArrayEquals(new int[] {0}, Factor.of(Tensor.scalar(1.0)).emptyValue().shape());
    }

    @Test
    void it_has_no_moments_and_describes_itself_by_value_or_shape() {
        Factor factor = Factor.of(Tensor.scalar(-1.5));
        assertThrows(UnsupportedOperationException.class, factor::mean);
        assertThrows(UnsupportedOperationException.class, factor::variance);
        assertThrows(UnsupportedOperationException.class, factor::entropy);
        assertEquals("Factor(-1.5)", factor.toString());
        assertEquals("Factor([2, 3])", Factor.of(Tensor.zeros(2, 3)).toString());
    }
}
