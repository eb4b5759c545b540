package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * The {@code toString} of a parameterised family, e.g. {@code Gamma(concentration=2.0, rate=3.0)} or
 * {@code Dirichlet(concentration=[1.0, 2.0, 3.0])}: values for scalars and short vectors, the shape otherwise, so
 * that a message naming a distribution stays one readable line.
 */
final class ParameterText {

    /** Vectors up to this length are printed in full. */
    private static final int MAX_PRINTED = 8;

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
            out.append(namesAndValues[i]).append('=').append(valueText((Tensor) namesAndValues[i + 1]));
        }
        return out.append(')').toString();
    }

    private static String valueText(Tensor value) {
        if (value.rank() == 0) {
            return Double.toString(value.item());
        }
        if (value.rank() == 1 && value.numElements() <= MAX_PRINTED) {
            return Arrays.toString(value.toArray());
        }
        return "shape " + Arrays.toString(value.shape());
    }
}
