package dev.trellis.runtime.nn.dmmjsb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.nn.ClosedFormParameters;
import dev.trellis.runtime.nn.GoldenNn;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pyro's examples/dmm.py on a mini-batch of 20 JSB chorales against {@code shared/golden/dmm_jsb.json} (Pyro 1.8.6,
 * float64), at the file's closed-form weights and latent path: log p(x, z) and log q(z | x) to 1e-9, and the gradient
 * of log p - log q (norm, sum, listed entries and largest entry of every parameter's) to 1e-7.
 */
class DeepMarkovModelJsbGoldenTest {

    private static final JsonNode GOLDEN = GoldenNn.load("dmm_jsb.json");

    @Test
    void logJointLogGuideDensityAndGradientsMatchPyroOnAMiniBatch() throws IOException {
        DeepMarkovModel dmm = goldenNetwork();
        DeepMarkovModel.MiniBatch batch = miniBatch();
        Map<String, Tensor> path = latentPath(batch.steps());
        double annealing = GOLDEN.get("annealing_factor").asDouble();

        ParamScope scope = new ParamScope(new ParamStore());
        Trace model = Conditioned.run(dmm.model(batch, annealing), path, scope);
        Trace guide = Conditioned.run(dmm.guide(batch, annealing), path, scope);
        Tensor logP = sum(model, false).add(sum(model, true));
        Tensor logQ = sum(guide, false);
        GoldenNn.assertClose("log p, z sites", GOLDEN.get("log_p_parts").get("log_p_z_sites").asDouble(),
                sum(model, false).item(), 1e-9);
        GoldenNn.assertClose("log p, x sites", GOLDEN.get("log_p_parts").get("log_p_x_sites").asDouble(),
                sum(model, true).item(), 1e-9);
        GoldenNn.assertClose("log p", GOLDEN.get("log_p").asDouble(), logP.item(), 1e-9);
        GoldenNn.assertClose("log q", GOLDEN.get("log_q").asDouble(), logQ.item(), 1e-9);
        Tensor elbo = logP.sub(logQ);
        GoldenNn.assertClose("log p - log q", GOLDEN.get("elbo_value").asDouble(), elbo.item(), 1e-9);

        Gradients gradients = Autodiff.gradients(elbo);
        Map<String, Tensor> byName = new LinkedHashMap<>();
        scope.leaves().forEach((name, leaf) -> byName.put(name.substring("dmm$$$".length()), gradients.of(leaf)));
        assertEquals(List.copyOf(dmm.namedParameters().keySet()), List.copyOf(byName.keySet()));
        byName.forEach((name, gradient) -> {
            double[] g = gradient.toArray();
            double norm = GOLDEN.get("grad_norms").get(name).asDouble();
            GoldenNn.assertClose(name + " gradient norm", norm, Math.sqrt(gradient.square().sum().item()), 1e-7);
            // a sum of entries of both signs: compared on the scale of the entries summed
            assertEquals(GOLDEN.get("grad_sums").get(name).asDouble(), gradient.sum().item(),
                    1e-7 * norm * Math.sqrt(g.length), name + " gradient sum");
            int largest = 0;
            for (int i = 0; i < g.length; i++) {
                largest = Math.abs(g[i]) > Math.abs(g[largest]) ? i : largest;
            }
            JsonNode location = GOLDEN.get("grad_max_abs_location").get(name);
            assertEquals(location.get("flat_index").asInt(), largest, name + " largest gradient entry");
            GoldenNn.assertClose(name + " largest gradient entry", location.get("value").asDouble(), g[largest], 1e-7);
        });
        for (JsonNode entry : GOLDEN.get("grad_entries")) {
            String name = entry.get("param").asText();
            double[] g = byName.get(name).toArray();
            double rms = GOLDEN.get("grad_norms").get(name).asDouble() / Math.sqrt(g.length);
            double expected = entry.get("value").asDouble();
            assertEquals(expected, g[entry.get("flat_index").asInt()], 1e-7 * Math.max(Math.abs(expected), rms),
                    name + " gradient at flat index " + entry.get("flat_index").asInt());
        }
    }

    private static Tensor sum(Trace trace, boolean observed) {
        Tensor total = Tensor.scalar(0.0);
        for (Site site : trace.sites()) {
            if (site.observed() == observed) {
                total = total.add(site.logProb().sum());
            }
        }
        return total;
    }

    /** Every weight by the closed form, checked against the file's checksums (sum, sum of squares, first entries). */
    private static DeepMarkovModel goldenNetwork() {
        JsonNode dims = GOLDEN.get("dims");
        DeepMarkovModel dmm = new DeepMarkovModel(dims.get("input_dim").asInt(), dims.get("z_dim").asInt(),
                dims.get("emission_dim").asInt(), dims.get("transition_dim").asInt(), dims.get("rnn_dim").asInt(),
                Rng.seeded(0));
        ClosedFormParameters formula = new ClosedFormParameters(GOLDEN.get("constants"));
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (JsonNode entry : GOLDEN.get("parameter_order")) {
            String name = entry.get("name").asText();
            Tensor value = formula.value(entry.get("p").asInt(), entry.get("fan_in").asInt(),
                    dmm.parameter(name).shape());
            JsonNode checksum = GOLDEN.get("param_checksums").get(name);
            assertEquals(checksum.get("numel").asInt(), value.numElements(), name);
            GoldenNn.assertClose(name + " sum of squares", checksum.get("sum_sq").asDouble(),
                    value.square().sum().item(), 1e-12);
            for (int i = 0; i < checksum.get("first").size(); i++) {
                // fdlibm's sin against the C library's: within an ulp or two
                GoldenNn.assertClose(name + "[" + i + "]", checksum.get("first").get(i).asDouble(), value.toArray()[i],
                        1e-15);
            }
            values.put(name, value);
        }
        assertEquals(List.copyOf(values.keySet()), List.copyOf(dmm.namedParameters().keySet()));
        dmm.setParameters(values);
        return dmm;
    }

    /** The first 20 training chorales over all 88 notes, in the file's sorted order (by length, descending). */
    private static DeepMarkovModel.MiniBatch miniBatch() throws IOException {
        String shared = System.getProperty("trellis.shared.dir");
        Path file = Path.of(shared != null ? shared : "../../shared", "data", "jsb_chorales.json");
        JsonNode train = new ObjectMapper().readTree(Files.readString(file)).get("train");
        JsonNode sorted = GOLDEN.get("sorted_indices");
        int size = sorted.size();
        int steps = GOLDEN.get("T_max").asInt();
        int[] lengths = new int[size];
        double[] notes = new double[size * steps * 88];
        for (int b = 0; b < size; b++) {
            JsonNode chorale = train.get(sorted.get(b).asInt());
            lengths[b] = chorale.size();
            assertEquals(GOLDEN.get("sorted_lengths").get(b).asInt(), lengths[b]);
            for (int t = 0; t < lengths[b]; t++) {
                for (JsonNode note : chorale.get(t)) {
                    notes[(b * steps + t) * 88 + note.asInt() - 21] = 1.0;
                }
            }
        }
        return new DeepMarkovModel.MiniBatch(Tensor.of(notes, size, steps, 88), lengths);
    }

    /** z_{t+1}[b, k] = 0.8 sin(0.29 t + 0.61 k + 1.7 n), n the original index of row b (StrictMath, as libm to 1 ulp). */
    private static Map<String, Tensor> latentPath(int steps) {
        JsonNode sorted = GOLDEN.get("sorted_indices");
        int size = sorted.size();
        int zDim = GOLDEN.get("dims").get("z_dim").asInt();
        Map<String, Tensor> path = new LinkedHashMap<>();
        List<Double> all = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            double[] z = new double[size * zDim];
            for (int b = 0; b < size; b++) {
                int n = sorted.get(b).asInt();
                for (int k = 0; k < zDim; k++) {
                    z[b * zDim + k] = 0.8 * StrictMath.sin(0.29 * t + 0.61 * k + 1.7 * n);
                }
            }
            path.put("z_" + (t + 1), Tensor.of(z, size, zDim));
        }
        assertEquals(steps, path.size());
        return path;
    }
}
