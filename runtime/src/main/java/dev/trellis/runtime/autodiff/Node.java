package dev.trellis.runtime.autodiff;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One vertex of the autodiff graph: either a leaf (a tensor that requires grad) or the record of an operation
 * whose inputs include a tensor that requires grad.
 *
 * <p>A node holds its inputs' nodes (null for inputs that are constants), the shape of its output and the
 * operation's {@link Backward}; it never holds its output, so a graph lives exactly as long as some tensor
 * computed from it is reachable. Nodes are immutable and have identity semantics: the engine keys adjoints by
 * node identity, so a tensor reused twice is one node whose adjoint accumulates both uses.
 *
 * <p>Operations on {@link Tensor} create nodes; user code rarely needs to, except through
 * {@link Tensor#withBackward}.
 *
 * <p>Immutable, so thread-safe.
 */
public final class Node {

    private final String op;
    private final int[] shape;
    private final int numElements;
    private final @Nullable Node[] inputs;
    private final @Nullable Backward backward;
    private final @Nullable Tensor leaf;
    /**
     * A hash drawn from a counter when the node is made: the engine keys its per-call tables by it instead of by
     * {@link System#identityHashCode}, whose first call on each new node is a slow path in the VM (a graph's nodes
     * are new on every step). Unsynchronised: threads racing on the counter only give equal hashes, never wrong
     * lookups, because keys are still compared by identity.
     */
    private final int hash;

    private static int created;

    private Node(String op, int[] shape, @Nullable Node[] inputs, @Nullable Backward backward,
            @Nullable Tensor leaf) {
        this.op = op;
        this.shape = shape;
        int count = 1;
        for (int size : shape) {
            count *= size;
        }
        this.numElements = count;
        this.inputs = inputs;
        this.backward = backward;
        this.leaf = leaf;
        this.hash = (created++) * 0x9E3779B9;
    }

    /**
     * Creates the node of a leaf: the tensor gradients are taken with respect to.
     *
     * @param value the leaf tensor, which holds this node
     * @return a new leaf node with the tensor's shape
     */
    public static Node leaf(Tensor value) {
        return new Node("leaf", value.shape(), new Node[0], null, value);
    }

    /**
     * Creates the node of an operation.
     *
     * @param op a short name of the operation, for messages and {@link Tensor#toString()}
     * @param shape the shape of the operation's output; copied
     * @param inputs the nodes of the operation's inputs in order, null for inputs that are constants; copied
     * @param backward the operation's vector-Jacobian product, called with buffers in the order of {@code inputs}
     * @return a new node
     */
    public static Node op(String op, int[] shape, @Nullable Node[] inputs, Backward backward) {
        return new Node(op, shape.clone(), inputs.clone(), backward, null);
    }

    /** {@return the name of the operation, {@code "leaf"} for a leaf} */
    public String op() {
        return op;
    }

    /** {@return whether this node is a leaf rather than the record of an operation} */
    public boolean isLeaf() {
        return backward == null;
    }

    /** {@return a copy of the shape of the tensor this node belongs to} */
    public int[] shape() {
        return shape.clone();
    }

    int numElements() {
        return numElements;
    }

    int[] shapeView() {
        return shape;
    }

    @Nullable Node[] inputs() {
        return inputs;
    }

    Backward backward() {
        if (backward == null) {
            throw new IllegalStateException("a leaf has no backward");
        }
        return backward;
    }

    Tensor leafTensor() {
        if (leaf == null) {
            throw new IllegalStateException("node '" + op + "' is not a leaf");
        }
        return leaf;
    }

    /** {@return the node's hash, fixed at creation}; equality stays identity */
    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return this == other;
    }

    @Override
    public String toString() {
        return "Node[" + op + ", shape " + Arrays.toString(shape) + "]";
    }
}
