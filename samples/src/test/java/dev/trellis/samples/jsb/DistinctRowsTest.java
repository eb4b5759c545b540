package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class DistinctRowsTest {

    @Test
    void rows_are_numbered_in_order_of_first_appearance_and_repeats_share_a_number() {
        double[] rows = {
            0, 1, 0,
            1, 1, 0,
            0, 1, 0,
            0, 0, 0,
            1, 1, 0,
            0, 1, 0,
        };
        int[] distinct = DistinctRows.of(rows, 6, 3);
        assertArrayEquals(new int[] {0, 1, 0, 2, 1, 0}, distinct);
        assertArrayEquals(new int[] {0, 1, 3}, DistinctRows.firstOccurrences(distinct));
    }

    @Test
    void rows_that_differ_in_any_entry_stay_apart() {
        double[] rows = {0.5, 1, 0.5, 1.0000000000000002, -0.0, 0, 0, 0};
        int[] distinct = DistinctRows.of(rows, 4, 2);
        assertArrayEquals(new int[] {0, 1, 2, 3}, distinct);
        assertArrayEquals(new int[] {0, 1, 2, 3}, DistinctRows.firstOccurrences(distinct));
    }
}
