package dev.trellis.runtime.svi;

import dev.trellis.runtime.random.Rng;

/**
 * An estimator of the ELBO loss and of its gradient, what {@link Svi} trains with: Pyro's {@code ELBO} family.
 * {@link TraceElbo} ({@code Trace_ELBO}), {@link TraceMeanFieldElbo} ({@code TraceMeanField_ELBO}),
 * {@link TraceGraphElbo} ({@code TraceGraph_ELBO}) and {@link RenyiElbo} ({@code RenyiELBO}).
 *
 * <p>Implementations are immutable and may be shared between threads; an estimate's mutable state (e.g. a baseline's
 * running average) lives in the parameter store, read through the {@link ParamScope} and written back by {@link Svi}
 * from {@link ElboEstimate#stateUpdates()}.
 *
 * <p>Implementations are immutable, so thread-safe.
 */
public interface Elbo {

    /**
     * Estimates the loss and its gradient surrogate.
     *
     * @param model the model program
     * @param guide the guide program, sampling every latent site of the model
     * @param params the step's parameters; new parameters are defined in the underlying store
     * @param rng the random stream for the guide's draws
     * @return the estimate
     */
    ElboEstimate estimate(Program model, Program guide, ParamScope params, Rng rng);
}
