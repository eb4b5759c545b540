package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * Entry-wise comparisons of tensors against Pyro's: {@link #assertRelative} holds every entry to its own relative
 * error; {@link #assertGradient} does so with a floor tied to the table's largest entry,
 * {@code |actual - expected| <= rel * max(|expected|, FLOOR * max|expected|)}.
 *
 * <p>Why a floor: an entry of a JSB gradient is a sum over ~10^4 steps and ~10^2 sequences of terms of either sign,
 * and for simplex tables torch's renormalisation subtracts {@code sum_k p_ik g_ik}, a term as large as the row's
 * largest entries. Its rounding error is therefore absolute, of order {@code eps * max|g|} whatever the entry's own
 * size: entries that cancel to near zero (hmm2 has entries of 1e-9 beside 1.1e4) carry a relative error that means
 * nothing. Measured, every entry of every model is within {@code 6e-14 * max|g|} of Pyro's; the floor
 * {@code 1e-5} with {@code rel = 1e-7} allows {@code 1e-12 * max|g|} there (about 17 times the worst case), and every
 * entry above {@code 1e-5 * max|g|} is held to the full relative tolerance.
 */
public final class TensorTolerance {
    static final double FLOOR = 1e-5;

    private TensorTolerance() {}

    /** Every entry within {@code rel} of its expected value: for parameter values, which have no cancellation. */
    public static void assertRelative(Tensor expected, Tensor actual, double rel, String what) {
        assertWithFloor(expected, actual, rel, 0, what);
    }

    /** Every entry within {@code rel} of {@code max(|expected|, FLOOR * max|expected|)}: for gradients. */
    public static void assertGradient(Tensor expected, Tensor actual, double rel, String what) {
        assertWithFloor(expected, actual, rel, FLOOR, what);
    }

    private static void assertWithFloor(Tensor expected, Tensor actual, double rel, double floor, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        double scale = Arrays.stream(e).map(Math::abs).max().orElse(0) * floor;
        for (int i = 0; i < e.length; i++) {
            double allowed = rel * Math.max(Math.abs(e[i]), scale);
            if (!(Math.abs(a[i] - e[i]) <= allowed)) {
                fail(what + Arrays.toString(index(i, expected.shape())) + ": expected " + e[i] + " but was " + a[i] + " (|diff| "
                        + Math.abs(a[i] - e[i]) + " > " + allowed + ")");
            }
        }
    }

    private static int[] index(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
