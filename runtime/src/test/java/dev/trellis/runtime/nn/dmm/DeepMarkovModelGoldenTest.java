package dev.trellis.runtime.nn.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.nn.ClosedFormParameters;
import dev.trellis.runtime.nn.GoldenNn;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The Deep Markov Model of the seed tutorial against {@code shared/golden/dmm_seed.json} (Pyro 1.8.6, float64): at
 * the file's closed-form weights, observations and latent path, log p(x, z) and log q(z | x) at both annealing
 * factors to 1e-9, and the gradient of log p - log q with respect to every network parameter and obs_scale to 1e-7.
 */
class DeepMarkovModelGoldenTest {

    private static final JsonNode GOLDEN = GoldenNn.load("dmm_seed.json");

    private final Tensor x = GoldenNn.tensor(GOLDEN.get("x"));
    private final Map<String, Tensor> path = latentPath();
    private final DeepMarkovModel dmm = goldenNetwork();

    @Test
    void theNetworksParametersAreTheGoldenOnesInTorchsOrder() {
        List<String> names = new ArrayList<>();
        GOLDEN.get("parameter_order").forEach(entry -> names.add(entry.get("name").asText()));
        assertEquals(names, List.copyOf(dmm.namedParameters().keySet()));
        ClosedFormParameters formula = new ClosedFormParameters(GOLDEN.get("constants"));
        for (JsonNode entry : GOLDEN.get("parameter_order")) {
            String name = entry.get("name").asText();
            GoldenNn.assertClose(name, GoldenNn.tensor(GOLDEN.get("params").get(name)), formula.value(
                    entry.get("p").asInt(), entry.get("fan_in").asInt(), dmm.parameter(name).shape()), 1e-15);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "0.3"})
    void logJointAndLogGuideDensityMatchPyroAtBothAnnealingFactors(String annealing) {
        double factor = Double.parseDouble(annealing);
        ParamStore store = goldenStore();
        double logP = Conditioned.logJoint(Conditioned.run(dmm.model(x, factor), path, store));
        double logQ = Conditioned.logJoint(Conditioned.run(dmm.guide(x, factor), path, store));
        GoldenNn.assertClose("log p at " + annealing, GOLDEN.get("log_p_annealing_" + annealing).asDouble(), logP,
                1e-9);
        GoldenNn.assertClose("log q at " + annealing, GOLDEN.get("log_q_annealing_" + annealing).asDouble(), logQ,
                1e-9);
    }

    @Test
    void gradientsOfLogPMinusLogQMatchPyroForEveryParameter() {
        ParamStore store = goldenStore();
        ParamScope scope = new ParamScope(store);
        Trace model = Conditioned.run(dmm.model(x, 1.0), path, scope);
        Trace guide = Conditioned.run(dmm.guide(x, 1.0), path, scope);
        Tensor objective = sum(model).sub(sum(guide));
        GoldenNn.assertClose("log p - log q", GOLDEN.get("elbo_term_log_p_minus_log_q_annealing_1.0").asDouble(),
                objective.item(), 1e-9);
        Gradients gradients = Autodiff.gradients(objective);
        Map<String, Tensor> leaves = scope.leaves();
        GOLDEN.get("grad_log_p_minus_log_q_annealing_1.0").fields().forEachRemaining(e ->
                GoldenNn.assertClose("d/d " + e.getKey(), GoldenNn.tensor(e.getValue()),
                        gradients.of(leaves.get("dmm$$$" + e.getKey())), 1e-7));
        GoldenNn.assertClose("d/d log obs_scale", GOLDEN.get("grad_obs_scale_unconstrained").asDouble(),
                gradients.of(leaves.get("obs_scale")).item(), 1e-7);
        assertEquals(dmm.namedParameters().size() + 1, leaves.size());
    }

    private static Tensor sum(Trace trace) {
        Tensor total = Tensor.scalar(0.0);
        for (Site site : trace.sites()) {
            total = total.add(site.logProb().sum());
        }
        return total;
    }

    private static DeepMarkovModel goldenNetwork() {
        JsonNode config = GOLDEN.get("config");
        DeepMarkovModel network = new DeepMarkovModel(config.get("x_dim").asInt(), config.get("z_dim").asInt(),
                config.get("hidden_dim").asInt(), config.get("rnn_dim").asInt(), Rng.seeded(0));
        Map<String, Tensor> values = new LinkedHashMap<>();
        GOLDEN.get("params").fields().forEachRemaining(e -> values.put(e.getKey(), GoldenNn.tensor(e.getValue())));
        network.setParameters(values);
        return network;
    }

    /** obs_scale stored as Pyro stores it: log(0.7) under the positive constraint; the network's weights come in with the first run. */
    private static ParamStore goldenStore() {
        ParamStore store = new ParamStore();
        store.define("obs_scale", Tensor.scalar(GOLDEN.get("obs_scale_unconstrained_value").asDouble()),
                new Constraint.Positive());
        return store;
    }

    private static Map<String, Tensor> latentPath() {
        Tensor z = GoldenNn.tensor(GOLDEN.get("z"));
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (int t = 1; t <= z.size(0); t++) {
            values.put("z_" + t, z.select(0, t - 1));
        }
        return values;
    }
}
