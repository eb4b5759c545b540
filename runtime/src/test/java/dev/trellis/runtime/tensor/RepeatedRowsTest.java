package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RepeatedRows} against a numbering by pairwise comparison of the rows. */
class RepeatedRowsTest {

    /** The numbering by comparing every row with every earlier one. */
    private static int[] naive(double[] values, int rows, int width) {
        int[] slot = new int[rows];
        int[] first = new int[rows];
        int slots = 0;
        for (int r = 0; r < rows; r++) {
            slot[r] = -1;
            for (int s = 0; s < slots && slot[r] < 0; s++) {
                if (Arrays.equals(values, first[s] * width, (first[s] + 1) * width, values, r * width,
                        (r + 1) * width)) {
                    slot[r] = s;
                }
            }
            if (slot[r] < 0) {
                first[slots] = r;
                slot[r] = slots++;
            }
        }
        return slot;
    }

    @Test
    void rows_are_numbered_in_order_of_first_appearance_as_by_pairwise_comparison() {
        SplittableRandom random = new SplittableRandom(3);
        for (int rows : new int[] {0, 1, 2, 17, 300}) {
            for (int width : new int[] {1, 3, 51}) {
                // few distinct values: many repeats, and rows that differ in one entry only
                double[] values = new double[rows * width];
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextInt(width == 1 ? 5 : 2);
                }
                RepeatedRows repeats = RepeatedRows.of(values, rows, width);
                int[] expected = naive(values, rows, width);
                assertArrayEquals(expected, repeats.slotOfRow(), rows + " x " + width);
                assertEquals(Arrays.stream(expected).distinct().count(), repeats.distinct(), rows + " x " + width);
                for (int s = 0; s < repeats.distinct(); s++) {
                    int slot = s;
                    int first = repeats.firstRows()[s];
                    assertTrue(expected[first] == s && Arrays.stream(expected).limit(first).noneMatch(e -> e == slot));
                }
                assertTrue(repeats.holdsFor(values, width));
            }
        }
    }

    @Test
    void signed_zeros_differ_and_nans_are_one_value() {
        double nan = Double.longBitsToDouble(0x7ff8000000000001L);
        double[] values = {0.0, -0.0, 0.0, Double.NaN, nan};
        assertArrayEquals(new int[] {0, 1, 0, 2, 2}, RepeatedRows.of(values, 5, 1).slotOfRow());
    }

    @Test
    void a_numbering_holds_for_another_matrix_only_where_its_repeats_repeat_there() {
        double[] values = {1, 2, 1, 2, 3, 4};
        RepeatedRows repeats = RepeatedRows.of(values, 3, 2);
        assertTrue(repeats.holdsFor(new double[] {5, 6, 5, 6, 5, 6}, 2), "more repeats only forgo sharing");
        assertFalse(repeats.holdsFor(new double[] {5, 6, 5, 7, 5, 6}, 2));
        assertFalse(repeats.holdsFor(new double[] {5, 6, 5, 6}, 2));
    }

    @Test
    void rows_of_notes_are_numbered_in_order_of_first_appearance_and_repeats_share_a_number() {
        double[] rows = {
            0, 1, 0,
            1, 1, 0,
            0, 1, 0,
            0, 0, 0,
            1, 1, 0,
            0, 1, 0,
        };
        RepeatedRows repeats = RepeatedRows.of(rows, 6, 3);
        assertArrayEquals(new int[] {0, 1, 0, 2, 1, 0}, repeats.slotOfRow());
        assertArrayEquals(new int[] {0, 1, 3}, repeats.firstRows());
    }

    @Test
    void rows_that_differ_in_any_entry_stay_apart() {
        double[] rows = {0.5, 1, 0.5, 1.0000000000000002, -0.0, 0, 0, 0};
        RepeatedRows repeats = RepeatedRows.of(rows, 4, 2);
        assertArrayEquals(new int[] {0, 1, 2, 3}, repeats.slotOfRow());
        assertArrayEquals(new int[] {0, 1, 2, 3}, repeats.firstRows());
    }
}
