package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;
import java.util.function.DoubleSupplier;

/**
 * Parameter-free noise for reparameterised samplers ({@code eps} in {@code loc + scale * eps}): a constant tensor
 * whose entries are drawn one after another in row-major order. The fixed order is what makes a seeded draw
 * reproducible, and what lets a test redraw the same noise to check the sampler's gradient against finite
 * differences.
 */
final class StandardDraws {

    private StandardDraws() {
    }

    /**
     * Fills a constant tensor of {@code shape} with successive draws.
     *
     * @param shape the batch shape of the draw
     * @param draw one standard draw per call, e.g. {@code rng::nextGaussian}
     * @return a constant tensor, outside the autodiff tape
     */
    static Tensor of(int[] shape, DoubleSupplier draw) {
        int count = 1;
        for (int size : shape) {
            count *= size;
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = draw.getAsDouble();
        }
        return Tensor.of(values, shape);
    }
}
