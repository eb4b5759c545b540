package dev.trellis.runtime.optim;

import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The state Adam-family optimizers keep per parameter: the first and second moments after
 * {@code step} updates. {@link Adam} and {@link ClippedAdam} update them with different arithmetic
 * but save and restore them alike, under torch's slot names.
 *
 * @param m the first moment (torch's {@code exp_avg})
 * @param v the second moment ({@code exp_avg_sq})
 * @param step how many updates made them
 */
record AdamMoments(double[] m, double[] v, int step) {

    private static final Set<String> SLOTS = Set.of("exp_avg", "exp_avg_sq", "step");

    /** {@return the moments as named slots, in torch's order} */
    Map<String, Tensor> slots() {
        Map<String, Tensor> slots = new LinkedHashMap<>();
        slots.put("exp_avg", Tensor.vector(m));
        slots.put("exp_avg_sq", Tensor.vector(v));
        slots.put("step", Tensor.scalar(step));
        return slots;
    }

    /**
     * The moments {@link #slots()} gave, back.
     *
     * @throws IllegalArgumentException naming the parameter and slot if one is missing, malformed,
     *     or the two moments differ in length
     */
    static AdamMoments fromSlots(String parameter, Map<String, Tensor> slots) {
        PerParameterOptimizer.requireSlots(parameter, slots, SLOTS);
        double[] m = PerParameterOptimizer.slot(parameter, slots, "exp_avg");
        double[] v = PerParameterOptimizer.slot(parameter, slots, "exp_avg_sq");
        if (m.length != v.length) {
            throw new IllegalArgumentException("optimizer state of parameter '" + parameter + "': exp_avg has "
                    + m.length + " entries, exp_avg_sq " + v.length);
        }
        return new AdamMoments(m, v, PerParameterOptimizer.count(parameter, slots, "step"));
    }

    /**
     * {@return the moments one update after {@code state}, to be filled in: copies of its m and v (zeros of
     * {@code size} before the first update) and its step plus one} The copies keep {@code state} as it was, so a
     * step that is not committed leaves it untouched.
     */
    static AdamMoments next(@Nullable AdamMoments state, int size) {
        return state == null ? new AdamMoments(new double[size], new double[size], 1)
                : new AdamMoments(state.m.clone(), state.v.clone(), state.step + 1);
    }

    /** {@return whether these moments can update a parameter of {@code size} entries} */
    boolean fits(int size) {
        return m.length == size;
    }
}
