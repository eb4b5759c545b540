package dev.trellis.samples.jsb;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;

/** Checks the tables handed to a {@link JsbModel} before any arithmetic, so a bad table is named, not a NaN loss. */
final class JsbParameterChecks {
    private JsbParameterChecks() {}

    /**
     * @throws IllegalArgumentException naming the model, the parameter and, for a value outside its constraint, the
     *     index and the value
     */
    static void require(JsbModel model, Map<String, Tensor> params, int tones) {
        for (JsbModel.Parameter parameter : model.parameters(tones)) {
            Tensor value = params.get(parameter.name());
            String where = model.id() + " parameter '" + parameter.name() + "'";
            if (value == null) {
                throw new IllegalArgumentException(where + " is missing; the model needs " + names(model, tones));
            }
            if (!Arrays.equals(value.shape(), parameter.shape())) {
                throw new IllegalArgumentException(where + " has shape " + Arrays.toString(value.shape()) + ", expected "
                        + Arrays.toString(parameter.shape()));
            }
            OptionalInt bad = parameter.constraint().firstViolation(value.detach());
            if (bad.isPresent()) {
                int[] index = unravel(bad.getAsInt(), parameter.shape());
                throw new IllegalArgumentException(where + " entry " + Arrays.toString(index) + " = "
                        + value.get(index) + " violates the constraint " + parameter.constraint().spec()
                        + (parameter.constraint().eventDim() == 1 ? " (each row along the last dimension must be "
                        + "non-negative and sum to 1)" : ""));
            }
        }
    }

    private static String names(JsbModel model, int tones) {
        return model.parameters(tones).stream().map(JsbModel.Parameter::name).toList().toString();
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
