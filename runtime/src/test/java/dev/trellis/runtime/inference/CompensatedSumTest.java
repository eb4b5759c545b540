package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Neumaier summation keeps the low-order bits that plain summation rounds away, whichever of the running total and
 * the new term is larger, and starts again from 0 after a reset. Every expected value is exact.
 */
class CompensatedSumTest {

    private static double sum(double... terms) {
        CompensatedSum s = new CompensatedSum();
        for (double t : terms) {
            s.add(t);
        }
        return s.value();
    }

    @Test
    void small_terms_added_to_a_large_total_are_not_lost() {
        // plain summation: 1e16 + 1 rounds to 1e16, so it ends at 0; the lost 1s are carried in the compensation
        assertEquals(0.0, 1e16 + 1.0 + 1.0 - 1e16);
        assertEquals(2.0, sum(1e16, 1.0, 1.0, -1e16));
        assertEquals(-3.0, sum(-1e16, -1.0, -1.0, -1.0, 1e16));
    }

    @Test
    void a_large_term_added_to_a_small_total_keeps_the_small_total() {
        // the term is larger than the running sum: the running sum's bits are the ones rounded away
        assertEquals(3.0, sum(1.0, 2.0, 1e100, -1e100));
        assertEquals(-0.5, sum(-0.5, 1e17, -1e17));
    }

    @Test
    void a_sum_of_many_tenths_is_the_correctly_rounded_total() {
        CompensatedSum s = new CompensatedSum();
        for (int i = 0; i < 1_000_000; i++) {
            s.add(0.1);
        }
        // 10^6 times the double nearest 0.1, rounded once
        assertEquals(new BigDecimal(0.1).multiply(BigDecimal.valueOf(1_000_000)).doubleValue(),
                s.value());
    }

    @Test
    void a_reset_sum_starts_from_zero() {
        CompensatedSum s = new CompensatedSum();
        assertEquals(0.0, s.value());
        s.add(1e16);
        s.add(1.0);
        s.reset();
        assertEquals(0.0, s.value());
        s.add(0.25);
        assertEquals(0.25, s.value());
    }
}
