package dev.trellis.samples.dmmjsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.nn.ProductPrecision;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import dev.trellis.samples.dmm.NnGolden;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pyro's examples/dmm.py written in the DSL ({@link JsbDmm}, {@link JsbDmmGuide}) against
 * {@code shared/golden/dmm_jsb.json} (Pyro 1.8.6, float64): on the file's mini-batch of 20 chorales, bound as 20
 * tensors of their own lengths, at its closed-form weights and latent path, the generated programs give log p(x, z)
 * (z and x parts), log q(z | x) and their difference to 1e-9, and the gradient of log p - log q (every parameter's
 * norm, sum and largest entry, and the listed entries) to 1e-7.
 */
class JsbDmmGoldenTest {

    private static final JsonNode GOLDEN = Golden.load("dmm_jsb.json");

    @Test
    void logJointLogGuideDensityAndGradientsMatchPyroOnARaggedMiniBatch() {
        JsbDmmNetworks networks = goldenNetworks();
        JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), miniBatch());
        JsbDmmGuideProgram guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
        model.setScale("annealing", GOLDEN.get("annealing_factor").asDouble());
        assertEquals(GOLDEN.get("T_max").asInt(), model.plateSize("time"));

        ParamScope scope = new ParamScope(new ParamStore());
        Trace modelTrace = Conditioned.run(model, latentPath(), scope);
        Trace guideTrace = Conditioned.run(guide, latentPath(), scope);
        Tensor logPz = sum(modelTrace, false);
        Tensor logPx = sum(modelTrace, true);
        Tensor logQ = sum(guideTrace, false);
        JsonNode parts = GOLDEN.get("log_p_parts");
        NnGolden.assertClose("log p, z sites", parts.get("log_p_z_sites").asDouble(), logPz.item(), 1e-9);
        NnGolden.assertClose("log p, x sites", parts.get("log_p_x_sites").asDouble(), logPx.item(), 1e-9);
        NnGolden.assertClose("log p", GOLDEN.get("log_p").asDouble(), logPz.add(logPx).item(), 1e-9);
        NnGolden.assertClose("log q", GOLDEN.get("log_q").asDouble(), logQ.item(), 1e-9);
        Tensor elbo = logPz.add(logPx).sub(logQ);
        NnGolden.assertClose("log p - log q", GOLDEN.get("elbo_value").asDouble(), elbo.item(), 1e-9);

        Gradients gradients = Autodiff.gradients(elbo);
        Map<String, Tensor> byName = new LinkedHashMap<>();
        scope.leaves().forEach((name, leaf) -> byName.put(name.substring("dmm$$$".length()), gradients.of(leaf)));
        assertEquals(List.copyOf(networks.namedParameters().keySet()), List.copyOf(byName.keySet()));
        byName.forEach(JsbDmmGoldenTest::checkGradientSummary);
        for (JsonNode entry : GOLDEN.get("grad_entries")) {
            String name = entry.get("param").asText();
            double[] g = byName.get(name).toArray();
            double rms = GOLDEN.get("grad_norms").get(name).asDouble() / Math.sqrt(g.length);
            double expected = entry.get("value").asDouble();
            int at = entry.get("flat_index").asInt();
            assertEquals(expected, g[at], 1e-7 * Math.max(Math.abs(expected), rms), name + " gradient at " + at);
        }
    }

    /**
     * Under {@link ProductPrecision#SINGLE} the network products are float32: the densities then stay within float32's
     * reach of Pyro's float64 values (measured: 2.3e-10 and 5.2e-10 relative), and the gradients' norms within it too
     * (measured: at most 1.4e-7, {@code h_0}'s). The bound is a product entry's worst relative error: float32's unit
     * roundoff 2^-24 times the widest inner dimension plus two, dmm.py's rnn_dim 600.
     */
    @Test
    void singlePrecisionProductsKeepTheDensitiesAndGradientsWithinFloat32OfPyro() {
        ProductPrecision before = ProductPrecision.use(ProductPrecision.SINGLE);
        try {
            JsbDmmNetworks networks = goldenNetworks();
            JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), miniBatch());
            JsbDmmGuideProgram guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
            model.setScale("annealing", GOLDEN.get("annealing_factor").asDouble());
            ParamScope scope = new ParamScope(new ParamStore());
            Trace modelTrace = Conditioned.run(model, latentPath(), scope);
            Tensor logP = sum(modelTrace, false).add(sum(modelTrace, true));
            Tensor logQ = sum(Conditioned.run(guide, latentPath(), scope), false);
            double float32 = 602 * 0x1p-24;
            double logPError = Math.abs(logP.item() / GOLDEN.get("log_p").asDouble() - 1);
            double logQError = Math.abs(logQ.item() / GOLDEN.get("log_q").asDouble() - 1);
            // float64 products meet the goldens to ~1e-14: a larger error shows the products took float32
            assertTrue(Math.max(logPError, logQError) > 1e-12, "float32 products: " + logPError + ", " + logQError);
            NnGolden.assertClose("log p", GOLDEN.get("log_p").asDouble(), logP.item(), float32);
            NnGolden.assertClose("log q", GOLDEN.get("log_q").asDouble(), logQ.item(), float32);
            Gradients gradients = Autodiff.gradients(logP.sub(logQ));
            scope.leaves().forEach((name, leaf) -> {
                String parameter = name.substring("dmm$$$".length());
                double norm = Math.sqrt(gradients.of(leaf).square().sum().item());
                double expected = GOLDEN.get("grad_norms").get(parameter).asDouble();
                NnGolden.assertClose(parameter + " gradient norm", expected, norm, float32);
            });
        } finally {
            ProductPrecision.use(before);
        }
    }

    private static void checkGradientSummary(String name, Tensor gradient) {
        double[] g = gradient.toArray();
        double norm = GOLDEN.get("grad_norms").get(name).asDouble();
        NnGolden.assertClose(name + " gradient norm", norm, Math.sqrt(gradient.square().sum().item()), 1e-7);
        // a sum of entries of both signs, compared on the scale of what is summed
        assertEquals(GOLDEN.get("grad_sums").get(name).asDouble(), gradient.sum().item(),
                1e-7 * norm * Math.sqrt(g.length), name + " gradient sum");
        int largest = 0;
        for (int i = 0; i < g.length; i++) {
            largest = Math.abs(g[i]) > Math.abs(g[largest]) ? i : largest;
        }
        JsonNode location = GOLDEN.get("grad_max_abs_location").get(name);
        assertEquals(location.get("flat_index").asInt(), largest, name + " largest gradient entry");
        NnGolden.assertClose(name + " largest gradient entry", location.get("value").asDouble(), g[largest], 1e-7);
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

    /** Every weight by the closed form, checked against the file's checksums. */
    static JsbDmmNetworks goldenNetworks() {
        JsonNode dims = GOLDEN.get("dims");
        JsbDmmNetworks networks = new JsbDmmNetworks(dims.get("input_dim").asInt(), dims.get("z_dim").asInt(),
                dims.get("emission_dim").asInt(), dims.get("transition_dim").asInt(), dims.get("rnn_dim").asInt(),
                Rng.seeded(0));
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (JsonNode entry : GOLDEN.get("parameter_order")) {
            String name = entry.get("name").asText();
            Tensor value = NnGolden.closedForm(GOLDEN.get("constants"), entry.get("p").asInt(),
                    entry.get("fan_in").asInt(), networks.parameter(name).shape());
            NnGolden.assertClose(name + " sum of squares",
                    GOLDEN.get("param_checksums").get(name).get("sum_sq").asDouble(), value.square().sum().item(),
                    1e-12);
            values.put(name, value);
        }
        assertEquals(List.copyOf(values.keySet()), List.copyOf(networks.namedParameters().keySet()));
        networks.setParameters(values);
        return networks;
    }

    /** The file's mini-batch: the first 20 training chorales in its sorted order, each at its own length. */
    static List<Tensor> miniBatch() {
        List<Tensor> train = JsbPianoRolls.load(Golden.sharedDir().resolve("data").resolve("jsb_chorales.json"))
                .split("train");
        List<Tensor> batch = new ArrayList<>();
        JsonNode sorted = GOLDEN.get("sorted_indices");
        for (int b = 0; b < sorted.size(); b++) {
            Tensor chorale = train.get(sorted.get(b).asInt());
            assertEquals(GOLDEN.get("sorted_lengths").get(b).asInt(), chorale.size(0));
            batch.add(chorale);
        }
        return batch;
    }

    /** Site z_{t+1}: row b is 0.8 sin(0.29 t + 0.61 k + 1.7 n), n the original index of the batch's row b. */
    static Map<String, Tensor> latentPath() {
        JsonNode sorted = GOLDEN.get("sorted_indices");
        int size = sorted.size();
        int zDim = GOLDEN.get("dims").get("z_dim").asInt();
        Map<String, Tensor> path = new LinkedHashMap<>();
        for (int t = 0; t < GOLDEN.get("T_max").asInt(); t++) {
            double[] z = new double[size * zDim];
            for (int b = 0; b < size; b++) {
                int n = sorted.get(b).asInt();
                for (int k = 0; k < zDim; k++) {
                    z[b * zDim + k] = 0.8 * StrictMath.sin(0.29 * t + 0.61 * k + 1.7 * n);
                }
            }
            path.put("z_" + (t + 1), Tensor.of(z, size, zDim));
        }
        return path;
    }
}
