package dev.trellis.samples.jsb;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every model of {@code jsb_hmm.json} (Pyro 1.8.6 examples/hmm.py at fixed parameters; nnhmm has its own file,
 * {@link NnHmmGoldenTest}): losses with and without the
 * prior on train, the loss on test, and autograd's gradients in constrained space.
 *
 * <p>Tolerances: losses to 1e-9 relative (they are sums of ~10^6 log-probabilities in a different order from
 * torch's; measured agreement is within 2e-15); gradients entry-wise to 1e-7 relative with the floor explained in
 * {@link TensorTolerance}.
 */
class JsbModelGoldenTest {
    private static final double LOSS_REL = 1e-9;
    private static final double GRAD_REL = 1e-7;
    private static final Map<JsbModel, Evaluation> CACHE = new EnumMap<>(JsbModel.class);

    /** One forward pass on train, differentiated twice, and one on test; shared by the tests of a model. */
    private record Evaluation(Map<String, Tensor> params, double trainNoPrior, double trainWithPrior,
            double evalNoPrior, Map<String, Tensor> gradNoPrior, Map<String, Tensor> gradWithPrior) {}

    private static synchronized Evaluation evaluate(JsbModel model) {
        return CACHE.computeIfAbsent(model, m -> {
            Map<String, Tensor> params = new LinkedHashMap<>();
            JsonTensors.tensors(golden(m).get("params")).forEach((name, value) -> params.put(name, Tensor.variable(value)));
            Tensor negLogLikelihood = m.negLogLikelihood(params, JsbData.CHORALES.train());
            Tensor withPrior = negLogLikelihood.sub(m.logPrior(params));
            double eval = m.negLogLikelihood(detached(params), JsbData.CHORALES.split(JsbData.HMM.get("eval_split").asText())).item();
            return new Evaluation(params, negLogLikelihood.item(), withPrior.item(), eval,
                    byName(params, Autodiff.gradients(negLogLikelihood)), byName(params, Autodiff.gradients(withPrior)));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JsbModel.class, names = "NNHMM", mode = EnumSource.Mode.EXCLUDE)
    void trainLossWithoutPriorMatchesPyro(JsbModel model) {
        assertRelative(golden(model).get("train_loss_no_prior").doubleValue(), evaluate(model).trainNoPrior(), LOSS_REL,
                model.id() + " train_loss_no_prior");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JsbModel.class, names = "NNHMM", mode = EnumSource.Mode.EXCLUDE)
    void trainLossWithPriorMatchesPyro(JsbModel model) {
        JsonNode expected = golden(model).get("train_loss_with_prior");
        if (model.hasPrior()) {
            assertRelative(expected.doubleValue(), evaluate(model).trainWithPrior(), LOSS_REL, model.id() + " train_loss_with_prior");
        } else {
            assertTrue(expected.isNull(), model.id() + " has no prior in Pyro either");
            assertEquals(0.0, model.logPrior(evaluate(model).params()).item(), model.id() + " log prior");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JsbModel.class, names = "NNHMM", mode = EnumSource.Mode.EXCLUDE)
    void testLossWithoutPriorMatchesPyro(JsbModel model) {
        assertRelative(golden(model).get("eval_loss_no_prior").doubleValue(), evaluate(model).evalNoPrior(), LOSS_REL,
                model.id() + " eval_loss_no_prior");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JsbModel.class, names = "NNHMM", mode = EnumSource.Mode.EXCLUDE)
    void gradientWithoutPriorMatchesPyroEntryByEntry(JsbModel model) {
        JsonTensors.tensors(golden(model).get("grad_train_loss_no_prior")).forEach((name, expected) ->
                TensorTolerance.assertGradient(expected, evaluate(model).gradNoPrior().get(name), GRAD_REL,
                        model.id() + " d(train_loss_no_prior)/d" + name));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JsbModel.class, names = {"HMM2", "NNHMM"}, mode = EnumSource.Mode.EXCLUDE)
    void gradientWithPriorMatchesPyroEntryByEntry(JsbModel model) {
        JsonTensors.tensors(golden(model).get("grad_train_loss_with_prior")).forEach((name, expected) ->
                TensorTolerance.assertGradient(expected, evaluate(model).gradWithPrior().get(name), GRAD_REL,
                        model.id() + " d(train_loss_with_prior)/d" + name));
    }

    /**
     * The renormalisation is inside the differentiated expression: without the prior, the loss depends on a simplex
     * row only through its direction, so the gradient is orthogonal to the row itself ({@code sum_j p_ij grad_ij = 0}
     * at rowsum 1). Pyro's own no-renormalisation gradient ({@code g}) is not, which is why it differs from Pyro's
     * autograd value. Bound: a row sum adds 4 or 16 products of size at most max|grad| (about 1e5), so its rounding
     * is about 1e-11; 1e-4 is far above that and far below the row sums of Pyro's {@code g} (above 1).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = JsbModel.class, names = "NNHMM", mode = EnumSource.Mode.EXCLUDE)
    void simplexGradientsWithoutPriorAreOrthogonalToTheirRows(JsbModel model) {
        Evaluation evaluation = evaluate(model);
        JsonNode unrenormalised = golden(model).get("grad_train_loss_no_prior_no_renorm");
        for (JsbModel.Parameter parameter : model.parameters(JsbData.CHORALES.numTones())) {
            if (!(parameter.constraint() instanceof Constraint.Simplex)) {
                continue;
            }
            Tensor p = evaluation.params().get(parameter.name()).detach();
            double worst = largestAbsRowSum(p.mul(evaluation.gradNoPrior().get(parameter.name())));
            assertTrue(worst < 1e-4, model.id() + " " + parameter.name() + ": |sum_j p_ij grad_ij| up to " + worst);
            double pyroWithoutRenorm = largestAbsRowSum(p.mul(JsonTensors.tensor(unrenormalised.get(parameter.name()))));
            assertTrue(pyroWithoutRenorm > 1, model.id() + " " + parameter.name() + " unrenormalised row sums " + pyroWithoutRenorm);
        }
    }

    private static double largestAbsRowSum(Tensor products) {
        return Arrays.stream(products.sum(-1, false).abs().toArray()).max().orElse(0);
    }

    private static JsonNode golden(JsbModel model) {
        return JsbData.HMM.get("models").get(model.id());
    }

    private static Map<String, Tensor> detached(Map<String, Tensor> params) {
        Map<String, Tensor> constants = new LinkedHashMap<>();
        params.forEach((name, value) -> constants.put(name, value.detach()));
        return constants;
    }

    private static Map<String, Tensor> byName(Map<String, Tensor> leaves, Gradients gradients) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        leaves.forEach((name, leaf) -> byName.put(name, gradients.of(leaf)));
        return byName;
    }
}
