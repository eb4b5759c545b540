package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rows of a shared tensor as a distribution's parameter: the gather they stand for, the checks on the rows, and a
 * Bernoulli given them behaving as one given the gathered tensor (its NaN message included).
 */
class SharedRowsTest {

    private final SplittableRandom random = new SplittableRandom(41);

    private Tensor source(int rows, int width) {
        return Tensor.of(random.doubles(rows * width, -3, 3).toArray(), rows, width);
    }

    @Test
    void the_tensor_is_the_gather_of_the_rows_made_once() {
        Tensor source = source(5, 3);
        int[] rows = {4, 0, 4, 2};
        SharedRows shared = SharedRows.of(source, rows, 2, 2, 3);
        assertArrayEquals(source.index(0, rows).reshape(2, 2, 3).toArray(), shared.tensor().toArray(), 0.0);
        assertArrayEquals(new int[] {2, 2, 3}, shared.tensor().shape());
        assertSame(shared.tensor(), shared.tensor());
        assertEquals(4, shared.rowCount());
        assertEquals(3, shared.rowSize());
        assertEquals(2, shared.sourceRow(3));
        rows[0] = 1;
        assertEquals(4, shared.sourceRow(0), "the indices are copied in");
    }

    @Test
    void rows_outside_the_source_or_a_shape_they_do_not_fill_are_refused() {
        Tensor source = source(3, 2);
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> SharedRows.of(source, new int[] {0, 3}, 2, 2));
        assertEquals("rows[1] = 3 is outside [0, 3), the rows of a source of shape [3, 2]", outside.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> SharedRows.of(source, new int[] {0, 1}, 2, 3));
        assertEquals("2 rows of 2 elements (a source of shape [3, 2]) do not fill shape [2, 3]", shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedRows.of(Tensor.scalar(1), new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> SharedRows.of(source, new int[] {-1}, 2));
    }

    @Test
    void a_bernoulli_of_shared_rows_is_the_bernoulli_of_the_gathered_logits() {
        Tensor source = Tensor.variable(source(4, 3));
        SharedRows shared = SharedRows.of(source, new int[] {3, 1, 3}, 3, 3);
        Bernoulli ofRows = Bernoulli.ofLogits(shared);
        Bernoulli ofTensor = Bernoulli.ofLogits(shared.tensor());
        assertSame(shared, ofRows.logitRows().orElseThrow());
        assertTrue(ofTensor.logitRows().isEmpty());
        assertArrayEquals(new int[] {3, 3}, ofRows.batchShape());
        Tensor value = Tensor.of(new double[] {1, 0, 0, 1, 1, 0, 0, 0, 1}, 3, 3);
        assertArrayEquals(ofTensor.logProb(value).toArray(), ofRows.logProb(value).toArray(), 0.0);
        assertArrayEquals(ofTensor.probs().toArray(), ofRows.probs().toArray(), 0.0);
        assertArrayEquals(ofTensor.entropy().toArray(), ofRows.entropy().toArray(), 0.0);
        assertArrayEquals(ofTensor.sample(Rng.seeded(5)).toArray(), ofRows.sample(Rng.seeded(5)).toArray(), 0.0);
        assertEquals(ofTensor.toString(), ofRows.toString());
        // the gradient reaches the source through the gather; row 3 read twice gets both rows' shares
        Tensor expected = Autodiff.gradients(ofTensor.logProb(value).sum()).of(source);
        Tensor fromRows = Autodiff.gradients(ofRows.logProb(value).sum()).of(source);
        assertArrayEquals(expected.toArray(), fromRows.toArray(), 0.0);
    }

    @Test
    void a_nan_among_the_rows_is_named_as_in_the_gathered_logits() {
        double[] values = random.doubles(12, -1, 1).toArray();
        values[2 * 3 + 1] = Double.NaN;   // source row 2, member 1
        Tensor source = Tensor.of(values, 4, 3);
        int[] rows = {0, 3, 2, 2};   // first met at gathered row 2: flat index 7
        IllegalArgumentException fromRows = assertThrows(IllegalArgumentException.class,
                () -> Bernoulli.ofLogits(SharedRows.of(source, rows, 4, 3)));
        IllegalArgumentException fromTensor = assertThrows(IllegalArgumentException.class,
                () -> Bernoulli.ofLogits(source.index(0, rows)));
        assertEquals("Bernoulli: parameter logits[7] = NaN is outside real", fromRows.getMessage());
        assertEquals(fromTensor.getMessage(), fromRows.getMessage());
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> Bernoulli.ofLogits(SharedRows.of(Tensor.of(new double[] {0.5, Double.NaN}, 2, 1),
                        new int[] {1})));
        assertEquals("Bernoulli: parameter logits = NaN is outside real", scalar.getMessage());
        // rows without the NaN are accepted, and infinite logits are real
        values[0] = Double.POSITIVE_INFINITY;
        Bernoulli.ofLogits(SharedRows.of(Tensor.of(values, 4, 3), new int[] {0, 3, 1}, 3, 3));
    }

    @Test
    void rows_read_as_consecutive_ranges_still_name_the_first_nan_in_the_gathered_order() {
        // the new rows in the order met: 4, 5, 6 (one range), then 0, 1, then 2 (another), with repeats between
        int[] rows = {4, 5, 4, 6, 0, 1, 5, 2, 6};
        for (int[] nans : new int[][] {{6 * 2 + 1, 1 * 2}, {1 * 2 + 1}, {2 * 2}, {5 * 2, 0}, {4 * 2 + 1, 4 * 2}}) {
            double[] values = random.doubles(14, -1, 1).toArray();
            for (int at : nans) {
                values[at] = Double.NaN;
            }
            Tensor source = Tensor.of(values, 7, 2);
            IllegalArgumentException fromRows = assertThrows(IllegalArgumentException.class,
                    () -> Bernoulli.ofLogits(SharedRows.of(source, rows, rows.length, 2)));
            IllegalArgumentException fromTensor = assertThrows(IllegalArgumentException.class,
                    () -> Bernoulli.ofLogits(source.index(0, rows)));
            assertEquals(fromTensor.getMessage(), fromRows.getMessage(), "NaN at " + java.util.Arrays.toString(nans));
        }
        Bernoulli.ofLogits(SharedRows.of(Tensor.of(random.doubles(14, -1, 1).toArray(), 7, 2), rows, rows.length,
                2));
    }

    @Test
    void a_nan_in_a_row_that_is_not_selected_is_not_a_parameter() {
        double[] values = random.doubles(10, -1, 1).toArray();
        values[1 * 2] = Double.NaN;   // source row 1, between the selected rows 0 and 2
        values[4 * 2 + 1] = Double.NaN;   // source row 4, after the last selected
        Bernoulli.ofLogits(SharedRows.of(Tensor.of(values, 5, 2), new int[] {2, 0, 3, 2}, 4, 2));
        SharedRows none = SharedRows.of(Tensor.of(values, 5, 2), new int[0], 0, 2);
        assertEquals(0, none.rowCount());
        Bernoulli.ofLogits(none);
    }

    @Test
    void it_tells_its_shape_and_prints_its_rows() {
        SharedRows rows = SharedRows.of(Tensor.of(new double[16 * 51], 16, 51), new int[] {3, 3, 7}, 3, 51);
        assertTrue(rows.hasShape(new int[] {3, 51}));
        assertFalse(rows.hasShape(new int[] {153}));
        assertEquals("rows [3, 3, 7] of a [16, 51] tensor, as [3, 51]", rows.toString());
    }
}
