package dev.trellis.runtime.svi;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One estimate of the ELBO loss and the surrogate whose gradient is the loss's gradient estimate.
 *
 * <p>Never changed after the estimate that makes it (its traces included), so thread-safe to read.
 *
 * @param loss minus the ELBO estimate, averaged over particles (Pyro's {@code loss})
 * @param surrogateLoss a scalar whose gradient with respect to the parameters is the gradient estimate of the loss
 *     (reparameterised terms plus score-function terms); its value is not the loss
 * @param nonFiniteSites the sites whose summed log-probability was NaN or infinite in some particle, as "model site
 *     'y'" or "guide site 'tau'"; empty when the loss is finite
 * @param model the model's trace of the last particle
 * @param guide the guide's trace of the last particle
 * @param stateUpdates new values of untrained state the estimator keeps in the parameter store (the decaying-average
 *     baselines of {@link TraceGraphElbo}), by name; {@link Svi} installs them together with the step's parameter
 *     updates, so a failed step changes neither
 */
public record ElboEstimate(double loss, Tensor surrogateLoss, List<String> nonFiniteSites, Trace model, Trace guide,
                           Map<String, Tensor> stateUpdates) {

    public ElboEstimate {
        nonFiniteSites = List.copyOf(nonFiniteSites);
        stateUpdates = Map.copyOf(stateUpdates);
    }

    /** An estimate that keeps no state between steps. */
    public ElboEstimate(double loss, Tensor surrogateLoss, List<String> nonFiniteSites, Trace model, Trace guide) {
        this(loss, surrogateLoss, nonFiniteSites, model, guide, Map.of());
    }
}
