package dev.trellis.runtime.autodiff;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one backward pass: the gradient of each leaf the outputs depend on.
 *
 * <p>Immutable; the gradients are constant tensors (they do not require grad).
 *
 * <p>Never changed after the backward pass that makes it, so thread-safe.
 */
public final class Gradients {

    private final Map<Node, Tensor> byLeaf = new HashMap<>();
    private final List<Tensor> leaves = new ArrayList<>();

    Gradients(Map<Node, double[]> leafAdjoints) {
        for (Map.Entry<Node, double[]> entry : leafAdjoints.entrySet()) {
            Node node = entry.getKey();
            // each leaf's adjoint is its own array, which the finished pass no longer touches
            byLeaf.put(node, Tensor.ofWithoutCopy(entry.getValue(), node.shapeView()));
            leaves.add(node.leafTensor());
        }
    }

    /**
     * Returns the gradient with respect to one leaf.
     *
     * @param leaf a tensor made by {@link Tensor#variable} or {@link Tensor#requiringGrad()}
     * @return a constant tensor of the leaf's shape; zeros if the outputs do not depend on the leaf
     * @throws IllegalArgumentException if the tensor does not require grad, or if it is the output of an
     *     operation rather than a leaf
     */
    public Tensor of(Tensor leaf) {
        Node node = leaf.node();
        if (node == null) {
            throw new IllegalArgumentException("gradient requested for a tensor of shape "
                    + Arrays.toString(leaf.shape()) + " that does not require grad; make it a leaf with "
                    + "Tensor.variable(value) before computing the outputs");
        }
        if (!node.isLeaf()) {
            throw new IllegalArgumentException("gradient requested for the output of '" + node.op()
                    + "', which is not a leaf; gradients are kept for leaves only");
        }
        Tensor gradient = byLeaf.get(node);
        return gradient != null ? gradient : Tensor.zeros(leaf.shape());
    }

    /** {@return the leaves the outputs depend on, in a deterministic order (depth-first from the outputs)} */
    public List<Tensor> leaves() {
        return Collections.unmodifiableList(leaves);
    }

    @Override
    public String toString() {
        return "Gradients[" + leaves.size() + " leaves]";
    }
}
