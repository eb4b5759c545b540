package dev.trellis.samples.jsb;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jsb_hmm_svi.json}: 20 steps of Pyro's MAP Baum-Welch (AutoDelta, TraceEnum_ELBO, Adam lr 0.05) on hmm
 * (model_1) over the whole train split, reproduced step by step by {@link MapBaumWelch}.
 *
 * <p>Tolerances. The losses to 1e-7 relative: each is computed to about 1e-15 (see {@link JsbModelGoldenTest}) at
 * parameters that drift from Pyro's only by rounding carried through the Adam steps; measured, the worst of the 20 is
 * within 6e-16. Parameters to 1e-6 relative, entry by entry: Adam's step is about the learning rate whatever the
 * gradient's size, so rounding differences in the gradient enter only through {@code m / sqrt(v)}; measured, the
 * final tables are within 1.1e-13 relative and {@code u} within 5e-13. The unconstrained start is {@code log p} and
 * {@code logit p} by the same operations as torch (measured 9e-16), hence 1e-12 there. The gradient at init is held
 * as in {@link JsbModelGoldenTest} (measured within 1.5e-14 of the largest entry).
 */
class MapBaumWelchGoldenTest {
    private static final JsonNode GOLDEN = JsbData.SVI;
    private static final double LOSS_REL = 1e-7;
    private static final double PARAM_REL = 1e-6;

    private static MapBaumWelch trainer;
    private static MapBaumWelch.Evaluation atInit;
    private static Map<String, Tensor> initUnconstrained;
    private static double[] losses;

    @BeforeAll
    static void train() {
        Map<String, Tensor> init = JsonTensors.tensors(GOLDEN.get("init_params"));
        trainer = new MapBaumWelch(JsbModel.HMM, JsbData.CHORALES.train(), init, GOLDEN.get("lr").doubleValue());
        initUnconstrained = trainer.unconstrained();
        atInit = trainer.evaluate();
        losses = new double[GOLDEN.get("num_steps").intValue()];
        for (int step = 0; step < losses.length; step++) {
            losses[step] = trainer.step();
        }
    }

    @Test
    void trainsOnTheSameDataAsPyro() {
        assertEquals(GOLDEN.get("train_num_sequences").intValue(), JsbData.CHORALES.train().numSequences());
        assertEquals(GOLDEN.get("train_num_observations").intValue(), JsbData.CHORALES.train().numObservations());
        assertEquals(16, GOLDEN.get("hidden_dim").intValue());
        assertEquals(20, losses.length);
    }

    @Test
    void startsFromAutoDeltasUnconstrainedValues() {
        JsonTensors.tensors(GOLDEN.get("init_unconstrained")).forEach((name, expected) ->
                TensorTolerance.assertRelative(expected, initUnconstrained.get(name), 1e-12, "init_unconstrained " + name));
    }

    @Test
    void gradientAtInitInUnconstrainedSpaceMatchesPyro() {
        JsonTensors.tensors(GOLDEN.get("grad_unconstrained_at_init")).forEach((name, expected) ->
                TensorTolerance.assertGradient(expected, atInit.gradients().get(name), 1e-7, "grad_unconstrained_at_init " + name));
        assertRelative(GOLDEN.get("losses").get(0).doubleValue(), atInit.loss(), LOSS_REL, "loss at init");
    }

    @Test
    void everyStepsLossMatchesPyro() {
        for (int step = 0; step < losses.length; step++) {
            assertRelative(GOLDEN.get("losses").get(step).doubleValue(), losses[step], LOSS_REL, "losses[" + step + "]");
        }
    }

    @Test
    void finalParametersMatchPyro() {
        Map<String, Tensor> params = trainer.params();
        JsonTensors.tensors(GOLDEN.get("final_params")).forEach((name, expected) ->
                TensorTolerance.assertRelative(expected, params.get(name), PARAM_REL, "final_params " + name));
        JsonTensors.tensors(GOLDEN.get("final_unconstrained")).forEach((name, expected) ->
                TensorTolerance.assertRelative(expected, trainer.unconstrained().get(name), PARAM_REL, "final_unconstrained " + name));
    }
}
