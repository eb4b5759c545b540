package dev.trellis.runtime.nn;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;

/**
 * torch's default initialisation of its layers, drawn from the runtime's {@link Rng} (torch's own draws come from
 * its global generator and cannot be reproduced here; the distributions are the same).
 *
 * <p>Every layer torch provides starts from a uniform distribution on {@code [-b, b)}: for {@code Linear} and
 * {@code Conv1d}, {@code kaiming_uniform_(a = sqrt(5))} on the weight, whose bound {@code gain * sqrt(3 / fan_in)}
 * with {@code gain = sqrt(2 / (1 + a^2))} is exactly {@code 1 / sqrt(fan_in)}, and the same bound on the bias; for
 * {@code RNN} and {@code GRU}, {@code 1 / sqrt(hidden_size)} on every tensor.
 *
 * <p>Thread-safe: it keeps no state; each call draws from the {@link dev.trellis.runtime.random.Rng} it is given, which
 * must not be shared between threads.
 */
public final class TorchInit {

    private TorchInit() {
    }

    /**
     * {@return {@code 1 / sqrt(fanIn)}, the bound of torch's default initialisation for that fan-in}
     *
     * @throws IllegalArgumentException if {@code fanIn < 1}
     */
    public static double bound(int fanIn) {
        if (fanIn < 1) {
            throw new IllegalArgumentException("fan-in " + fanIn + " must be at least 1");
        }
        return 1.0 / Math.sqrt(fanIn);
    }

    /**
     * Draws a tensor with independent entries uniform on {@code [-bound, bound)}, as torch's {@code uniform_}, in
     * row-major order (one {@link Rng#nextDouble()} per entry).
     *
     * @param rng the stream to draw from
     * @param bound a positive finite bound
     * @param shape the shape
     * @return a constant tensor
     */
    public static Tensor uniform(Rng rng, double bound, int... shape) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("bound " + bound + " must be positive and finite");
        }
        Tensor zeros = Tensor.zeros(shape);
        double[] values = new double[zeros.numElements()];
        for (int i = 0; i < values.length; i++) {
            values[i] = -bound + 2 * bound * rng.nextDouble();
        }
        return Tensor.of(values, shape);
    }
}
