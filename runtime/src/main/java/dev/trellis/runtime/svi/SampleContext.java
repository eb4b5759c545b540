package dev.trellis.runtime.svi;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Factor;
import dev.trellis.runtime.nn.Module;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a model or guide program calls while it runs: Pyro's {@code pyro.sample}, {@code pyro.sample(..., obs=)},
 * {@code pyro.param} and {@code pyro.module}. Generated code calls these for the sites of a {@code @Model} or guide
 * class; a hand-written {@link Program} may call them directly.
 *
 * <p>What a call returns depends on who runs the program: running a guide draws latent values, replaying the model
 * against a guide's trace returns the guide's values, and every run records a {@link Trace}.
 *
 * <p>Implementations belong to one run of one program and are not thread-safe; a program that starts threads within a
 * run must not call its context from them.
 */
public interface SampleContext {

    /**
     * The plate {@code name} for this run, as {@code pyro.plate}: all of its members, or a subsample when the inference
     * running the program asked for one (see {@link TraceElbo#withSubsample(String, int)}). Within one run every call
     * for the same plate returns the same members, and a model replaying a guide gets the guide's members.
     *
     * @param name the plate's name
     * @param size the number of members in the full data
     * @param dim the batch dimension the members run along, negative
     */
    Plate plate(String name, int size, int dim);

    /**
     * Whether a ragged chain's sites may be scored over all their steps at once ({@link ChainSteps}): true only for a
     * model replaying a guide's trace for an estimator that reads nothing but each step's log-density at its value,
     * when every value is known before anything is scored. Generated models ask it once per run.
     */
    default boolean scoresChainsAtOnce() {
        return false;
    }

    /**
     * A latent site: returns its value for this run.
     *
     * @param name the site's name, unique in the program
     * @param distribution the site's distribution given the values it depends on
     * @param options mask and scale
     * @param plates the plates the site sits in, outermost first
     * @return the value (drawn, or replayed from the guide)
     */
    Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates);

    /** {@link #sample(String, Distribution, SiteOptions, Plate...)} without mask or scale. */
    default Tensor sample(String name, Distribution distribution, Plate... plates) {
        return sample(name, distribution, SiteOptions.NONE, plates);
    }

    /**
     * An observed site: records the log-probability of {@code value}; returns {@code value}.
     *
     * @throws IllegalArgumentException naming the site if the value lies outside the distribution's support
     */
    Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options, Plate... plates);

    /** {@link #observe(String, Distribution, Tensor, SiteOptions, Plate...)} without mask or scale. */
    default Tensor observe(String name, Distribution distribution, Tensor value, Plate... plates) {
        return observe(name, distribution, value, SiteOptions.NONE, plates);
    }

    /**
     * Adds a log-density term to the run, as {@code pyro.factor}: e.g. the exact log marginal likelihood of a
     * model's enumerated sites, computed by a kernel. It is recorded as an observed site, so it enters the ELBO (and
     * its gradient) like any observation.
     *
     * @param name the term's name, unique in the program
     * @param logFactor the term; its shape is the plates' batch shape ({@code []} for a term summed over them)
     * @param plates the plates the term's dimensions run along; a subsampled plate scales it by size / batch size
     * @return {@code logFactor}
     */
    default Tensor factor(String name, Tensor logFactor, Plate... plates) {
        Factor factor = Factor.of(logFactor);
        observe(name, factor, factor.emptyValue(), plates);
        return logFactor;
    }

    /**
     * A learned parameter, as {@code pyro.param}: the stored value if the parameter exists, else the value of
     * {@code initial}, which is stored (unconstrained, through torch's {@code transform_to(constraint)}) for later
     * steps. {@code initial} is called only when the parameter does not exist yet.
     *
     * @param name the parameter's name, unique in the parameter store
     * @param initial gives the constrained starting value
     * @param constraint where the constrained value lives
     * @return the constrained value, differentiable in the parameter during training
     */
    Tensor param(String name, Supplier<Tensor> initial, Constraint constraint);

    /** {@link #param(String, Supplier, Constraint)} with a fixed initial value. */
    default Tensor param(String name, Tensor initial, Constraint constraint) {
        return param(name, () -> initial, constraint);
    }

    /** {@link #param(String, Supplier, Constraint)} on the real line. */
    default Tensor param(String name, Tensor initial) {
        return param(name, () -> initial, new Constraint.Real());
    }

    /**
     * Registers a network's parameters, as {@code pyro.module}: each parameter at path {@code p} of
     * {@link Module#namedParameters()} is the real-valued {@link #param} {@code <name>$$$<p>} (Pyro's naming), defined
     * from the module's current value the first time and read from the parameter store from then on. The module's
     * parameters are then set to this run's values (differentiable while training), so its forward passes in this
     * run use, and send gradients to, the stored parameters; a trained module is saved and loaded with the rest of
     * the store. This is {@code pyro.module(name, module, update_module_params=True)}: the store's values win.
     *
     * <p>Call it once per run before the module's first forward pass, in the model, the guide or both (both see the
     * same values). While the run lasts the module belongs to it: runs that happen at the same time need their own
     * module instances.
     *
     * @param name the module's name in the store, without {@value Module#STORE_SEPARATOR}
     * @param module the module
     * @return {@code module}, bound to this run's parameter values
     * @throws IllegalArgumentException naming the parameter if the store holds it with another shape or constraint
     */
    default <M extends Module> M module(String name, M module) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        module.namedParameters().forEach((path, parameter) -> {
            Tensor initial = parameter.value().detach();
            String stored = Module.storeName(name, path);
            Tensor value = param(stored, () -> initial, new Constraint.Real());
            if (!Arrays.equals(value.shape(), parameter.shape())) {
                throw new IllegalArgumentException("module '" + name + "': the parameter store holds '" + stored
                        + "' with shape " + Arrays.toString(value.shape()) + " but the module's parameter '" + path
                        + "' has shape " + Arrays.toString(parameter.shape()));
            }
            values.put(path, value);
        });
        module.setParameters(values);
        return module;
    }
}
