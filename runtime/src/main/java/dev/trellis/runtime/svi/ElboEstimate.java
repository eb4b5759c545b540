package dev.trellis.runtime.svi;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * One estimate of the ELBO loss and the surrogate whose gradient is the loss's gradient estimate.
 *
 * @param loss minus the ELBO estimate, averaged over particles (Pyro's {@code loss})
 * @param surrogateLoss a scalar whose gradient with respect to the parameters is the gradient estimate of the loss
 *     (reparameterised terms plus score-function terms); its value is not the loss
 * @param nonFiniteSites the sites whose summed log-probability was NaN or infinite in some particle, as "model site
 *     'y'" or "guide site 'tau'"; empty when the loss is finite
 * @param model the model's trace of the last particle
 * @param guide the guide's trace of the last particle
 */
public record ElboEstimate(double loss, Tensor surrogateLoss, List<String> nonFiniteSites, Trace model, Trace guide) {

    public ElboEstimate {
        nonFiniteSites = List.copyOf(nonFiniteSites);
    }
}
