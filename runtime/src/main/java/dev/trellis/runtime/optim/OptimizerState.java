package dev.trellis.runtime.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer's state between steps, to save with the parameters and restore on resuming (torch's
 * {@code optimizer.state_dict()}): per parameter, its buffers (Adam: the first and second moments and the step
 * count), and what the optimizer keeps for all parameters (ClippedAdam: the decayed learning rate).
 *
 * @param parameters per parameter name, its buffers, in the optimizer's order; copied
 * @param shared the optimizer-wide state; copied
 */
public record OptimizerState(Map<String, List<double[]>> parameters, double[] shared) {

    public OptimizerState {
        Map<String, List<double[]>> copy = new LinkedHashMap<>();
        parameters.forEach((name, buffers) -> copy.put(name, buffers.stream().map(double[]::clone).toList()));
        parameters = java.util.Collections.unmodifiableMap(copy);
        shared = shared.clone();
    }

    @Override
    public double[] shared() {
        return shared.clone();
    }
}
