package dev.trellis.runtime.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operations that rearrange elements without computing on them: {@code reshape} and its special cases
 * {@code unsqueeze}/{@code squeeze}, {@code expand}, and {@code permute}/{@code transpose}.
 *
 * <p>Tensors are always contiguous and row-major, so a reshape shares its input's (immutable) array and copies
 * nothing, while {@code expand} and {@code permute} materialise their result. The backward pass of each is the
 * inverse rearrangement, adding where {@code expand} had repeated an element.
 */
final class ShapeOps {

    private ShapeOps() {
    }

    /** Same elements, new shape; at most one size may be -1 and is then inferred. */
    static Tensor reshape(Tensor x, int... shape) {
        return view("reshape", x, resolve(x.dims(), shape));
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shapes.dimIn("unsqueeze", dim, x.rank() + 1, x.dims());
        return view("unsqueeze", x, Shapes.insert(x.dims(), d, 1));
    }

    /** Drops {@code dim} if its size is 1; otherwise returns the tensor unchanged, as torch. */
    static Tensor squeeze(Tensor x, int dim) {
        int d = Shapes.dim("squeeze", dim, x.dims());
        return x.dims()[d] != 1 ? x : view("squeeze", x, Shapes.remove(x.dims(), d));
    }

    /** Drops every dimension of size 1. */
    static Tensor squeeze(Tensor x) {
        int[] kept = Arrays.stream(x.dims()).filter(size -> size != 1).toArray();
        return kept.length == x.rank() ? x : view("squeeze", x, kept);
    }

    private static Tensor view(String op, Tensor x, int[] shape) {
        return Tensor.result(x.values(), shape, op, new Tensor[] {x}, (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            for (int i = 0; i < g.length; i++) {
                adjoint[i] += g[i];
            }
        });
    }

    private static int[] resolve(int[] from, int[] shape) {
        int count = Shapes.numElements(from);
        int inferred = -1;
        long known = 1;
        boolean valid = true;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1 && inferred < 0) {
                inferred = d;
            } else if (shape[d] < 0) {
                valid = false;
            } else {
                known *= shape[d];
            }
        }
        int[] resolved = shape.clone();
        if (valid && inferred >= 0 && known != 0 && count % known == 0) {
            resolved[inferred] = (int) (count / known);
            known = count;
        }
        if (!valid || known != count || (inferred >= 0 && resolved[inferred] < 0)) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.str(from) + " (" + count
                    + " elements) to " + Shapes.str(shape));
        }
        return resolved;
    }

    /**
     * Repeats size-1 dimensions (and adds leading ones) to reach {@code sizes}, as torch's {@code expand};
     * -1 keeps a size. The backward pass sums over the repeated dimensions.
     */
    static Tensor expand(Tensor x, int... sizes) {
        int[] shape = x.dims();
        int shift = sizes.length - shape.length;
        if (shift < 0) {
            throw expandError(shape, sizes, "the target has fewer dims");
        }
        int[] target = new int[sizes.length];
        for (int d = 0; d < sizes.length; d++) {
            int size = sizes[d];
            if (d < shift) {
                if (size < 0) {
                    throw expandError(shape, sizes, "a new leading dim needs a size >= 0, got " + size);
                }
                target[d] = size;
                continue;
            }
            int current = shape[d - shift];
            if (size == -1 || size == current) {
                target[d] = current;
            } else if (current == 1 && size >= 0) {
                target[d] = size;
            } else {
                throw expandError(shape, sizes, "dim " + d + " has size " + current + ", which is not 1");
            }
        }
        int[] offsets = Broadcasting.offsets(shape, target);
        if (offsets == null) {
            return x;
        }
        return gatherFlat("expand", x, target, offsets);
    }

    private static IllegalArgumentException expandError(int[] shape, int[] sizes, String why) {
        return new IllegalArgumentException("expand: cannot expand shape " + Shapes.str(shape) + " to "
                + Shapes.str(sizes) + ": " + why);
    }

    /** Reorders the dimensions: dimension {@code d} of the result is dimension {@code dims[d]} of the input. */
    static Tensor permute(Tensor x, int... dims) {
        int[] shape = x.dims();
        int rank = shape.length;
        int[] order = new int[rank];
        boolean[] seen = new boolean[rank];
        if (dims.length != rank) {
            throw notAPermutation(dims, shape);
        }
        for (int d = 0; d < rank; d++) {
            int dim = dims[d] < 0 ? dims[d] + rank : dims[d];
            if (dim < 0 || dim >= rank || seen[dim]) {
                throw notAPermutation(dims, shape);
            }
            seen[dim] = true;
            order[d] = dim;
        }
        int[] target = new int[rank];
        int[] strides = Shapes.strides(shape);
        int[] permutedStrides = new int[rank];
        for (int d = 0; d < rank; d++) {
            target[d] = shape[order[d]];
            permutedStrides[d] = strides[order[d]];
        }
        int[] offsets = new int[Shapes.numElements(target)];
        int[] index = new int[rank];
        int offset = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = offset;
            for (int d = rank - 1; d >= 0; d--) {
                offset += permutedStrides[d];
                if (++index[d] < target[d]) {
                    break;
                }
                offset -= permutedStrides[d] * target[d];
                index[d] = 0;
            }
        }
        return gatherFlat("permute", x, target, offsets);
    }

    private static IllegalArgumentException notAPermutation(int[] dims, int[] shape) {
        return new IllegalArgumentException("permute: " + Arrays.toString(dims)
                + " is not a permutation of the dims of shape " + Shapes.str(shape));
    }

    /** Swaps two dimensions. */
    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = Shapes.dim("transpose", dim0, x.dims());
        int b = Shapes.dim("transpose", dim1, x.dims());
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < x.rank(); d++) {
            order.add(d == a ? b : d == b ? a : d);
        }
        return permute(x, order.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code out[i] = x[offsets[i]]}; the backward pass adds {@code g[i]} back at {@code offsets[i]}. */
    static Tensor gatherFlat(String op, Tensor x, int[] shape, int[] offsets) {
        double[] in = x.values();
        double[] out = new double[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            out[i] = in[offsets[i]];
        }
        return Tensor.result(out, shape, op, new Tensor[] {x}, (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            for (int i = 0; i < offsets.length; i++) {
                adjoint[offsets[i]] += g[i];
            }
        });
    }

    /**
     * {@code out[b * length + i] = x[starts[b] + i]}: {@link #gatherFlat} for contiguous blocks, copied and added back
     * a block at a time (the same additions, in the same order).
     */
    static Tensor gatherBlocks(String op, Tensor x, int[] shape, int[] starts, int length) {
        double[] in = x.values();
        double[] out = new double[starts.length * length];
        for (int b = 0; b < starts.length; b++) {
            System.arraycopy(in, starts[b], out, b * length, length);
        }
        return Tensor.result(out, shape, op, new Tensor[] {x}, (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            for (int b = 0; b < starts.length; b++) {
                int from = starts[b];
                int at = b * length;
                for (int i = 0; i < length; i++) {
                    adjoint[from + i] += g[at + i];
                }
            }
        });
    }
}
