package dev.trellis.samples.jsb;

import static dev.trellis.samples.Tolerance.assertRelative;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The programs generated from the DSL models of hmm.py's five HMMs: model_1, the autoregressive model_2 (the
 * observation reads its own previous value, tone by tone), the factorial model_3, the partially factorial model_4 and
 * the second-order model_6 against Pyro at the fixed parameters of {@code jsb_hmm.json}: the processor turns each
 * into one chain over a joint state, whose tables come from the declared chains' by tensor operations. Tolerances as
 * in {@link JsbModelGoldenTest}, where they are justified.
 */
class ChainProgramsGoldenTest {

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("hmm", (Function<List<double[][]>, Program>) data -> new HmmProgram(new Hmm(16, 51), data),
                        false),
                Arguments.of("arhmm", (Function<List<double[][]>, Program>) data -> new ArhmmProgram(
                        new Arhmm(16, 51), data), false),
                Arguments.of("fhmm", (Function<List<double[][]>, Program>) data -> new FhmmProgram(new Fhmm(4, 51),
                        data), false),
                Arguments.of("pfhmm", (Function<List<double[][]>, Program>) data -> new PfhmmProgram(new Pfhmm(4, 51),
                        data), false),
                Arguments.of("hmm2", (Function<List<double[][]>, Program>) data -> new Hmm2Program(new Hmm2(16, 51, 0),
                        data), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void lossesAtPyrosParametersMatch(String name, Function<List<double[][]>, Program> program, boolean asParams) {
        JsonNode golden = JsbData.HMM.get("models").get(name);
        Map<String, Tensor> params = JsonTensors.tensors(golden.get("params"));
        Trace train = score(program.apply(JsbPrograms.sequences(JsbData.CHORALES.train())), params, asParams);
        assertRelative(golden.get("train_loss_no_prior").doubleValue(), -train.site("y").logProb().item(), 1e-9,
                name + " train_loss_no_prior");
        if (!asParams) {
            assertRelative(golden.get("train_loss_with_prior").doubleValue(), -Conditioned.logJoint(train), 1e-9,
                    name + " train_loss_with_prior");
        }
        Trace test = score(program.apply(JsbPrograms.sequences(JsbData.CHORALES.test())), params, asParams);
        assertRelative(golden.get("eval_loss_no_prior").doubleValue(), -test.site("y").logProb().item(), 1e-9,
                name + " eval_loss_no_prior");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void gradientsAtPyrosParametersMatch(String name, Function<List<double[][]>, Program> program, boolean asParams) {
        if (asParams) {
            return;   // hmm2's tables are parameters: its gradient is the training path's, checked by its losses
        }
        JsonNode golden = JsbData.HMM.get("models").get(name);
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        JsonTensors.tensors(golden.get("params")).forEach((site, value) -> leaves.put(site, Tensor.variable(value)));
        Trace train = Conditioned.run(program.apply(JsbPrograms.sequences(JsbData.CHORALES.train())), leaves, new ParamStore());
        Tensor loss = Tensor.scalar(0.0);
        for (Site site : train.sites()) {
            loss = loss.sub(site.logProb().sum());
        }
        Gradients gradients = Autodiff.gradients(loss);
        JsonNode expected = golden.get("grad_train_loss_with_prior");
        leaves.forEach((site, leaf) -> TensorTolerance.assertGradient(JsonTensors.tensor(expected.get(site)),
                gradients.of(leaf), 1e-7, name + " grad " + site));
    }

    /**
     * hmm2's tables are parameters, so its program's gradient is with respect to their unconstrained values: for a
     * simplex row stored through softmax, {@code dL/du = p * (g - sum_j p_j g_j)}, and for a probability stored through
     * a sigmoid, {@code dL/du = g p (1 - p)}, where g is Pyro's constrained gradient ({@code grad_train_loss_no_prior}).
     */
    @org.junit.jupiter.api.Test
    void secondOrderGradientInUnconstrainedSpaceIsPyrosThroughTheTransforms() {
        JsonNode golden = JsbData.HMM.get("models").get("hmm2");
        Map<String, Tensor> params = JsonTensors.tensors(golden.get("params"));
        ParamStore store = new ParamStore();
        JsbPrograms.define(store, params);
        dev.trellis.runtime.svi.ParamScope scope = new dev.trellis.runtime.svi.ParamScope(store);
        Program program = new Hmm2Program(new Hmm2(16, 51, 0), JsbPrograms.sequences(JsbData.CHORALES.train()));
        ScopedConditioning context = new ScopedConditioning(scope);
        program.run(context);
        Tensor loss = context.factor.neg();
        Gradients gradients = Autodiff.gradients(loss);
        JsonNode expected = golden.get("grad_train_loss_no_prior");
        Tensor px = params.get("probs_x");
        Tensor gx = JsonTensors.tensor(expected.get("probs_x"));
        Tensor wantX = px.mul(gx.sub(px.mul(gx).sum(-1, true)));
        TensorTolerance.assertGradient(wantX, gradients.of(scope.leaves().get("probs_x")), 1e-7, "hmm2 du probs_x");
        Tensor py = params.get("probs_y");
        Tensor gy = JsonTensors.tensor(expected.get("probs_y"));
        Tensor wantY = gy.mul(py).mul(py.neg().add(1.0));
        TensorTolerance.assertGradient(wantY, gradients.of(scope.leaves().get("probs_y")), 1e-7, "hmm2 du probs_y");
    }

    /** Reads parameters through a scope (so their unconstrained leaves get gradients) and keeps the chain factor. */
    private static final class ScopedConditioning implements dev.trellis.runtime.svi.SampleContext {
        private final dev.trellis.runtime.svi.ParamScope scope;
        private Tensor factor = Tensor.scalar(0.0);

        ScopedConditioning(dev.trellis.runtime.svi.ParamScope scope) {
            this.scope = scope;
        }

        @Override
        public dev.trellis.runtime.svi.Plate plate(String name, int size, int dim) {
            return dev.trellis.runtime.svi.Plate.full(name, size, dim);
        }

        @Override
        public Tensor sample(String name, dev.trellis.runtime.distributions.Distribution distribution,
                dev.trellis.runtime.svi.SiteOptions options, dev.trellis.runtime.svi.Plate... plates) {
            throw new IllegalStateException("hmm2 has no latent site besides its chain");
        }

        @Override
        public Tensor observe(String name, dev.trellis.runtime.distributions.Distribution distribution, Tensor value,
                dev.trellis.runtime.svi.SiteOptions options, dev.trellis.runtime.svi.Plate... plates) {
            factor = distribution.logProb(value);
            return value;
        }

        @Override
        public Tensor param(String name, java.util.function.Supplier<Tensor> initial, Constraint constraint) {
            return scope.param(name, initial, constraint);
        }
    }

    /** Scores a program at the golden values: as latent sites, or as parameters in the store (hmm2). */
    private static Trace score(Program program, Map<String, Tensor> values, boolean asParams) {
        if (!asParams) {
            return Conditioned.run(program, values, new ParamStore());
        }
        ParamStore store = new ParamStore();
        JsbPrograms.define(store, values);
        return Conditioned.run(program, Map.of(), store);
    }

}
