package dev.trellis.runtime.nn;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A network building block, as torch's {@code nn.Module}: named {@link Parameter}s and named child modules,
 * registered in the constructor, and a forward computation that subclasses define with whatever signature they
 * need ({@link Layer} for one tensor in and one out).
 *
 * <p>A user's network extends this class and registers its parts in its constructor, in the order torch's
 * {@code __init__} would assign them:
 * <pre>{@code
 * final class Emitter extends Module {
 *     private final Linear hidden;
 *     private final Linear out;
 *     Emitter(int z, int h, int x, Rng rng) {
 *         hidden = addModule("lin_hidden", new Linear(z, h, rng));
 *         out = addModule("lin_out", new Linear(h, x, rng));
 *     }
 *     Tensor forward(Tensor zt) { return out.forward(hidden.forward(zt).relu()); }
 * }
 * }</pre>
 *
 * <p>{@link #namedParameters()} lists the parameters as torch's {@code named_parameters()} does: the module's own
 * parameters first, in registration order, then each child's (recursively, with the child's name and a dot in
 * front: {@code lin_hidden.weight}, {@code 0.bias} in a {@link Sequential}); a parameter or module reachable twice
 * is listed once, under its first name. Those paths are the names under which {@code SampleContext.module} keeps
 * the parameters in the {@link ParamStore} ({@code <module name>$$$<path>}, Pyro's naming).
 *
 * <p><b>Threads.</b> The structure is fixed once the constructor returns; only parameter values change. Forward
 * passes only read them, so any number of threads may run forward passes at once. Binding a module to a run (which
 * {@code SampleContext.module} does at the start of each run) replaces every value, so two programs that run at the
 * same time must not share a module instance.
 *
 * <p>So a module is thread-safe for forward passes, and not for runs that bind it at the same time.
 */
public abstract class Module {

    /** Pyro's separator between a module's name and a parameter path in the parameter store. */
    public static final String STORE_SEPARATOR = "$$$";

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /** For subclasses, which register their parameters and children in their constructors. */
    protected Module() {
    }

    /**
     * Registers a parameter of this module, as torch's {@code register_parameter}.
     *
     * @param name a name unique among this module's parameters and children, without dots
     * @param initial the initial value, finite
     * @return the parameter, whose value the module's forward reads
     * @throws IllegalArgumentException if the name is taken or invalid, or the value not finite
     */
    protected final Parameter addParameter(String name, Tensor initial) {
        checkNewName(name);
        Parameter parameter = new Parameter(name, initial);
        parameters.put(name, parameter);
        return parameter;
    }

    /**
     * Registers a child module, as torch's {@code add_module} (or assigning a module to an attribute).
     *
     * @param name a name unique among this module's parameters and children, without dots
     * @param child the child
     * @return {@code child}
     * @throws IllegalArgumentException if the name is taken or invalid, or the child is this module
     */
    protected final <M extends Module> M addModule(String name, M child) {
        checkNewName(name);
        if (child == this) {
            throw new IllegalArgumentException("module '" + name + "' cannot be its own child");
        }
        children.put(name, child);
        return child;
    }

    /** {@return the direct children by name, in registration order} */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * {@return every parameter of this module and its descendants by dotted path, in torch's
     * {@code named_parameters()} order}
     */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect("", this, named, Collections.newSetFromMap(new IdentityHashMap<>()),
                Collections.newSetFromMap(new IdentityHashMap<>()));
        return Collections.unmodifiableMap(named);
    }

    private static void collect(String prefix, Module module, Map<String, Parameter> named, Set<Module> seenModules,
            Set<Parameter> seenParameters) {
        if (!seenModules.add(module)) {
            return;
        }
        module.parameters.forEach((name, parameter) -> {
            if (seenParameters.add(parameter)) {
                named.put(prefix + name, parameter);
            }
        });
        module.children.forEach((name, child) -> collect(prefix + name + ".", child, named, seenModules,
                seenParameters));
    }

    /**
     * Returns one parameter by its path.
     *
     * @param path a path as {@link #namedParameters()} lists it, e.g. {@code net.0.weight}
     * @throws IllegalArgumentException naming the path and listing the paths there are
     */
    public final Parameter parameter(String path) {
        Parameter parameter = namedParameters().get(path);
        if (parameter == null) {
            throw new IllegalArgumentException("no parameter '" + path + "' in " + getClass().getSimpleName()
                    + "; its parameters are " + namedParameters().keySet());
        }
        return parameter;
    }

    /** {@return the current value of every parameter by path, in {@link #namedParameters()} order} */
    public final Map<String, Tensor> parameterValues() {
        Map<String, Tensor> values = new LinkedHashMap<>();
        namedParameters().forEach((path, parameter) -> values.put(path, parameter.value()));
        return Collections.unmodifiableMap(values);
    }

    /**
     * Sets parameters explicitly, all or nothing: every value is checked before any is installed.
     *
     * @param values new values by path; paths not listed keep their values
     * @throws IllegalArgumentException naming the path if one is unknown, or a value has the wrong shape or an entry
     *     that is not finite; no parameter changes then
     */
    public final void setParameters(Map<String, Tensor> values) {
        Map<String, Parameter> named = namedParameters();
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(named.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no parameters " + unknown + " in " + getClass().getSimpleName()
                    + "; its parameters are " + named.keySet());
        }
        List<Runnable> installs = new ArrayList<>();
        values.forEach((path, value) -> {
            Parameter parameter = named.get(path);
            Tensor checked = parameter.checked(path, value);
            installs.add(() -> parameter.set(checked));
        });
        installs.forEach(Runnable::run);
    }

    /**
     * Makes every parameter a fresh autodiff leaf with its current values, for gradients outside a program run (a
     * run binds its own leaves).
     *
     * @return the leaves by path, in {@link #namedParameters()} order; pass them to {@code Gradients.of}
     */
    public final Map<String, Tensor> requireGrad() {
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        namedParameters().forEach((path, parameter) -> {
            Tensor leaf = Tensor.variable(parameter.value());
            parameter.set(leaf);
            leaves.put(path, leaf);
        });
        return Collections.unmodifiableMap(leaves);
    }

    /**
     * Sets every parameter to the value a parameter store holds for it under {@code name} (as constants), e.g. to
     * use trained networks outside training.
     *
     * @param store the store, holding {@code <name>$$$<path>} for every path
     * @param name the name the module was registered under ({@code SampleContext.module(name, module)})
     * @throws IllegalArgumentException naming the store entry if it is missing or has another shape
     */
    public final void loadFrom(ParamStore store, String name) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (String path : namedParameters().keySet()) {
            values.put(path, store.unconstrained(storeName(name, path)));
        }
        setParameters(values);
    }

    /**
     * The name under which a module's parameter lives in the parameter store: {@code <module>$$$<path>}, as Pyro's
     * {@code param_with_module_name}.
     *
     * @throws IllegalArgumentException if the module name is empty or contains {@value #STORE_SEPARATOR}
     */
    public static String storeName(String moduleName, String path) {
        if (moduleName.isEmpty() || moduleName.contains(STORE_SEPARATOR)) {
            throw new IllegalArgumentException("module name '" + moduleName + "' must be non-empty and must not "
                    + "contain '" + STORE_SEPARATOR + "'");
        }
        return moduleName + STORE_SEPARATOR + path;
    }

    private void checkNewName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid parameter or module name: it must be "
                    + "non-empty and must not contain '.'");
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a parameter or module named '"
                    + name + "'");
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(getClass().getSimpleName()).append('(');
        String separator = "";
        for (Map.Entry<String, Parameter> entry : namedParameters().entrySet()) {
            text.append(separator).append(entry.getKey()).append(Arrays.toString(entry.getValue().shape()));
            separator = ", ";
        }
        return text.append(')').toString();
    }
}
