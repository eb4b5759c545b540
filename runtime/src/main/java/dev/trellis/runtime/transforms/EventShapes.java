package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * Shape checks and sums over event dimensions shared by the transforms. torch fails on a too-small input with
 * an IndexError or a bare "Too few dimensions on input"; these say which transform and which shape.
 */
final class EventShapes {

    private EventShapes() {
    }

    /** Throws unless {@code shape} has at least {@code eventDim} dimensions. */
    static void requireRank(String transform, String what, int[] shape, int eventDim) {
        if (shape.length < eventDim) {
            throw new IllegalArgumentException(transform + " needs " + what + " with at least " + eventDim
                    + (eventDim == 1 ? " dimension" : " dimensions") + " (its event), got shape "
                    + Arrays.toString(shape));
        }
    }

    /** Throws unless the last two sizes of {@code shape} are equal (and there are at least two). */
    static void requireSquare(String transform, String what, int[] shape) {
        requireRank(transform, what, shape, 2);
        if (shape[shape.length - 1] != shape[shape.length - 2]) {
            throw new IllegalArgumentException(transform + " needs " + what + " whose last two dimensions are "
                    + "square matrices, got shape " + Arrays.toString(shape));
        }
    }

    /** torch's {@code _sum_rightmost}: sums out the last {@code dims} dimensions (none for {@code dims <= 0}). */
    static Tensor sumRightmost(Tensor value, int dims) {
        Tensor result = value;
        for (int d = 0; d < dims; d++) {
            result = result.sum(-1, false);
        }
        return result;
    }

    /** The shape with its last size changed by {@code delta}. */
    static int[] withLastSize(int[] shape, int delta) {
        int[] result = shape.clone();
        result[result.length - 1] += delta;
        return result;
    }
}
