package dev.trellis.runtime.params;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Named learned parameters, each kept as an unconstrained tensor together with the constraint its
 * constrained value must satisfy (as Pyro's param store keeps {@code pyro.param} values).
 *
 * <p>The store holds an immutable snapshot and replaces it whole on every change, so readers never
 * see a half-applied update and an optimizer step is installed atomically with
 * {@link #update(Map)}. {@link ParamStoreFile} saves and loads it.
 *
 * <p>Thread-safe: reads see one immutable snapshot, and changes are serialised. A training step reads the values it
 * started from and installs its update whole, so reading the store while another thread trains gives the values of
 * some completed step.
 */
public final class ParamStore {

    /** One parameter: its unconstrained value and its constraint. */
    public record Entry(Tensor unconstrained, Constraint constraint) {
        public Entry {
            Objects.requireNonNull(unconstrained, "unconstrained");
            Objects.requireNonNull(constraint, "constraint");
        }
    }

    private volatile Map<String, Entry> entries = Map.of();

    /** Whether a parameter of that name exists. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The names of all parameters, in the order they were defined. */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * The parameter's entry.
     *
     * @throws IllegalArgumentException naming the parameter if there is none, and the ones there are
     */
    public Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; the store holds " + entries.keySet());
        }
        return entry;
    }

    /** The parameter's unconstrained value. */
    public Tensor unconstrained(String name) {
        return entry(name).unconstrained();
    }

    /** Every parameter's unconstrained value, by name, in definition order. */
    public Map<String, Tensor> unconstrainedValues() {
        var values = new LinkedHashMap<String, Tensor>();
        entries.forEach((name, entry) -> values.put(name, entry.unconstrained()));
        return Collections.unmodifiableMap(values);
    }

    /**
     * The parameter's constrained value, as {@code pyro.param(name)} returns it: the unconstrained value mapped
     * through {@code transform_to(constraint)} (exp for {@code positive}, softmax for {@code simplex}, ...), detached.
     *
     * @throws IllegalArgumentException naming the parameter if there is none, and the ones there are
     */
    public Tensor constrained(String name) {
        return constrained(entry(name));
    }

    /**
     * Every parameter's constrained value (see {@link #constrained(String)}), by name, in definition order, all read
     * from one snapshot of the store.
     */
    public Map<String, Tensor> constrainedValues() {
        var values = new LinkedHashMap<String, Tensor>();
        entries.forEach((name, entry) -> values.put(name, constrained(entry)));
        return Collections.unmodifiableMap(values);
    }

    private static Tensor constrained(Entry entry) {
        return ConstraintTransforms.transformTo(entry.constraint()).forward(entry.unconstrained()).detach();
    }

    /**
     * Defines a parameter, or returns the existing one (as {@code pyro.param} does when the name is
     * taken: the stored value wins over the initial one).
     *
     * @param initialUnconstrained the unconstrained value to start from; every entry finite
     * @throws IllegalArgumentException if the name exists with another constraint, or the value is not finite
     */
    public synchronized Entry define(String name, Tensor initialUnconstrained, Constraint constraint) {
        Entry existing = entries.get(name);
        if (existing != null) {
            if (!existing.constraint().equals(constraint)) {
                throw new IllegalArgumentException("parameter '" + name + "' exists with constraint "
                        + existing.constraint().spec() + ", not " + constraint.spec());
            }
            return existing;
        }
        requireFinite(name, initialUnconstrained);
        var next = new LinkedHashMap<>(entries);
        Entry entry = new Entry(initialUnconstrained, constraint);
        next.put(name, entry);
        entries = Collections.unmodifiableMap(next);
        return entry;
    }

    /**
     * Replaces the unconstrained values of existing parameters, all at once: either every value in
     * {@code values} is installed or, if any is invalid, none is.
     *
     * @throws IllegalArgumentException naming the parameter if one is unknown, changes shape, or is not finite
     */
    public synchronized void update(Map<String, Tensor> values) {
        var next = new LinkedHashMap<>(entries);
        for (Map.Entry<String, Tensor> value : values.entrySet()) {
            Entry current = entry(value.getKey());
            if (!Arrays.equals(current.unconstrained().shape(), value.getValue().shape())) {
                throw new IllegalArgumentException("parameter '" + value.getKey() + "' has shape "
                        + Arrays.toString(current.unconstrained().shape()) + ", the update has shape "
                        + Arrays.toString(value.getValue().shape()));
            }
            requireFinite(value.getKey(), value.getValue());
            next.put(value.getKey(), new Entry(value.getValue(), current.constraint()));
        }
        entries = Collections.unmodifiableMap(next);
    }

    /** Removes every parameter (as {@code pyro.clear_param_store()}). */
    public synchronized void clear() {
        entries = Map.of();
    }

    /** An immutable copy of every entry, in definition order. */
    public Map<String, Entry> snapshot() {
        return entries;
    }

    /** Replaces the whole content with a snapshot (e.g. one read by {@link ParamStoreFile#load}). */
    public synchronized void restore(Map<String, Entry> snapshot) {
        var next = new LinkedHashMap<String, Entry>();
        snapshot.forEach((name, entry) -> {
            requireFinite(name, entry.unconstrained());
            next.put(name, entry);
        });
        entries = Collections.unmodifiableMap(next);
    }

    private static void requireFinite(String name, Tensor value) {
        double[] data = value.valuesWithoutCopy();
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("parameter '" + name + "' would hold " + data[i] + " at index " + i
                        + "; parameters must be finite");
            }
        }
    }
}
