package dev.trellis.runtime.optim;

import dev.trellis.runtime.errors.NonFiniteValueException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The shared frame of optimizers that keep separate state per parameter, as torch's do: proposes
 * every update first, checks it, then installs all of them together.
 *
 * @param <S> the per-parameter state (moments, momentum buffers, step counts); treated as immutable
 */
abstract class PerParameterOptimizer<S> implements Optimizer {

    private final Map<String, S> states = new HashMap<>();

    /** One parameter's proposed new value (overwrites the array it was given) and state. */
    record Proposal<S>(double[] value, S state) {}

    /**
     * Computes one parameter's update without touching any field of the optimizer.
     *
     * @param value a fresh copy of the current value; may be overwritten and returned
     * @param gradient a fresh copy of the gradient; may be overwritten
     * @param state the parameter's state after its last step, or null before its first
     */
    abstract Proposal<S> propose(double[] value, double[] gradient, @Nullable S state);

    /** {@return one parameter's state as buffers, for {@link #state()}} */
    abstract List<double[]> save(S state);

    /**
     * {@return one parameter's state read back from {@link #save}}
     *
     * @throws IllegalArgumentException naming the parameter if the buffers do not fit
     */
    abstract S load(String name, List<double[]> buffers);

    /** {@return the optimizer-wide state (none by default)} */
    double[] saveShared() {
        return new double[0];
    }

    /** Restores the optimizer-wide state. */
    void loadShared(double[] shared) {
        if (shared.length != 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " keeps no shared state, got "
                    + shared.length + " values");
        }
    }

    @Override
    public final OptimizerState state() {
        Map<String, List<double[]>> parameters = new TreeMap<>();
        states.forEach((name, state) -> parameters.put(name, save(state)));
        return new OptimizerState(parameters, saveShared());
    }

    @Override
    public final void restore(OptimizerState state) {
        Map<String, S> loaded = new HashMap<>();
        state.parameters().forEach((name, buffers) -> loaded.put(name, load(name, buffers)));
        loadShared(state.shared());
        states.clear();
        states.putAll(loaded);
    }

    /** Checks that a saved parameter has the expected number of buffers. */
    static void requireBuffers(String name, List<double[]> buffers, int count) {
        if (buffers.size() != count) {
            throw new IllegalArgumentException("parameter '" + name + "': " + buffers.size()
                    + " saved optimizer buffers, expected " + count);
        }
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
            double[] g = gradient.toArray();
            requireFinite("gradient", name, g);
            Proposal<S> proposal = propose(value.toArray(), g, states.get(name));
            requireFinite("updated value", name, proposal.value());
            proposals.put(name, proposal);
        }
        // Nothing can fail from here on: install every proposal at once.
        commitStep();
        Map<String, Tensor> updated = new LinkedHashMap<>(parameters);
        proposals.forEach((name, proposal) -> {
            states.put(name, proposal.state());
            updated.put(name, Tensor.of(proposal.value(), parameters.get(name).shape()));
        });
        return updated;
    }

    private static void requireFinite(String what, String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new NonFiniteValueException(what, name, i, values[i]);
            }
        }
    }
}
