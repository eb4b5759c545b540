package dev.trellis.runtime.tensor;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Numpy/torch broadcasting: shapes are aligned at their last dimension, and each pair of sizes must be equal or
 * one of them 1 (a missing leading dimension counts as 1); the result takes the larger size.
 *
 * <p>Kernels do not build strided views. Instead each input gets an offset map: for every element of the
 * broadcast result, the flat index of the input element it reads. The forward pass reads through the map and
 * the backward pass adds through it, which sums the adjoint over the broadcast dimensions for free.
 */
final class Broadcasting {

    private Broadcasting() {
    }

    /**
     * The broadcast shape of several shapes.
     *
     * @throws IllegalArgumentException naming the operation, all shapes and the first dimension that conflicts
     */
    static int[] shape(String op, int[]... shapes) {
        int rank = 0;
        for (int[] shape : shapes) {
            rank = Math.max(rank, shape.length);
        }
        int[] result = new int[rank];
        Arrays.fill(result, 1);
        for (int[] shape : shapes) {
            int shift = rank - shape.length;
            for (int d = 0; d < shape.length; d++) {
                int size = shape[d];
                int current = result[d + shift];
                if (size == current || size == 1) {
                    continue;
                }
                if (current != 1) {
                    throw new IllegalArgumentException(op + ": shapes " + describe(shapes)
                            + " cannot be broadcast together (sizes " + current + " and " + size + " at dim "
                            + (d + shift - rank) + ")");
                }
                result[d + shift] = size;
            }
        }
        return result;
    }

    /**
     * For each element of a tensor of shape {@code out}, the flat index of the element of the broadcast input of
     * shape {@code in} it reads; null when the shapes are equal (the identity map).
     */
    static int @Nullable [] offsets(int[] in, int[] out) {
        if (Arrays.equals(in, out)) {
            return null;
        }
        int rank = out.length;
        int shift = rank - in.length;
        int[] strides = new int[rank];
        int stride = 1;
        for (int d = in.length - 1; d >= 0; d--) {
            strides[d + shift] = in[d] == 1 ? 0 : stride;
            stride *= in[d];
        }
        int count = Shapes.numElements(out);
        int[] offsets = new int[count];
        int[] index = new int[rank];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            offsets[i] = offset;
            for (int d = rank - 1; d >= 0; d--) {
                offset += strides[d];
                if (++index[d] < out[d]) {
                    break;
                }
                offset -= strides[d] * out[d];
                index[d] = 0;
            }
        }
        return offsets;
    }

    /** The flat input index read by output element {@code i}: through the map, or {@code i} itself. */
    static int at(int @Nullable [] offsets, int i) {
        return offsets == null ? i : offsets[i];
    }

    private static String describe(int[]... shapes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) {
                out.append(i == shapes.length - 1 ? " and " : ", ");
            }
            out.append(Arrays.toString(shapes[i]));
        }
        return out.toString();
    }
}
