package dev.trellis.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a learnable network of a {@link Model @Model} or {@link Guide @Guide}, as Pyro's {@code pyro.module}: the
 * method returns a runtime {@code dev.trellis.runtime.nn.Module} (a {@code Linear}, an {@code Rnn}, or a module of the
 * user's own that registers such layers), whose parameters SVI trains.
 *
 * <pre>{@code
 * @Network(name = "dmm")
 * DmmNetworks dmm() { return networks; }          // called once, when the program is built
 *
 * @Sample @Markov(over = "time")
 * Distribution z(@Previous Tensor previous, DmmNetworks dmm) {   // receives the network bound to this run
 *     Tensor[] next = dmm.trans().forward(previous == null ? dmm.z0() : previous);
 *     return Normal.of(next[0], next[1]).toEvent(1);
 * }
 * }</pre>
 *
 * <p><b>When it is called.</b> The generated program calls the method once, in its constructor, and keeps the module.
 * At the start of every run it registers it with {@code context.module(name, module)}: each parameter at path
 * {@code p} of the module's {@code namedParameters()} lives in the parameter store as {@code <name>$$$<p>} (Pyro's
 * naming), defined from the module's current value the first time and read from the store on every later run, so
 * that training updates it and saving the store saves it. The module's starting values are therefore whatever the
 * module holds when a store first sees it (torch's default initialisation, or values the user set).
 *
 * <p><b>Reading it.</b> A {@link Sample @Sample} or {@link Computed @Computed} method receives the module, bound to the
 * run's values (so that its forward passes carry gradients to the stored parameters), through a parameter of the
 * module's type (or a supertype) named after the network, or one that {@link Site @Site} names.
 *
 * <p><b>Sharing between model and guide.</b> The model and its guide may each declare a network of the same name
 * (Pyro's DMM registers one {@code dmm} module in both); they then share the stored parameters. Return the same module
 * instance from both, or instances of the same structure: the store's values win.
 *
 * <p>The method must take no parameters, return a subtype of {@code dev.trellis.runtime.nn.Module}, and must not be
 * private or static. Names are shared with sites, parameters and computed values, and no two networks of a class may
 * have the same name. (This annotation is not called {@code @Module} because {@code java.lang.Module} would make that
 * name ambiguous under {@code import dev.trellis.dsl.*}.)
 *
 * <p><b>In a model with {@link Enumerate @Enumerate} sites</b> a network is a global input of the elimination, as a
 * {@link Param @Param} is (hmm.py's nnHMM: the notes' logits from the hidden state and the previous notes). The
 * generated {@code <Model>Program} registers it on every run and the elimination's marginals flow back through it;
 * {@code <Model>Inference}, and the program's {@code inference(globals)}, take its parameters among the globals under
 * their store names {@code <name>$$$<path>} (the values of the store that trained them), call the method once, and
 * bind the module to those values at the start of every query. A site that reads observed {@code Tensor}s through the
 * network receives them a block of instances at a time (see {@link Previous}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Network {
    /** The network's name in the parameter store (the prefix before {@code $$$}); empty means the method's name. */
    String name() default "";
}
