package dev.trellis.runtime.autodiff;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward engine: vector-Jacobian products of tensors with respect to the leaves they were computed from.
 *
 * <p>One call walks the graph once in reverse topological order (every node after all of its consumers),
 * calling each operation's {@link Backward} with its accumulated output adjoint. Adjoints live in buffers
 * private to the call, one per node of the walk; a non-leaf's buffer goes back to the call's {@link AdjointBufferPool}
 * as soon as its backward has run, for a later node of the same size, and leaves are never modified. The walk is iterative, so graphs as deep as a long time loop do not
 * overflow the stack.
 *
 * <p>Thread-safe: each call works on adjoint buffers of its own and never modifies the graph, so several threads may
 * differentiate the same graph at once.
 */
public final class Autodiff {

    private Autodiff() {
    }

    /**
     * Returns the gradient of a scalar with respect to every leaf it depends on.
     *
     * @param scalarOutput a tensor with exactly one element (any rank), seeded with adjoint 1
     * @return the gradients; all zero if the output does not require grad
     * @throws IllegalArgumentException if the output has more or fewer than one element: pass explicit adjoints to
     *     {@link #gradients(List, List)} instead
     */
    public static Gradients gradients(Tensor scalarOutput) {
        if (scalarOutput.numElements() != 1) {
            throw new IllegalArgumentException("gradients(output) needs a scalar output to seed with 1, got shape "
                    + Arrays.toString(scalarOutput.shape()) + "; pass an adjoint of that shape to "
                    + "gradients(outputs, adjoints) for a vector-Jacobian product");
        }
        return gradients(List.of(scalarOutput), List.of(Tensor.onesLike(scalarOutput)));
    }

    /**
     * Returns the vector-Jacobian product {@code sum_i adjoints[i] . d outputs[i] / d leaf} for every leaf the
     * outputs depend on.
     *
     * <p>This is how factor marginals computed by a sum-product pass enter the graph: the marginal of each factor
     * is the adjoint of that factor's log table. An output listed twice contributes twice. Outputs that do not
     * require grad contribute nothing. Only the adjoints' values are used, never their graphs.
     *
     * @param outputs the tensors to differentiate
     * @param adjoints one adjoint per output, each of exactly its output's shape
     * @return the gradients of the leaves
     * @throws IllegalArgumentException if the lists differ in length or an adjoint's shape differs from its
     *     output's (naming both shapes)
     */
    public static Gradients gradients(List<Tensor> outputs, List<Tensor> adjoints) {
        if (outputs.size() != adjoints.size()) {
            throw new IllegalArgumentException("gradients: " + outputs.size() + " outputs but " + adjoints.size()
                    + " adjoints; give one adjoint per output");
        }
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor output = outputs.get(i);
            Tensor adjoint = adjoints.get(i);
            if (!Arrays.equals(output.shape(), adjoint.shape())) {
                throw new IllegalArgumentException("gradients: adjoint " + i + " has shape "
                        + Arrays.toString(adjoint.shape()) + " but output " + i + " has shape "
                        + Arrays.toString(output.shape()));
            }
            Node node = output.node();
            if (node != null) {
                roots.add(node);
            }
        }
        NodePositions position = new NodePositions();
        List<int[]> inputPositions = new ArrayList<>();
        List<Node> order = postOrder(roots, position, inputPositions);
        // Buffers by position in the order; the walk recorded where every input sits, so no lookups here.
        double[][] buffers = new double[order.size()][];
        AdjointBufferPool pool = new AdjointBufferPool();
        for (int i = 0, r = 0; i < outputs.size(); i++) {
            if (outputs.get(i).node() != null) {
                addInto(buffer(buffers, order, pool, position.get(roots.get(r++))), adjoints.get(i).valuesWithoutCopy());
            }
        }
        Map<Node, double[]> leafAdjoints = new LinkedHashMap<>();
        for (int k = order.size() - 1; k >= 0; k--) {
            Node node = order.get(k);
            double[] adjoint = buffer(buffers, order, pool, k);
            if (node.isLeaf()) {
                leafAdjoints.put(node, adjoint);
                continue;
            }
            Node[] inputs = node.inputs();
            int[] at = inputPositions.get(k);
            double[][] inputAdjoints = new double[inputs.length][];
            for (int j = 0; j < inputs.length; j++) {
                if (inputs[j] != null) {
                    inputAdjoints[j] = buffer(buffers, order, pool, at[j]);
                }
            }
            node.backward().accumulate(adjoint, inputAdjoints);
            buffers[k] = null;
            pool.release(adjoint);   // every consumer of the node has run: no one reads its adjoint again
        }
        return new Gradients(leafAdjoints);
    }

    /** The adjoint buffer of the node at {@code k} in the order, zeros when first asked for. */
    private static double[] buffer(double[][] buffers, List<Node> order, AdjointBufferPool pool, int k) {
        double[] buffer = buffers[k];
        if (buffer == null) {
            buffer = pool.take(order.get(k).numElements());
            buffers[k] = buffer;
        }
        return buffer;
    }

    private static void addInto(double[] target, double[] values) {
        for (int i = 0; i < values.length; i++) {
            target[i] += values[i];
        }
    }

    /**
     * Depth-first post-order from the roots: every node comes after all of its inputs, so reading the list
     * backwards visits every node after all of its consumers. Iterative, with an explicit stack. For each node of the
     * order, {@code inputPositions} gets the places of its inputs in the order (unused for null inputs).
     */
    private static List<Node> postOrder(List<Node> roots, NodePositions position, List<int[]> inputPositions) {
        List<Node> order = new ArrayList<>();
        Node[] stack = new Node[16];
        int[] nextInput = new int[16];
        int[][] places = new int[16][];
        int pending = -1;   // seen, not yet placed
        for (Node root : roots) {
            if (position.contains(root)) {
                continue;
            }
            position.put(root, pending);
            stack[0] = root;
            nextInput[0] = 0;
            places[0] = new int[root.inputs().length];
            int top = 0;
            while (top >= 0) {
                Node node = stack[top];
                Node[] inputs = node.inputs();
                int[] place = places[top];
                int j = nextInput[top];
                Node child = null;
                for (; j < inputs.length; j++) {
                    if (inputs[j] == null) {
                        continue;
                    }
                    int seen = position.get(inputs[j]);
                    if (seen == NodePositions.ABSENT) {
                        child = inputs[j];
                        break;
                    }
                    place[j] = seen;   // placed already: an input is never pending in an acyclic graph
                }
                if (child != null) {
                    nextInput[top] = j + 1;
                    position.put(child, pending);
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, 2 * top);
                        nextInput = Arrays.copyOf(nextInput, 2 * top);
                        places = Arrays.copyOf(places, 2 * top);
                    }
                    stack[top] = child;
                    nextInput[top] = 0;
                    places[top] = new int[child.inputs().length];
                } else {
                    int k = order.size();
                    position.put(node, k);
                    order.add(node);
                    inputPositions.add(place);
                    stack[top] = null;
                    places[top] = null;
                    top--;
                    if (top >= 0) {
                        places[top][nextInput[top] - 1] = k;
                    }
                }
            }
        }
        return order;
    }
}
