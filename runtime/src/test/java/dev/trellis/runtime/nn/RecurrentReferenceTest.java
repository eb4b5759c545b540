package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Sequences;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fused recurrent kernels against a naive reference written with tensor operations, one sequence and one step
 * at a time (so ragged lengths are simply shorter loops): values and gradients of every parameter, input and initial
 * state agree to 1e-12 relative. A reversed run equals the layer run between two reversals of the sequences.
 */
class RecurrentReferenceTest {

    private static final double RELATIVE = 1e-12;
    private final Inputs inputs = new Inputs(23);

    @Test
    void raggedRnnBatchesEqualEachSequenceRunAlone() {
        for (Rnn.Nonlinearity nonlinearity : Rnn.Nonlinearity.values()) {
            Rnn rnn = new Rnn(3, 6, nonlinearity, true, Rng.seeded(1));
            compare("rnn " + nonlinearity, rnn, new int[] {5, 2, 7, 7, 1, 4});
        }
    }

    @Test
    void raggedGruBatchesEqualEachSequenceRunAlone() {
        compare("gru", new Gru(3, 6, true, Rng.seeded(2)), new int[] {5, 2, 7, 7, 1, 4});
        compare("gru full lengths", new Gru(3, 6, true, Rng.seeded(3)), null);
    }

    @Test
    void timeFirstLayoutIsTheTransposeOfBatchFirst() {
        Rnn batchFirst = new Rnn(2, 3, Rnn.Nonlinearity.TANH, true, Rng.seeded(4));
        Rnn timeFirst = new Rnn(2, 3, Rnn.Nonlinearity.TANH, false, Rng.seeded(4));
        Tensor x = inputs.uniform(-1, 1, 4, 5, 2);
        Tensor h0 = inputs.uniform(-1, 1, 1, 4, 3);
        RecurrentOutput a = batchFirst.forward(x, h0);
        RecurrentOutput b = timeFirst.forward(x.transpose(0, 1), h0);
        GoldenNn.assertClose("output", a.output(), b.output().transpose(0, 1), 0.0);
        GoldenNn.assertClose("h_n", a.hN(), b.hN(), 0.0);
    }

    @Test
    void aReversedRunIsTheLayerBetweenTwoReversalsOfTheSequences() {
        int[][] lengthSets = {{5, 2, 7, 7, 1, 4}, null};
        for (int[] lengths : lengthSets) {
            for (Rnn.Nonlinearity nonlinearity : Rnn.Nonlinearity.values()) {
                reversedAgainstReversals("rnn " + nonlinearity,
                        new Rnn(3, 6, nonlinearity, true, Rng.seeded(6)), lengths);
            }
            reversedAgainstReversals("gru", new Gru(3, 6, true, Rng.seeded(7)), lengths);
        }
    }

    /**
     * The same arithmetic on the same rows, so values agree to the bit; the GRU's products over the batch-major rows
     * (its input side) add its gradients in another order.
     */
    private void reversedAgainstReversals(String what, RecurrentLayer layer, int[] lengths) {
        int batch = 6;
        int steps = 7;
        int[] runs = lengths != null ? lengths : new int[] {steps, steps, steps, steps, steps, steps};
        Tensor x = Tensor.variable(inputs.uniform(-1.5, 1.5, batch, steps, 3));
        Tensor h0 = Tensor.variable(inputs.uniform(-1, 1, 1, batch, 6));
        Map<String, Tensor> leaves = layer.requireGrad();
        RecurrentOutput fused = layer.forwardReversed(x, h0, lengths);
        RecurrentOutput inner = layer.forward(new Sequences(x, runs).reversed().values(), h0, lengths);
        Tensor output = new Sequences(inner.output(), runs).reversed().values();
        GoldenNn.assertClose(what + " output", output, fused.output(), 0.0);
        GoldenNn.assertClose(what + " h_n", inner.hN(), fused.hN(), 0.0);

        Tensor outputAdjoint = inputs.uniform(-1, 1, batch, steps, 6);
        Tensor lastAdjoint = inputs.uniform(-1, 1, 1, batch, 6);
        Gradients expected = Autodiff.gradients(List.of(output, inner.hN()), List.of(outputAdjoint, lastAdjoint));
        Gradients actual = Autodiff.gradients(List.of(fused.output(), fused.hN()), List.of(outputAdjoint, lastAdjoint));
        GoldenNn.assertClose(what + " d/d input", expected.of(x), actual.of(x), RELATIVE);
        GoldenNn.assertClose(what + " d/d h_0", expected.of(h0), actual.of(h0), RELATIVE);
        leaves.forEach((path, leaf) ->
                GoldenNn.assertClose(what + " d/d " + path, expected.of(leaf), actual.of(leaf), RELATIVE));
    }

    @Test
    void badShapesAndLengthsAreRejectedNamingTheLayer() {
        Gru gru = new Gru(3, 4, true, Rng.seeded(5));
        Tensor x = Tensor.zeros(2, 5, 3);
        assertMessage(() -> gru.forward(Tensor.zeros(2, 5, 2)), "Gru(3, 4, batch_first): input of shape [2, 5, 2]");
        assertMessage(() -> gru.forward(x, Tensor.zeros(2, 4)), "h_0 of shape [2, 4] must be [1, 2, 4]");
        assertMessage(() -> gru.forward(x, null, new int[] {5, 6}), "sequence 1 has length 6");
        assertMessage(() -> gru.forward(x, null, new int[] {0, 5}), "sequence 0 has length 0");
        assertMessage(() -> gru.forward(x, null, new int[] {5}), "1 lengths for a batch of 2");
        assertMessage(() -> gru.forward(Tensor.zeros(2, 0, 3)), "has no steps");
    }

    private static void assertMessage(Runnable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private void compare(String what, RecurrentLayer layer, int[] lengths) {
        int batch = 6;
        int steps = 7;
        Tensor x = Tensor.variable(inputs.uniform(-1.5, 1.5, batch, steps, 3));
        Tensor h0 = Tensor.variable(inputs.uniform(-1, 1, 1, batch, 6));
        Map<String, Tensor> leaves = layer.requireGrad();
        RecurrentOutput fused = layer.forward(x, h0, lengths);
        RecurrentOutput naive = reference(layer, x, h0, lengths);
        GoldenNn.assertClose(what + " output", naive.output(), fused.output(), RELATIVE);
        GoldenNn.assertClose(what + " h_n", naive.hN(), fused.hN(), RELATIVE);

        Tensor outputAdjoint = inputs.uniform(-1, 1, batch, steps, 6);
        Tensor lastAdjoint = inputs.uniform(-1, 1, 1, batch, 6);
        Gradients expected = Autodiff.gradients(List.of(naive.output(), naive.hN()),
                List.of(outputAdjoint, lastAdjoint));
        Gradients actual = Autodiff.gradients(List.of(fused.output(), fused.hN()), List.of(outputAdjoint, lastAdjoint));
        GoldenNn.assertClose(what + " d/d input", expected.of(x), actual.of(x), RELATIVE);
        GoldenNn.assertClose(what + " d/d h_0", expected.of(h0), actual.of(h0), RELATIVE);
        leaves.forEach((path, leaf) ->
                GoldenNn.assertClose(what + " d/d " + path, expected.of(leaf), actual.of(leaf), RELATIVE));
    }

    /** One sequence at a time, one step at a time, from tensor operations only; zero past each length. */
    private static RecurrentOutput reference(RecurrentLayer layer, Tensor x, Tensor h0, int[] lengths) {
        Map<String, Tensor> p = layer.parameterValues();
        int batch = x.size(0);
        int steps = x.size(1);
        int hidden = layer.hiddenSize();
        List<Tensor> outputs = new ArrayList<>();
        List<Tensor> lasts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int length = lengths == null ? steps : lengths[b];
            Tensor h = h0.select(1, b).select(0, 0);
            List<Tensor> states = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                if (t < length) {
                    Tensor xt = x.select(0, b).select(0, t);
                    h = layer instanceof Gru ? gruStep(p, xt, h, hidden) : rnnStep((Rnn) layer, p, xt, h);
                    states.add(h);
                } else {
                    states.add(Tensor.zeros(hidden));
                }
            }
            outputs.add(Tensor.stack(0, states));
            lasts.add(h);
        }
        return new RecurrentOutput(Tensor.stack(0, outputs), Tensor.stack(0, lasts).unsqueeze(0));
    }

    private static Tensor rnnStep(Rnn rnn, Map<String, Tensor> p, Tensor x, Tensor h) {
        Tensor a = p.get("weight_ih_l0").matmul(x).add(p.get("bias_ih_l0"))
                .add(p.get("weight_hh_l0").matmul(h).add(p.get("bias_hh_l0")));
        return rnn.nonlinearity() == Rnn.Nonlinearity.RELU ? a.relu() : a.tanh();
    }

    private static Tensor gruStep(Map<String, Tensor> p, Tensor x, Tensor h, int hidden) {
        Tensor gi = p.get("weight_ih_l0").matmul(x).add(p.get("bias_ih_l0"));
        Tensor gh = p.get("weight_hh_l0").matmul(h).add(p.get("bias_hh_l0"));
        Tensor r = gi.slice(0, 0, hidden).add(gh.slice(0, 0, hidden)).sigmoid();
        Tensor z = gi.slice(0, hidden, 2 * hidden).add(gh.slice(0, hidden, 2 * hidden)).sigmoid();
        Tensor n = gi.slice(0, 2 * hidden, 3 * hidden).add(r.mul(gh.slice(0, 2 * hidden, 3 * hidden))).tanh();
        return Tensor.onesLike(z).sub(z).mul(n).add(z.mul(h));
    }
}
