package dev.trellis.samples.jsb;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Beta;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where hmm.py starts training when no values are given: the same distribution of initial tables, not the same digits
 * (the draws come from Trellis's stream, not torch's).
 *
 * <p>Models 1 to 4 start where {@code AutoDelta}'s default {@code init_to_median} puts them. A Dirichlet row is
 * multivariate, so Pyro falls back to {@code init_to_feasible}: {@code softmax(0)}, the uniform row. Each emission
 * probability is the median of 15 draws from its {@code Beta(0.1, 0.9)} prior, typically about 1e-3 (the prior's
 * median is 0.508^10). nnhmm's network parameters start from torch's default initialisation (uniform on
 * {@code [-1/sqrt(fan_in), 1/sqrt(fan_in))}), drawn before its transition table, which starts uniform. hmm2's tables are {@code pyro.param}s initialised with {@code torch.rand}: every entry uniform on
 * [0, 1), each transition row then normalised by the simplex constraint's {@code softmax(log p)}.
 */
public final class JsbInit {
    /** Pyro's {@code init_to_median} default number of prior draws. */
    private static final int MEDIAN_DRAWS = 15;

    private JsbInit() {}

    /**
     * Returns the initial tables of {@code model}.
     *
     * @param model the model
     * @param tones the number of tones of the data
     * @param seed seeds the draws
     * @return one constrained table per {@link JsbModel#parameters parameter}, in order
     */
    public static Map<String, Tensor> hmmPy(JsbModel model, int tones, long seed) {
        Map<String, Tensor> init = new LinkedHashMap<>();
        Rng rng = Rng.seeded(seed);
        // nnhmm: the network is built (and initialised) with the model, before any table
        Map<String, Tensor> network = new LinkedHashMap<>();
        if (model.hasNetwork()) {
            TonesGenerator.hmmPy(tones, rng).parameterValues().forEach((path, value) ->
                    network.put(TonesGenerator.storeName(path), value));
        }
        for (JsbModel.Parameter parameter : model.parameters(tones)) {
            int[] shape = parameter.shape();
            boolean simplex = parameter.constraint() instanceof Constraint.Simplex;
            Tensor value;
            if (network.containsKey(parameter.name())) {
                value = network.get(parameter.name());
            } else if (!model.hasPrior()) {
                Tensor uniform = uniform(rng, shape);
                value = simplex ? uniform.div(uniform.sum(-1, true)) : uniform;
            } else if (simplex) {
                value = Tensor.ones(shape).div(shape[shape.length - 1]);
            } else {
                // A different seed per table, so that tables of the same shape do not repeat each other's draws.
                InitStrategy median = InitStrategy.median(MEDIAN_DRAWS, rng.nextInt(Integer.MAX_VALUE));
                value = median.initialValue(parameter.name(), Beta.of(0.1, 0.9).expand(shape).toEvent(shape.length));
            }
            init.put(parameter.name(), value);
        }
        return init;
    }

    private static Tensor uniform(Rng rng, int[] shape) {
        double[] values = new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble();
        }
        return Tensor.of(values, shape);
    }
}
