package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * How a distribution's {@code toString} shows a parameter: the number for a scalar, the nested values for a small
 * vector or matrix, and only the shape otherwise, so that a message naming a distribution stays one readable line.
 */
final class ParameterText {

    /** Larger tensors are shown by their shape: a message with hundreds of numbers helps nobody. */
    private static final int MAX_SHOWN = 16;

    private ParameterText() {
    }

    /** {@return e.g. {@code 0.3}, {@code [0.1, 0.9]}, {@code [[1.0, 0.0], [0.5, 2.0]]} or {@code shape [100, 3]}} */
    static String of(Tensor value) {
        if (value.rank() == 0) {
            return Double.toString(value.item());
        }
        if (value.numElements() > MAX_SHOWN || value.rank() > 2) {
            return "shape " + Arrays.toString(value.shape());
        }
        if (value.rank() == 1) {
            return Arrays.toString(value.toArray());
        }
        StringBuilder text = new StringBuilder("[");
        double[][] rows = value.toRows();
        for (int i = 0; i < rows.length; i++) {
            text.append(i == 0 ? "" : ", ").append(Arrays.toString(rows[i]));
        }
        return text.append(']').toString();
    }
}
