package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The layers at the edges of what they accept: sizes of one, a single time step, a convolution whose output has
 * one position, unbatched inputs, and torch's initialisation bound at a fan-in of one. Each is computed by hand.
 */
class SmallestShapesTest {

    @Test
    void aLinearLayerOfOneInputAndOneOutputIsAnAffineMap() {
        Linear linear = new Linear(1, 1, Rng.seeded(1));
        double w = linear.namedParameters().get("weight").value().item();
        double b = linear.namedParameters().get("bias").value().item();
        assertArrayEquals(new double[] {w * 2 + b, w * -3 + b}, linear.forward(Tensor.of(new double[] {2, -3}, 2, 1))
                .toArray(), 1e-15);
    }

    @Test
    void aRecurrentLayerOfSizeOneOverOneStepIsOneActivation() {
        Rnn rnn = new Rnn(1, 1, Rnn.Nonlinearity.TANH, true, Rng.seeded(2));
        double wIh = rnn.namedParameters().get("weight_ih_l0").value().item();
        double wHh = rnn.namedParameters().get("weight_hh_l0").value().item();
        double bIh = rnn.namedParameters().get("bias_ih_l0").value().item();
        double bHh = rnn.namedParameters().get("bias_hh_l0").value().item();
        double h0 = 0.25;
        RecurrentOutput out = rnn.forward(Tensor.of(new double[] {0.5}, 1, 1, 1), Tensor.of(new double[] {h0}, 1, 1, 1));
        double expected = Math.tanh(wIh * 0.5 + bIh + wHh * h0 + bHh);
        assertArrayEquals(new int[] {1, 1, 1}, out.output().shape());
        assertEquals(expected, out.output().item(), 1e-15);
        assertEquals(expected, out.hN().item(), 1e-15);
    }

    @Test
    void aConvolutionWhoseKernelCoversTheWholeInputHasOneOutputPosition() {
        Conv1d conv = new Conv1d(1, 2, 3, 0, Rng.seeded(3));
        double[] w = conv.namedParameters().get("weight").value().toArray();   // [2, 1, 3]
        double[] b = conv.namedParameters().get("bias").value().toArray();
        double[] x = {1, -2, 0.5};
        Tensor out = conv.forward(Tensor.of(x, 1, 3));   // unbatched: [C_in, L] in, [C_out, L_out] out
        assertArrayEquals(new int[] {2, 1}, out.shape());
        for (int c = 0; c < 2; c++) {
            assertEquals(w[3 * c] * x[0] + w[3 * c + 1] * x[1] + w[3 * c + 2] * x[2] + b[c], out.toArray()[c], 1e-15);
        }
        assertArrayEquals(new int[] {1, 2, 1}, conv.forward(Tensor.of(x, 1, 1, 3)).shape());
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.of(new double[] {1, 2}, 1, 2)));
    }

    @Test
    void torchsBoundAtAFanInOfOneIsOne() {
        assertEquals(1.0, TorchInit.bound(1));
        assertThrows(IllegalArgumentException.class, () -> TorchInit.bound(0));
        assertThrows(IllegalArgumentException.class, () -> TorchInit.uniform(Rng.seeded(4), 0.0, 2));
        assertEquals(1, TorchInit.uniform(Rng.seeded(4), Double.MIN_VALUE, 1).numElements());
    }
}
