package dev.trellis.runtime.optim;

import dev.trellis.runtime.errors.NonFiniteValueException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The shared frame of optimizers that keep separate state per parameter, as torch's do: proposes
 * every update first, checks it, then installs all of them together.
 *
 * @param <S> the per-parameter state (moments, momentum buffers, step counts); treated as immutable
 */
abstract class PerParameterOptimizer<S> implements Optimizer {

    /** Between the slot and the parameter in a state entry's name; a slot name never contains it. */
    static final String SEPARATOR = ":";

    private final Map<String, S> states = new HashMap<>();

    /** One parameter's proposed new value (overwrites the array it was given) and state. */
    record Proposal<S>(double[] value, S state) {}

    /**
     * Computes one parameter's update without touching any field of the optimizer.
     *
     * @param value a fresh copy of the current value; may be overwritten and returned
     * @param gradient the gradient's own elements (no copy): read only
     * @param state the parameter's state after its last step, or null before its first
     */
    abstract Proposal<S> propose(double[] value, double[] gradient, @Nullable S state);

    /** {@return one parameter's state as named slots (torch's names), each a flat vector or a scalar} */
    abstract Map<String, Tensor> encode(S state);

    /**
     * The state {@link #encode} gave, back.
     *
     * @throws IllegalArgumentException naming the parameter and slot if one is missing or malformed
     */
    abstract S decode(String parameter, Map<String, Tensor> slots);

    /** {@return whether {@code state} can update a parameter of {@code size} entries} */
    abstract boolean fits(S state, int size);

    /** {@return state of the whole optimizer rather than of one parameter, by slot name; none by default} */
    Map<String, Tensor> globalState() {
        return Map.of();
    }

    /** Installs what {@link #globalState()} returned; {@code slots} holds exactly its names (checked by the caller). */
    void restoreGlobalState(Map<String, Tensor> slots) {
    }

    /** Called once per step before any proposal, to advance optimizer-wide schedules (learning-rate decay). */
    void beginStep() {
    }

    /** Installs what {@link #beginStep()} computed; runs only when the whole step succeeded. */
    void commitStep() {
    }

    @Override
    public final Map<String, Tensor> step(Map<String, Tensor> parameters, Map<String, Tensor> gradients) {
        beginStep();
        Map<String, Proposal<S>> proposals = new TreeMap<>();
        for (Map.Entry<String, Tensor> entry : new TreeMap<>(parameters).entrySet()) {
            String name = entry.getKey();
            Tensor gradient = gradients.get(name);
            if (gradient == null) {
                continue;
            }
            Tensor value = entry.getValue();
            if (!Arrays.equals(value.shape(), gradient.shape())) {
                throw new IllegalArgumentException("gradient of parameter '" + name + "' has shape "
                        + Arrays.toString(gradient.shape()) + " but the parameter has shape " + Arrays.toString(value.shape()));
            }
            double[] g = gradient.valuesWithoutCopy();   // read only: propose may not write to it
            requireFinite("gradient", name, g);
            S state = states.get(name);
            if (state != null && !fits(state, value.numElements())) {
                throw new IllegalArgumentException("the optimizer's state of parameter '" + name + "' does not fit its "
                        + value.numElements() + " entries (was the state restored from another run?)");
            }
            Proposal<S> proposal = propose(value.toArray(), g, state);
            requireFinite("updated value", name, proposal.value());
            proposals.put(name, proposal);
        }
        // Nothing can fail from here on: install every proposal at once.
        commitStep();
        Map<String, Tensor> updated = new LinkedHashMap<>(parameters);
        proposals.forEach((name, proposal) -> {
            states.put(name, proposal.state());
            // the proposal's value is a fresh array that nothing else holds
            updated.put(name, Tensor.ofWithoutCopy(proposal.value(), parameters.get(name).shape()));
        });
        return updated;
    }

    @Override
    public final Map<String, Tensor> state() {
        Map<String, Tensor> state = new LinkedHashMap<>(globalState());
        new TreeMap<>(states).forEach((parameter, s) ->
                encode(s).forEach((slot, value) -> state.put(slot + SEPARATOR + parameter, value)));
        return Collections.unmodifiableMap(state);
    }

    @Override
    public final void restoreState(Map<String, Tensor> state) {
        Map<String, Tensor> global = new LinkedHashMap<>();
        Map<String, Map<String, Tensor>> slotsByParameter = new TreeMap<>();
        Set<String> globalSlots = globalState().keySet();
        state.forEach((name, value) -> {
            int separator = name.indexOf(SEPARATOR);
            if (separator < 0) {
                if (!globalSlots.contains(name)) {
                    throw new IllegalArgumentException("optimizer state '" + name + "' is not a slot of "
                            + getClass().getSimpleName() + "; its optimizer-wide slots are " + globalSlots);
                }
                global.put(name, value);
            } else {
                slotsByParameter.computeIfAbsent(name.substring(separator + 1), p -> new LinkedHashMap<>())
                        .put(name.substring(0, separator), value);
            }
        });
        if (!global.keySet().equals(globalSlots)) {
            throw new IllegalArgumentException("optimizer state for " + getClass().getSimpleName() + " needs "
                    + globalSlots + ", got " + global.keySet());
        }
        Map<String, S> decoded = new HashMap<>();
        slotsByParameter.forEach((parameter, slots) -> decoded.put(parameter, decode(parameter, slots)));
        // every entry decoded: install all at once
        restoreGlobalState(global);
        states.clear();
        states.putAll(decoded);
    }

    /** A slot's flat values, checked to be finite. */
    static double[] slot(String parameter, Map<String, Tensor> slots, String slot) {
        Tensor value = slots.get(slot);
        if (value == null) {
            throw new IllegalArgumentException("optimizer state of parameter '" + parameter + "' has no '" + slot
                    + "'; it has " + slots.keySet());
        }
        double[] values = value.toArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("optimizer state '" + slot + SEPARATOR + parameter + "' holds "
                        + values[i] + " at index " + i);
            }
        }
        return values;
    }

    /** A slot holding a step count: a non-negative whole number. */
    static int count(String parameter, Map<String, Tensor> slots, String slot) {
        double[] values = slot(parameter, slots, slot);
        if (values.length != 1 || values[0] < 0 || values[0] != Math.rint(values[0]) || values[0] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("optimizer state '" + slot + SEPARATOR + parameter + "' must be one "
                    + "non-negative whole number, got " + Arrays.toString(values));
        }
        return (int) values[0];
    }

    /** Checks that {@code slots} holds exactly {@code expected}. */
    static void requireSlots(String parameter, Map<String, Tensor> slots, Set<String> expected) {
        if (!slots.keySet().equals(expected)) {
            throw new IllegalArgumentException("optimizer state of parameter '" + parameter + "' has slots "
                    + slots.keySet() + ", expected " + expected);
        }
    }

    private static void requireFinite(String what, String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new NonFiniteValueException(what, name, i, values[i]);
            }
        }
    }
}
