package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.SplittableRandom;

/** Test inputs: tensors of independent uniform entries in [-1, 1), from a seeded stream so that a failure repeats. */
final class UniformTensors {

    private UniformTensors() {
    }

    /** {@return {@code size} of the stream's next uniform draws in [-1, 1), one at a time} */
    static double[] values(SplittableRandom random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextDouble(-1, 1);
        }
        return values;
    }

    /** {@return a tensor of the given shape, its entries the stream's next uniform draws in [-1, 1)} */
    static Tensor uniform(SplittableRandom random, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        return Tensor.of(random.doubles(size, -1, 1).toArray(), shape);
    }
}
