package dev.trellis.samples.jsb;

import static dev.trellis.samples.Tolerance.assertRelative;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The program generated from the DSL model {@link Hmm} (hmm.py model_1) against Pyro: losses and gradients at the
 * fixed parameters of {@code jsb_hmm.json}, and the 20-step MAP Baum-Welch trajectory of {@code jsb_hmm_svi.json}.
 * Tolerances and the gradient floor are those of {@link JsbModelGoldenTest} and {@link MapBaumWelchGoldenTest}, where
 * they are justified; here the chain is summed out by the generated code's kernel instead of the reference's tape.
 */
class HmmProgramGoldenTest {
    private static final JsonNode GOLDEN = JsbData.HMM.get("models").get("hmm");

    private static HmmProgram program(JsbSplit split) {
        List<double[][]> sequences = new ArrayList<>();
        for (int s = 0; s < split.numSequences(); s++) {
            sequences.add(split.sequence(s));
        }
        return new HmmProgram(new Hmm(16, split.numTones()), sequences);
    }

    @Test
    void lossesAtPyrosParametersMatch() {
        Map<String, Tensor> params = JsonTensors.tensors(GOLDEN.get("params"));
        Trace train = Conditioned.run(program(JsbData.CHORALES.train()), params, new ParamStore());
        assertRelative(GOLDEN.get("train_loss_no_prior").doubleValue(), -train.site("y").logProb().item(), 1e-9,
                "train_loss_no_prior");
        assertRelative(GOLDEN.get("train_loss_with_prior").doubleValue(), -Conditioned.logJoint(train), 1e-9,
                "train_loss_with_prior");
        Trace test = Conditioned.run(program(JsbData.CHORALES.test()), params, new ParamStore());
        assertRelative(GOLDEN.get("eval_loss_no_prior").doubleValue(), -test.site("y").logProb().item(), 1e-9,
                "eval_loss_no_prior");
    }

    @Test
    void gradientsAtPyrosParametersMatch() {
        Map<String, Tensor> params = JsonTensors.tensors(GOLDEN.get("params"));
        Tensor probsX = Tensor.variable(params.get("probs_x"));
        Tensor probsY = Tensor.variable(params.get("probs_y"));
        Trace train = Conditioned.run(program(JsbData.CHORALES.train()), Map.of("probs_x", probsX, "probs_y", probsY),
                new ParamStore());
        Tensor loss = Tensor.scalar(0.0);
        for (var site : train.sites()) {
            loss = loss.sub(site.logProb().sum());
        }
        Gradients gradients = Autodiff.gradients(loss);
        JsonNode expected = GOLDEN.get("grad_train_loss_with_prior");
        TensorTolerance.assertGradient(JsonTensors.tensor(expected.get("probs_x")), gradients.of(probsX), 1e-7,
                "grad probs_x");
        TensorTolerance.assertGradient(JsonTensors.tensor(expected.get("probs_y")), gradients.of(probsY), 1e-7,
                "grad probs_y");
    }

    @Test
    void mapBaumWelchWithAutoDeltaFollowsPyrosTrajectory() {
        JsonNode svi = JsbData.SVI;
        Map<String, Tensor> init = JsonTensors.tensors(svi.get("init_params"));
        HmmProgram model = program(JsbData.CHORALES.train());
        AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                .withInit(InitStrategy.values(init));
        ParamStore store = new ParamStore();
        Svi training = new Svi(model, guide, Adam.withLearningRate(svi.get("lr").doubleValue()), new TraceElbo(),
                store);
        Rng rng = Rng.seeded(0);   // a Delta guide draws nothing; the stream is never used
        for (int step = 0; step < svi.get("num_steps").intValue(); step++) {
            double loss = training.step(rng);
            assertRelative(svi.get("losses").get(step).doubleValue(), loss, 1e-7, "losses[" + step + "]");
        }
        JsonTensors.tensors(svi.get("final_params")).forEach((name, expected) -> {
            var entry = store.entry(name);
            Tensor actual = ConstraintTransforms.transformTo(entry.constraint()).forward(entry.unconstrained());
            TensorTolerance.assertRelative(expected, actual, 1e-6, "final " + name);
        });
    }
}
