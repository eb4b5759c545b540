package dev.trellis.samples.dmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import dev.trellis.samples.jsb.JsonTensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed tutorial's DMM written in the DSL ({@link Dmm}, {@link DmmGuide}) against
 * {@code shared/golden/dmm_seed.json} (Pyro 1.8.6, float64): at the file's closed-form weights, observations and
 * latent path, the generated programs give log p(x, z) and log q(z | x) at both annealing factors to 1e-9, and the
 * gradient of log p - log q for every network parameter and obs_scale to 1e-7.
 */
class DmmGoldenTest {

    private static final JsonNode GOLDEN = Golden.load("dmm_seed.json");

    private final Tensor x = JsonTensors.tensor(GOLDEN.get("x"));
    private final DmmNetworks networks = goldenNetworks();
    private final DmmProgram model = new DmmProgram(new Dmm(networks), x);
    private final DmmGuideProgram guide = new DmmGuideProgram(new DmmGuide(networks), model);

    @Test
    void theNetworksAreThoseOfTheFileInTorchsOrder() {
        List<String> names = new ArrayList<>();
        GOLDEN.get("parameter_order").forEach(entry -> names.add(entry.get("name").asText()));
        assertEquals(names, List.copyOf(networks.namedParameters().keySet()));
        for (JsonNode entry : GOLDEN.get("parameter_order")) {
            String name = entry.get("name").asText();
            NnGolden.assertClose(name, JsonTensors.tensor(GOLDEN.get("params").get(name)),
                    NnGolden.closedForm(GOLDEN.get("constants"), entry.get("p").asInt(), entry.get("fan_in").asInt(),
                            networks.parameter(name).shape()), 1e-15);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "0.3"})
    void logJointAndLogGuideDensityMatchPyroAtBothAnnealingFactors(String annealing) {
        model.setScale("annealing", Double.parseDouble(annealing));
        ParamStore store = goldenStore();

        double logP = Conditioned.logJoint(Conditioned.run(model, latentPath(), store));
        double logQ = Conditioned.logJoint(Conditioned.run(guide, latentPath(), store));

        NnGolden.assertClose("log p at " + annealing, GOLDEN.get("log_p_annealing_" + annealing).asDouble(), logP,
                1e-9);
        NnGolden.assertClose("log q at " + annealing, GOLDEN.get("log_q_annealing_" + annealing).asDouble(), logQ,
                1e-9);
    }

    @Test
    void gradientsOfLogPMinusLogQMatchPyroForEveryParameter() {
        ParamScope scope = new ParamScope(goldenStore());
        Trace modelTrace = Conditioned.run(model, latentPath(), scope);
        Trace guideTrace = Conditioned.run(guide, latentPath(), scope);
        Tensor objective = sum(modelTrace).sub(sum(guideTrace));
        NnGolden.assertClose("log p - log q", GOLDEN.get("elbo_term_log_p_minus_log_q_annealing_1.0").asDouble(),
                objective.item(), 1e-9);

        Gradients gradients = Autodiff.gradients(objective);
        Map<String, Tensor> leaves = scope.leaves();
        GOLDEN.get("grad_log_p_minus_log_q_annealing_1.0").fields().forEachRemaining(e ->
                NnGolden.assertClose("d/d " + e.getKey(), JsonTensors.tensor(e.getValue()),
                        gradients.of(leaves.get("dmm$$$" + e.getKey())), 1e-7));
        NnGolden.assertClose("d/d log obs_scale", GOLDEN.get("grad_obs_scale_unconstrained").asDouble(),
                gradients.of(leaves.get("obs_scale")).item(), 1e-7);
        assertEquals(networks.namedParameters().size() + 1, leaves.size());
    }

    private static Tensor sum(Trace trace) {
        Tensor total = Tensor.scalar(0.0);
        for (Site site : trace.sites()) {
            total = total.add(site.logProb().sum());
        }
        return total;
    }

    private static DmmNetworks goldenNetworks() {
        JsonNode config = GOLDEN.get("config");
        DmmNetworks networks = new DmmNetworks(config.get("x_dim").asInt(), config.get("z_dim").asInt(),
                config.get("hidden_dim").asInt(), config.get("rnn_dim").asInt(), Rng.seeded(0));
        networks.setParameters(JsonTensors.tensors(GOLDEN.get("params")));
        return networks;
    }

    /** obs_scale stored as Pyro stores it (log 0.7, positive); the networks enter the store on the first run. */
    private static ParamStore goldenStore() {
        ParamStore store = new ParamStore();
        store.define("obs_scale", Tensor.scalar(GOLDEN.get("obs_scale_unconstrained_value").asDouble()),
                new Constraint.Positive());
        return store;
    }

    /** Site z_t of the generated programs holds row t - 1 of the file's path. */
    private static Map<String, Tensor> latentPath() {
        Tensor z = JsonTensors.tensor(GOLDEN.get("z"));
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (int t = 1; t <= z.size(0); t++) {
            values.put("z_" + t, z.select(0, t - 1));
        }
        return values;
    }
}
