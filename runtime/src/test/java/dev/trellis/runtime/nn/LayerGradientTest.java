package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Every layer's gradient with respect to its input and all of its parameters against finite differences, on shapes
 * and settings beyond the golden file's: batched and unbatched inputs, extra batch dimensions, stride, dilation,
 * several channels, ragged lengths, and the activations at saturated inputs, at ReLU's kink and around Softplus's
 * threshold.
 */
class LayerGradientTest {

    private final Inputs inputs = new Inputs(11);

    @Test
    void linearOnBatchesOfAnyRankAndWithoutBias() {
        Linear linear = new Linear(4, 3, Rng.seeded(1));
        for (int[] shape : new int[][] {{4}, {5, 4}, {2, 3, 4}}) {
            ModuleGradients.check("linear " + java.util.Arrays.toString(shape), linear,
                    x -> linear.forward(x.get(0)), inputs.uniform(-2, 2, shape));
        }
        Linear noBias = new Linear(3, 2, false, Rng.seeded(2));
        ModuleGradients.check("linear without bias", noBias, x -> noBias.forward(x.get(0)),
                inputs.uniform(-2, 2, 4, 3));
    }

    @Test
    void sequentialOfLinearLayersAndSmoothActivations() {
        Rng rng = Rng.seeded(3);
        Sequential net = new Sequential(new Linear(3, 5, rng), new Tanh(), new Linear(5, 4, rng), new Sigmoid(),
                new Linear(4, 2, rng), new Softplus(2.0, 3.0));
        ModuleGradients.check("sequential", net, x -> net.forward(x.get(0)), inputs.uniform(-2, 2, 6, 3));
    }

    @Test
    void activationsOverTheirWholeRangeIncludingSaturation() {
        double[] points = {-30, -12, -4, -1, -0.3, 0.2, 1, 4, 12, 30};
        Tensor x = Tensor.vector(points);
        GradientChecker.check("tanh", v -> new Tanh().forward(v[0]), x);
        GradientChecker.check("sigmoid", v -> new Sigmoid().forward(v[0]), x);
        GradientChecker.check("softplus", v -> new Softplus().forward(v[0]), x);
        GradientChecker.check("relu away from 0", v -> new Relu().forward(v[0]), x);
    }

    @Test
    void softplusAroundItsThresholdOnEitherSide() {
        // steps are 1e-3 |x| (2e-2 near 20): the stencils stay on one side of the jump at beta x = threshold
        GradientChecker.check("softplus near 20", v -> new Softplus().forward(v[0]),
                Tensor.vector(19.9, 19.95, 20.05, 20.1, 21, 25));
        GradientChecker.check("softplus beta 2 threshold 5 near x = 2.5", v -> new Softplus(2.0, 5.0).forward(v[0]),
                Tensor.vector(2.4, 2.45, 2.55, 2.6, -2.5));
        GradientChecker.check("softplus beta -1.5", v -> new Softplus(-1.5, 20.0).forward(v[0]),
                Tensor.vector(-3, -0.5, 0.5, 3));
    }

    @Test
    void softplusAtItsThresholdTakesTheLeftDerivativeAndJumpsAsTorch() {
        Tensor x = Tensor.variable(Tensor.vector(20.0, Math.nextUp(20.0)));
        Tensor y = new Softplus().forward(x);
        assertEquals(20.0 + Math.log1p(Math.exp(-20.0)), y.toArray()[0], 1e-14);
        assertEquals(Math.nextUp(20.0), y.toArray()[1], 0.0);
        double[] slopes = Autodiff.gradients(y.sum()).of(x).toArray();
        // at the threshold: sigmoid(20), the derivative of the left piece; above it: exactly 1
        assertEquals(1 / (1 + Math.exp(-20.0)), slopes[0], 1e-16);
        double h = 1e-4;
        double left = (softplus(20.0) - softplus(20.0 - h)) / h;
        assertEquals(left, slopes[0], 1e-8);
        assertEquals(1.0, slopes[1], 0.0);
    }

    @Test
    void reluAtExactlyZeroHasTorchsSubgradientZero() {
        Tensor x = Tensor.variable(Tensor.vector(-0.0, 0.0, 1e-300, -1e-300));
        Tensor y = new Relu().forward(x);
        double[] slopes = Autodiff.gradients(y.sum()).of(x).toArray();
        assertEquals(0.0, slopes[0], 0.0);
        assertEquals(0.0, slopes[1], 0.0);
        assertEquals(1.0, slopes[2], 0.0);
        assertEquals(0.0, slopes[3], 0.0);
        // within the one-sided derivatives 0 (left) and 1 (right)
        assertEquals(0.0, new Relu().forward(Tensor.scalar(-1e-3)).item(), 0.0);
        assertEquals(1e-3, new Relu().forward(Tensor.scalar(1e-3)).item(), 0.0);
    }

    @Test
    void recurrentLayersWithAndWithoutInitialState() {
        for (Rnn.Nonlinearity nonlinearity : Rnn.Nonlinearity.values()) {
            Rnn rnn = new Rnn(3, 5, nonlinearity, true, Rng.seeded(4));
            ModuleGradients.check("rnn " + nonlinearity + " h0", rnn,
                    x -> ModuleGradients.flat(rnn.forward(x.get(0), x.get(1))),
                    inputs.uniform(-1.5, 1.5, 3, 6, 3), inputs.uniform(-1, 1, 1, 3, 5));
            ModuleGradients.check("rnn " + nonlinearity + " zeros", rnn,
                    x -> ModuleGradients.flat(rnn.forward(x.get(0))), inputs.uniform(-1.5, 1.5, 2, 4, 3));
        }
        Gru gru = new Gru(3, 5, true, Rng.seeded(5));
        ModuleGradients.check("gru h0", gru, x -> ModuleGradients.flat(gru.forward(x.get(0), x.get(1))),
                inputs.uniform(-1.5, 1.5, 3, 6, 3), inputs.uniform(-1, 1, 1, 3, 5));
        ModuleGradients.check("gru zeros", gru, x -> ModuleGradients.flat(gru.forward(x.get(0))),
                inputs.uniform(-1.5, 1.5, 2, 4, 3));
    }

    @Test
    void recurrentLayersOnRaggedSequencesTimeFirstAndUnbatched() {
        int[] lengths = {3, 6, 1, 6, 4};
        Rnn rnn = new Rnn(2, 4, Rnn.Nonlinearity.TANH, false, Rng.seeded(6));
        ModuleGradients.check("rnn ragged time first", rnn,
                x -> ModuleGradients.flat(rnn.forward(x.get(0), x.get(1), lengths)),
                inputs.uniform(-1.5, 1.5, 6, 5, 2), inputs.uniform(-1, 1, 1, 5, 4));
        Gru gru = new Gru(2, 4, true, Rng.seeded(7));
        ModuleGradients.check("gru ragged", gru, x -> ModuleGradients.flat(gru.forward(x.get(0), x.get(1), lengths)),
                inputs.uniform(-1.5, 1.5, 5, 6, 2), inputs.uniform(-1, 1, 1, 5, 4));
        ModuleGradients.check("gru unbatched", gru, x -> ModuleGradients.flat(gru.forward(x.get(0), x.get(1))),
                inputs.uniform(-1.5, 1.5, 4, 2), inputs.uniform(-1, 1, 1, 4));
    }

    @Test
    void conv1dWithChannelsStrideDilationAndPadding() {
        Conv1d hmm = new Conv1d(1, 2, 3, 1, Rng.seeded(8));
        ModuleGradients.check("conv1d as hmm.py", hmm, x -> hmm.forward(x.get(0)), inputs.uniform(-1, 1, 4, 1, 9));
        Conv1d general = new Conv1d(2, 3, 3, 2, 2, 2, true, Rng.seeded(9));
        ModuleGradients.check("conv1d stride 2 padding 2 dilation 2", general, x -> general.forward(x.get(0)),
                inputs.uniform(-1, 1, 3, 2, 10));
        Conv1d noBias = new Conv1d(2, 1, 4, 1, 0, 1, false, Rng.seeded(10));
        ModuleGradients.check("conv1d unbatched without bias", noBias, x -> noBias.forward(x.get(0)),
                inputs.uniform(-1, 1, 2, 7));
    }

    private static double softplus(double x) {
        return new Softplus().forward(Tensor.scalar(x)).item();
    }
}
