package dev.trellis.runtime.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Joining tensors: {@code cat} along an existing dimension and {@code stack} along a new one. The backward pass
 * hands each input its own block of the output's adjoint.
 */
final class JoinOps {

    private JoinOps() {
    }

    /** Concatenates along {@code dim}; the other sizes must agree. */
    static Tensor cat(int dim, List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: needs at least one tensor");
        }
        int[] first = tensors.get(0).dims();
        if (first.length == 0) {
            throw new IllegalArgumentException("cat: cannot concatenate scalars (shape []); use stack");
        }
        int d = Shapes.dim("cat", dim, first);
        int[] starts = new int[tensors.size()];
        int sum = 0;
        for (int k = 0; k < tensors.size(); k++) {
            int[] shape = tensors.get(k).dims();
            if (!sameExcept(first, shape, d)) {
                throw new IllegalArgumentException("cat: tensor " + k + " has shape " + Shapes.str(shape)
                        + " but tensor 0 has shape " + Shapes.str(first) + "; they must match except in dim " + d);
            }
            starts[k] = sum;
            sum += shape[d];
        }
        int total = sum;
        int outer = Shapes.outer(first, d);
        int inner = Shapes.inner(first, d);
        int[] target = Shapes.with(first, d, total);
        double[] out = new double[Shapes.numElements(target)];
        for (int k = 0; k < tensors.size(); k++) {
            Tensor tensor = tensors.get(k);
            int block = tensor.dims()[d] * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(tensor.values(), o * block, out, (o * total + starts[k]) * inner, block);
            }
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return Tensor.result(out, target, "cat", inputs, (g, adjoints) -> {
            for (int k = 0; k < inputs.length; k++) {
                double[] adjoint = adjoints[k];
                if (adjoint == null) {
                    continue;
                }
                int block = inputs[k].dims()[d] * inner;
                for (int o = 0; o < outer; o++) {
                    int from = (o * total + starts[k]) * inner;
                    for (int j = 0; j < block; j++) {
                        adjoint[o * block + j] += g[from + j];
                    }
                }
            }
        });
    }

    /** Stacks tensors of one shape along a new dimension {@code dim}, in {@code [-(rank + 1), rank]}. */
    static Tensor stack(int dim, List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        int[] first = tensors.get(0).dims();
        int d = Shapes.dimIn("stack", dim, first.length + 1, first);
        Tensor[] unsqueezed = new Tensor[tensors.size()];
        for (int k = 0; k < unsqueezed.length; k++) {
            int[] shape = tensors.get(k).dims();
            if (!Arrays.equals(first, shape)) {
                throw new IllegalArgumentException("stack: tensor " + k + " has shape " + Shapes.str(shape)
                        + " but tensor 0 has shape " + Shapes.str(first) + "; all must have the same shape");
            }
            unsqueezed[k] = ShapeOps.unsqueeze(tensors.get(k), d);
        }
        return cat(d, Arrays.asList(unsqueezed));
    }

    private static boolean sameExcept(int[] a, int[] b, int dim) {
        if (a.length != b.length) {
            return false;
        }
        for (int d = 0; d < a.length; d++) {
            if (d != dim && a[d] != b[d]) {
                return false;
            }
        }
        return true;
    }
}
