package dev.trellis.corpus.oracle;

import dev.trellis.corpus.oracle.NodeGraph.Input;
import dev.trellis.corpus.oracle.NodeGraph.Node;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Calls a copy's site method with the values the DSL's semantics give its parameters: an enumerated site's value as
 * {@code int}/{@code Integer} (or a scalar {@code Tensor}, or a {@code double}), an observed site's block as a
 * {@code Tensor} (or a number when the block is a scalar and the parameter an {@code int}, {@code Integer} or
 * {@code double}), a global as its {@code Tensor}, and before the start {@code null} or the {@code initial} value
 * ({@code int}, {@code double}, or a {@code Tensor} of the block's shape filled with it).
 */
final class SiteCalls {
    private final Object model;
    private final Map<String, Tensor> globals;
    private final NodeGraph graph;
    private final IntFunction<int[]> blockShape;

    /**
     * @param blockShape the shape of an observed copy's block, for a {@code Tensor} parameter that receives the
     *     {@code initial} value before the start
     */
    SiteCalls(Object model, Map<String, Tensor> globals, NodeGraph graph, IntFunction<int[]> blockShape) {
        this.model = model;
        this.globals = globals;
        this.graph = graph;
        this.blockShape = blockShape;
    }

    /** The arguments of a copy's call given the values decided so far (Integer or Tensor per node id). */
    Object[] arguments(Node node, Object[] values) {
        List<Dependency> dependencies = node.site().dependencies();
        Object[] arguments = new Object[dependencies.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = argument(node, dependencies.get(i), node.inputs().get(i), values);
        }
        return arguments;
    }

    /** {@return the values of the inputs that are not globals: what the call depends on, a cache key} */
    List<Object> key(Node node, Object[] values) {
        List<Object> key = new ArrayList<>();
        key.add(node.site().name());
        for (Input input : node.inputs()) {
            switch (input.kind()) {
                case GLOBAL -> { }
                case NODE -> key.add(values[input.node()]);
                case BEFORE_START -> key.add(BeforeStart.INSTANCE);
            }
        }
        return key;
    }

    private enum BeforeStart { INSTANCE }

    /** Calls the copy's method. */
    Distribution call(Node node, Object[] values) {
        Object[] arguments = arguments(node, values);
        Object result;
        try {
            result = node.site().method().invoke(model, arguments);
        } catch (InvocationTargetException e) {
            throw new BruteForceException(graph.describe(node) + " with " + Arrays.toString(arguments) + ": "
                    + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new BruteForceException(graph.describe(node) + ": cannot call " + node.site().method(), e);
        }
        if (!(result instanceof Distribution distribution)) {
            throw new BruteForceException(graph.describe(node) + " returned " + result + ", not a Distribution");
        }
        return distribution;
    }

    /** Calls a latent global site's method, which may read globals only. */
    Distribution callGlobal(SiteSpec site) {
        Object[] arguments = new Object[site.dependencies().size()];
        for (int i = 0; i < arguments.length; i++) {
            Dependency dependency = site.dependencies().get(i);
            SiteSpec target = graph.schema().site(dependency.target());
            if (target != null && target.kind() != SiteKind.LATENT) {
                throw new BruteForceException("latent global '" + site.name() + "' reads '" + target.name()
                        + "', which is not a global");
            }
            arguments[i] = global(site.name(), dependency);
        }
        try {
            return (Distribution) site.method().invoke(model, arguments);
        } catch (InvocationTargetException e) {
            throw new BruteForceException("site '" + site.name() + "': " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new BruteForceException("site '" + site.name() + "': cannot call " + site.method(), e);
        }
    }

    private Object argument(Node node, Dependency dependency, Input input, Object[] values) {
        return switch (input.kind()) {
            case GLOBAL -> global(node.site().name(), dependency);
            case NODE -> {
                Object value = values[input.node()];
                if (value == null) {
                    throw new BruteForceException(graph.describe(node) + " reads "
                            + graph.describe(graph.nodes().get(input.node())) + ", which has no value here");
                }
                yield converted(node, dependency, value);
            }
            case BEFORE_START -> beforeStart(node, dependency, input.anchor());
        };
    }

    private Object global(String site, Dependency dependency) {
        Tensor value = globals.get(dependency.target());
        if (value == null) {
            throw new BruteForceException("site '" + site + "' reads global '" + dependency.target()
                    + "', but no value is given for it");
        }
        Class<?> type = dependency.type();
        if (type == Tensor.class || type == Object.class) {
            return value;
        }
        if ((type == double.class || type == Double.class) && value.numElements() == 1) {
            return value.toArray()[0];
        }
        throw new BruteForceException("site '" + site + "': parameter '" + dependency.parameter() + "' of type "
                + type.getSimpleName() + " cannot receive global '" + dependency.target() + "'");
    }

    private Object converted(Node node, Dependency dependency, Object value) {
        Class<?> type = dependency.type();
        if (type == Tensor.class) {
            return value instanceof Tensor tensor ? tensor : Tensor.scalar((Integer) value);
        }
        double number;
        if (value instanceof Integer integer) {
            number = integer;
        } else {
            Tensor block = (Tensor) value;
            if (block.numElements() != 1) {
                throw new BruteForceException(graph.describe(node) + ": parameter '" + dependency.parameter()
                        + "' is a " + type.getSimpleName() + " but '" + dependency.target() + "' has a block of shape "
                        + Arrays.toString(block.shape()));
            }
            number = block.toArray()[0];
        }
        if (type == double.class || type == Double.class) {
            return number;
        }
        if (type == int.class || type == Integer.class) {
            if (number != Math.rint(number)) {
                throw new BruteForceException(graph.describe(node) + ": parameter '" + dependency.parameter()
                        + "' is an int but '" + dependency.target() + "' is " + number);
            }
            return (int) number;
        }
        throw new BruteForceException(graph.describe(node) + ": parameter '" + dependency.parameter()
                + "' has type " + type.getName() + ", which the DSL does not hand site values to");
    }

    private Object beforeStart(Node node, Dependency dependency, int anchor) {
        Class<?> type = dependency.type();
        Integer initial = dependency.initial();
        if (initial == null) {
            if (type.isPrimitive()) {
                throw new BruteForceException(graph.describe(node) + ": parameter '" + dependency.parameter()
                        + "' is a primitive " + type + " without an initial value, but there is no earlier value");
            }
            return null;
        }
        if (type == int.class || type == Integer.class) {
            return initial;
        }
        if (type == double.class || type == Double.class) {
            return (double) initial;
        }
        if (type == Tensor.class) {
            Node target = graph.nodes().get(anchor);
            return target.site().kind() == SiteKind.OBSERVED ? Tensor.full(initial, blockShape.apply(anchor))
                    : Tensor.scalar(initial);
        }
        throw new BruteForceException(graph.describe(node) + ": parameter '" + dependency.parameter() + "' has type "
                + type.getName() + ", which cannot receive an initial value");
    }
}
