package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * How a distribution's {@code toString} shows its parameters: the number for a scalar, the nested values for a small
 * vector or matrix, and only the shape otherwise, so that a message naming a distribution stays one readable line,
 * e.g. {@code Gamma(concentration=2.0, rate=3.0)} or {@code Dirichlet(concentration=[1.0, 2.0, 3.0])}.
 */
final class ParameterText {
    /** Larger tensors are shown by their shape: a message with hundreds of numbers helps nobody. */
    private static final int MAX_SHOWN = 16;

    private ParameterText() {
    }

    /**
     * Describes a distribution by its family name and parameters.
     *
     * @param family e.g. {@code Gamma}
     * @param namesAndValues alternating parameter names (String) and values (Tensor)
     */
    static String describe(String family, Object... namesAndValues) {
        StringBuilder out = new StringBuilder(family).append('(');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(namesAndValues[i]).append('=').append(of((Tensor) namesAndValues[i + 1]));
        }
        return out.append(')').toString();
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
