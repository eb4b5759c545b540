package dev.trellis.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.lang.reflect.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness passes a case's data to whatever container a generated parameter declares, without changing values. */
class TypedArgumentsTest {

    @SuppressWarnings("unused")
    private static void signature(List<int[]> sequences, List<double[][]> tones, double[] values, int[][] ragged,
            Tensor block, int scalar) {}

    private static Type parameter(int index) throws NoSuchMethodException {
        return TypedArgumentsTest.class.getDeclaredMethod("signature", List.class, List.class, double[].class,
                int[][].class, Tensor.class, int.class).getGenericParameterTypes()[index];
    }

    @Test
    void the_declared_form_passes_unchanged() throws Exception {
        int[][] ragged = {{1, 2}, {3}};
        assertSame(ragged, TypedArguments.convert(ragged, parameter(3), "y"));
    }

    @Test
    void lists_and_arrays_convert_level_by_level() throws Exception {
        Object sequences = TypedArguments.convert(new int[][] {{1, 2}, {}}, parameter(0), "y");
        assertTrue(sequences instanceof List<?>);
        assertArrayEquals(new int[] {1, 2}, (int[]) ((List<?>) sequences).get(0));
        assertEquals(0, ((int[]) ((List<?>) sequences).get(1)).length);

        Object ragged = TypedArguments.convert(List.of(new int[] {4}, new int[] {5, 6}), parameter(3), "y");
        assertArrayEquals(new int[][] {{4}, {5, 6}}, (int[][]) ragged);

        Object tones = TypedArguments.convert(List.<int[][]>of(new int[][] {{1, 0}}), parameter(1), "y");
        assertArrayEquals(new double[][] {{1, 0}}, (double[][]) ((List<?>) tones).get(0));

        assertArrayEquals(new double[] {1.5, 2.0}, (double[]) TypedArguments.convert(List.of(1.5, 2.0), parameter(2),
                "x"));
    }

    @Test
    void a_block_becomes_a_tensor_and_a_number_an_int_when_it_is_one() throws Exception {
        Tensor block = (Tensor) TypedArguments.convert(new double[][] {{1, 0, 1}}, parameter(4), "y");
        assertArrayEquals(new int[] {1, 3}, block.shape());
        assertEquals(2, TypedArguments.convert(2.0, parameter(5), "d"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TypedArguments.convert(2.5, parameter(5), "d"));
        assertTrue(e.getMessage().contains("2.5 is not an int"), e.getMessage());
    }
}
