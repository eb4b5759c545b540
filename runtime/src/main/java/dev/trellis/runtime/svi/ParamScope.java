package dev.trellis.runtime.svi;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import dev.trellis.runtime.transforms.Transform;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parameters as one step of inference sees them: each stored unconstrained value becomes one autodiff leaf for
 * the whole step (shared by every particle, the model and the guide), and its constrained value is
 * {@code transform_to(constraint)} of that leaf, as Pyro's param store does.
 *
 * <p>A parameter met for the first time is defined in the store from its constrained initial value through the
 * inverse transform. New definitions are the only change a scope makes to the store; updates are
 * {@link Svi}'s, after the whole step has succeeded.
 *
 * <p>Not thread-safe: it belongs to one step, which fills it as its programs read parameters; the store behind it is
 * thread-safe.
 */
public final class ParamScope {

    private final ParamStore store;
    private final Map<String, Tensor> leaves = new LinkedHashMap<>();
    private final Map<String, Tensor> constrained = new LinkedHashMap<>();

    public ParamScope(ParamStore store) {
        this.store = store;
    }

    /**
     * Returns the constrained value of a parameter, defining it from {@code initial} (called only then) if the store
     * lacks it.
     *
     * @throws IllegalArgumentException naming the parameter if {@code initial} violates the constraint, or the
     *     parameter exists with another constraint
     */
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        Tensor known = constrained.get(name);
        if (known != null) {
            checkedEntry(name, constraint);
            return known;
        }
        Transform transform = ConstraintTransforms.transformTo(constraint);
        if (!store.contains(name)) {
            Tensor start = initial.get();
            if (!constraint.isSatisfiedBy(start)) {
                throw new IllegalArgumentException("initial value of parameter '" + name + "' violates "
                        + constraint.spec() + " at flat index " + constraint.firstViolation(start).getAsInt()
                        + ": " + start);
            }
            store.define(name, transform.inverse(start.detach()).detach(), constraint);
        }
        ParamStore.Entry entry = checkedEntry(name, constraint);
        Tensor leaf = Tensor.variable(entry.unconstrained());
        Tensor value = transform.forward(leaf);
        leaves.put(name, leaf);
        constrained.put(name, value);
        return value;
    }

    /**
     * Returns a value an estimator keeps in the store between steps without training it, such as
     * {@link TraceGraphElbo}'s decaying-average baselines (Pyro keeps those in its param store too): the stored value,
     * read as a constant with no autodiff leaf (so no optimizer ever sees it), or {@code initial} when the store has
     * none yet. Nothing is stored here: the estimator returns the new value in {@link ElboEstimate#stateUpdates()} and
     * {@link Svi} stores it after a successful step, on the reals.
     *
     * @throws IllegalArgumentException naming it if a parameter of that name exists with another constraint
     */
    public Tensor state(String name, Supplier<Tensor> initial) {
        if (!store.contains(name)) {
            return initial.get().detach();
        }
        return checkedEntry(name, new Constraint.Real()).unconstrained().detach();
    }

    /** {@return the stored entry of a parameter, after checking that it was defined with {@code constraint}} */
    private ParamStore.Entry checkedEntry(String name, Constraint constraint) {
        ParamStore.Entry entry = store.entry(name);
        if (!entry.constraint().equals(constraint)) {
            throw new IllegalArgumentException("parameter '" + name + "' is used with constraint " + constraint.spec()
                    + " but was defined with " + entry.constraint().spec());
        }
        return entry;
    }

    /** {@return the autodiff leaf of every parameter read in this scope, by name, in first-use order} */
    public Map<String, Tensor> leaves() {
        return Collections.unmodifiableMap(leaves);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ParamScope{");
        leaves.forEach((name, leaf) -> text.append(name).append(Arrays.toString(leaf.shape())).append(' '));
        return text.append('}').toString();
    }
}
