package dev.trellis.samples.jsb;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.dmm.NnGolden;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * hmm.py's model_5, the nnHMM, against {@code shared/golden/nnhmm.json} through the program Trellis generates from
 * {@link NnHmm}: the network is a {@code pyro.module} whose parameters the program reads from the store, the
 * observation's previous notes are scored by batched evidence (the network runs once per block of steps and hidden
 * state), the chain is summed out exactly, and the elimination's marginals flow back through the network. Losses to
 * 1e-9, gradients to 1e-7 (Pyro's {@code probs_x} gradient with torch's renormalisation, every network parameter's
 * gradient in full or by the file's summary). The reference {@link JsbModel#NNHMM} (a log-space forward algorithm on
 * a batched emission table) and the inference class's streamed likelihood are held to the same numbers.
 */
class NnHmmGoldenTest {
    private static final JsonNode GOLDEN = NnHmmGolden.FILE;
    private static final double LOSS_REL = 1e-9;
    private static final double GRAD_REL = 1e-7;

    @Test
    void lossesAndGradientsThroughTheGeneratedProgramMatchPyro() {
        Map<String, Tensor> params = NnHmmGolden.params();
        ParamStore store = new ParamStore();
        JsbPrograms.defineNetwork(store, params);
        ParamScope scope = new ParamScope(store);
        Tensor probsX = Tensor.variable(params.get("probs_x"));
        var program = new NnHmmProgram(new NnHmm(TonesGenerator.hmmPy(51, Rng.seeded(5))),
                JsbPrograms.sequences(JsbData.CHORALES.train()));   // the store's values win over the module's
        Trace trace = Conditioned.run(program, Map.of("probs_x", probsX), scope);

        Tensor noPrior = trace.site("y").logProb().sum().neg();
        Tensor withPrior = Tensor.scalar(0.0);
        for (Site site : trace.sites()) {
            withPrior = withPrior.sub(site.logProb().sum());
        }
        assertRelative(GOLDEN.get("train_loss_no_prior").doubleValue(), noPrior.item(), LOSS_REL, "train_loss_no_prior");
        assertRelative(GOLDEN.get("train_loss_with_prior").doubleValue(), withPrior.item(), LOSS_REL,
                "train_loss_with_prior");

        Gradients withPriorGradients = Autodiff.gradients(withPrior);
        TensorTolerance.assertGradient(JsonTensors.tensor(GOLDEN.get("grad_probs_x_with_prior")),
                withPriorGradients.of(probsX), GRAD_REL, "d train_loss_with_prior / d probs_x");
        Gradients noPriorGradients = Autodiff.gradients(noPrior);
        TensorTolerance.assertGradient(JsonTensors.tensor(GOLDEN.get("grad_probs_x_no_prior")),
                noPriorGradients.of(probsX), GRAD_REL, "d train_loss_no_prior / d probs_x");
        GOLDEN.get("grad_nn_no_prior").fields().forEachRemaining(e -> {
            Tensor leaf = scope.leaves().get(TonesGenerator.storeName(e.getKey()));
            checkNetworkGradient(e.getKey(), e.getValue(), noPriorGradients.of(leaf));
            checkNetworkGradient(e.getKey() + " (with the prior)", e.getValue(), withPriorGradients.of(leaf));
        });
    }

    @Test
    void theEvaluationOfJsbEvalMatchesPyroOnBothSplits() {
        JsbEvaluation evaluation = JsbEvaluation.of(JsbModel.NNHMM, NnHmmGolden.params(), JsbData.CHORALES.train(),
                JsbData.CHORALES.split(GOLDEN.get("eval_split").asText()));
        assertRelative(GOLDEN.get("train_loss_no_prior").doubleValue(), evaluation.trainLossNoPrior(), LOSS_REL,
                "train_loss_no_prior");
        assertRelative(GOLDEN.get("train_loss_with_prior").doubleValue(), evaluation.trainLossWithPrior(), LOSS_REL,
                "train_loss_with_prior");
        assertRelative(GOLDEN.get("eval_loss_no_prior").doubleValue(), evaluation.evalLossNoPrior(), LOSS_REL,
                "eval_loss_no_prior");
        Map<String, Tensor> gradients = evaluation.gradTrainLossWithPrior();
        TensorTolerance.assertGradient(JsonTensors.tensor(GOLDEN.get("grad_probs_x_with_prior")),
                gradients.get("probs_x"), GRAD_REL, "d train_loss_with_prior / d probs_x");
        GOLDEN.get("grad_nn_no_prior").fields().forEachRemaining(e -> checkNetworkGradient(e.getKey(), e.getValue(),
                gradients.get(TonesGenerator.storeName(e.getKey()))));
    }

    @Test
    void theInferenceClassStreamsTheSameLikelihood() {
        Map<String, Tensor> params = NnHmmGolden.params();
        var inference = new NnHmmInference(new NnHmm(TonesGenerator.hmmPy(51, Rng.seeded(9))), params);
        double test = inference.logLikelihood(JsbPrograms.sequences(JsbData.CHORALES.test()));
        assertRelative(GOLDEN.get("test_loss_no_prior").doubleValue(), -test, LOSS_REL, "test_loss_no_prior");
    }

    @Test
    void theReferenceModelMatchesPyro() {
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        NnHmmGolden.params().forEach((name, value) -> leaves.put(name, Tensor.variable(value)));
        Tensor loss = JsbModel.NNHMM.negLogLikelihood(leaves, JsbData.CHORALES.train());
        assertRelative(GOLDEN.get("train_loss_no_prior").doubleValue(), loss.item(), LOSS_REL, "reference loss");
        assertRelative(GOLDEN.get("dirichlet_prior_log_prob").doubleValue(), JsbModel.NNHMM.logPrior(leaves).item(),
                LOSS_REL, "reference prior");
        Gradients gradients = Autodiff.gradients(loss);
        TensorTolerance.assertGradient(JsonTensors.tensor(GOLDEN.get("grad_probs_x_no_prior")),
                gradients.of(leaves.get("probs_x")), GRAD_REL, "reference d loss / d probs_x");
        GOLDEN.get("grad_nn_no_prior").fields().forEachRemaining(e -> checkNetworkGradient("reference " + e.getKey(),
                e.getValue(), gradients.of(leaves.get(TonesGenerator.storeName(e.getKey())))));
    }

    /** A gradient in full, or by the file's summary of a large one (numel, norm, sum, entries, largest entry). */
    static void checkNetworkGradient(String name, JsonNode golden, Tensor gradient) {
        if (golden.has("full")) {
            NnGolden.assertClose("d loss / d " + name, JsonTensors.tensor(golden.get("full")), gradient, GRAD_REL);
            return;
        }
        double[] values = gradient.toArray();
        assertEquals(golden.get("numel").asInt(), values.length, name + " numel");
        double sum = 0;
        double sumSquares = 0;
        int largest = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            sumSquares += values[i] * values[i];
            largest = Math.abs(values[i]) > Math.abs(values[largest]) ? i : largest;
        }
        double norm = golden.get("norm").asDouble();
        assertRelative(norm, Math.sqrt(sumSquares), GRAD_REL, name + " norm");
        assertRelative(golden.get("sum_sq").asDouble(), sumSquares, GRAD_REL, name + " sum of squares");
        // the sum cancels: compare it on the scale of the entries summed
        assertEquals(golden.get("sum").asDouble(), sum, GRAD_REL * norm * Math.sqrt(values.length), name + " sum");
        for (JsonNode entry : golden.get("entries")) {
            int index = entry.get("flat_index").asInt();
            // entries are sums of about 10^4 per-step terms: 1e-7 of the entry, or of the gradient's rms entry
            double expected = entry.get("value").asDouble();
            double tolerance = GRAD_REL * Math.max(Math.abs(expected), norm / Math.sqrt(values.length));
            assertEquals(expected, values[index], tolerance, name + " flat index " + index);
        }
        assertEquals(golden.get("max_abs").get("flat_index").asInt(), largest, name + " largest entry");
        assertRelative(golden.get("max_abs").get("value").asDouble(), values[largest], GRAD_REL,
                name + " largest entry");
    }
}
