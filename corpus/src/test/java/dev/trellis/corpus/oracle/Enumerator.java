package dev.trellis.corpus.oracle;

import dev.trellis.corpus.oracle.NodeGraph.Node;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Lists every joint assignment by depth-first search along the graph's topological order: at an enumerated copy,
 * one branch per value (the site method called with the values decided above it); at an observed copy, its
 * log-probability at the data is added (or, for a table of outcomes, one branch per possible block). A leaf's code is
 * the mixed-radix number of its branch choices. Branches of probability 0 are cut (their codes stay -Infinity).
 *
 * <p>The method calls of a site are cached by the values they read: the DSL's site methods compute numbers from their
 * parameters only.
 */
final class Enumerator {
    /** The largest table the oracle builds; a case above it is a clear failure, not a slow test. */
    static final int MAX_STATES = 1_000_000;

    /** What happens at observed copies. */
    enum Mode {
        /** their log-probability at the data is added: the table is p(z, data) */
        POSTERIOR,
        /** they are left out: the table is the prior p(z) */
        PRIOR,
        /** they are enumerated over their finite support: the table is p(z, x) over every outcome */
        OUTCOMES
    }

    private enum Role { ENUMERATE, SCORE, SKIP, OUTCOME }

    /** Thrown during the first pass when an observed copy has no finite support (no table of outcomes exists). */
    static final class InfiniteSupport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InfiniteSupport(String message) {
            super(message, null, false, false);
        }
    }

    private final NodeGraph graph;
    private final SiteCalls calls;
    private final IntFunction<int[]> foldedShape;
    private final List<Node> order;
    private final Role[] roles;
    private final Object[] values;
    private final int[] radices;
    private final Tensor[][] candidates;
    private final Map<List<Object>, double[]> cache = new HashMap<>();
    private final JointTable.Variable[] variables;
    private double[] table;

    /**
     * @param observedValues per node id, the data block of each observed copy (POSTERIOR), else unused
     * @param foldedShape per node id, the shape of an observed copy's folded plates (OUTCOMES)
     */
    private Enumerator(NodeGraph graph, SiteCalls calls, Mode mode, Object[] observedValues,
            IntFunction<int[]> foldedShape) {
        this.graph = graph;
        this.calls = calls;
        this.foldedShape = foldedShape;
        this.order = graph.order();
        this.roles = new Role[order.size()];
        this.values = mode == Mode.POSTERIOR ? observedValues.clone() : new Object[graph.nodes().size()];
        this.radices = new int[order.size()];
        this.candidates = new Tensor[order.size()][];
        this.variables = new JointTable.Variable[order.size()];
        for (int position = 0; position < order.size(); position++) {
            boolean observed = order.get(position).site().kind() == SiteKind.OBSERVED;
            roles[position] = !observed ? Role.ENUMERATE : switch (mode) {
                case POSTERIOR -> Role.SCORE;
                case PRIOR -> Role.SKIP;
                case OUTCOMES -> Role.OUTCOME;
            };
        }
    }

    /**
     * {@return the table of every joint assignment}
     *
     * @throws TooManyStatesException if the table would exceed {@link #MAX_STATES}
     * @throws BruteForceException if a site method fails or returns something the DSL does not allow
     * @throws InfiniteSupport in OUTCOMES mode, if an observed copy has no finite support
     */
    static JointTable enumerate(NodeGraph graph, SiteCalls calls, Mode mode, Object[] observedValues,
            IntFunction<int[]> foldedShape) {
        Enumerator enumerator = new Enumerator(graph, calls, mode, observedValues, foldedShape);
        enumerator.firstPass();
        enumerator.visit(0, 0.0, 0);
        List<JointTable.Variable> variables = Arrays.stream(enumerator.variables).filter(v -> v != null).toList();
        List<String> latent = graph.schema().sites(SiteKind.ENUMERATED).stream().map(SiteSpec::name).toList();
        return new JointTable(graph.schema().modelClass().getSimpleName(), latent, variables, enumerator.table);
    }

    /** Learns every radix along the all-zero branch, and checks the size of the table before building it. */
    private void firstPass() {
        long states = 1;
        Map<String, Integer> domains = new HashMap<>();
        for (int position = 0; position < order.size(); position++) {
            Node node = order.get(position);
            switch (roles[position]) {
                case SCORE, SKIP -> { }
                case ENUMERATE -> {
                    int k = enumerable(node, calls.call(node, values)).supportSize();
                    Integer known = domains.putIfAbsent(node.site().name(), k);
                    if (known != null && known != k) {
                        throw new BruteForceException(graph.describe(node) + " has " + k + " values, but another "
                                + "copy of the site has " + known);
                    }
                    radices[position] = k;
                    variables[position] = new JointTable.Variable(node.site().name(), node.instance(), path(node), k,
                            false, 0, k, null);
                    values[node.id()] = 0;
                }
                case OUTCOME -> {
                    outcomeCandidates(position, node, calls.call(node, values));
                    values[node.id()] = candidates[position][0];
                }
            }
            states *= Math.max(1, radices[position]);
            if (states > MAX_STATES) {
                throw new TooManyStatesException(graph.schema().modelClass().getSimpleName() + ": the joint table has "
                        + "more than " + MAX_STATES + " states (at " + graph.describe(node) + "); the oracle "
                        + "enumerates every joint assignment, so give it smaller data");
            }
        }
        table = new double[(int) states];
        Arrays.fill(table, Double.NEGATIVE_INFINITY);
    }

    private void outcomeCandidates(int position, Node node, Distribution distribution) {
        Constraint support = distribution.support();
        long low;
        long high;
        if (support instanceof Constraint.IntegerInterval interval) {
            low = interval.lower();
            high = interval.upper();
        } else if (support instanceof Constraint.Bool) {
            low = 0;
            high = 1;
        } else {
            throw new InfiniteSupport(graph.describe(node) + " has support " + support);
        }
        int[] folded = foldedShape.apply(node.id());
        int[] event = distribution.eventShape();
        int[] shape = Arrays.copyOf(folded, folded.length + event.length);
        System.arraycopy(event, 0, shape, folded.length, event.length);
        int entries = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int valuesPerEntry = (int) (high - low + 1);
        double count = Math.pow(valuesPerEntry, entries);
        if (count > MAX_STATES) {
            throw new TooManyStatesException(graph.describe(node) + " has " + valuesPerEntry + "^" + entries
                    + " possible blocks, more than the oracle's " + MAX_STATES);
        }
        int radix = (int) count;
        Tensor[] blocks = new Tensor[radix];
        for (int index = 0; index < radix; index++) {
            double[] flat = new double[entries];
            for (int e = entries - 1, rest = index; e >= 0; e--, rest /= valuesPerEntry) {
                flat[e] = low + rest % valuesPerEntry;
            }
            blocks[index] = Tensor.of(flat, shape);
        }
        radices[position] = radix;
        candidates[position] = blocks;
        variables[position] = new JointTable.Variable(node.site().name(), node.instance(), path(node), radix, true,
                low, valuesPerEntry, shape);
    }

    private List<Integer> path(Node node) {
        return graph.instances().path(graph.schema().nodePlate(node.site()), node.instance());
    }

    private void visit(int position, double logP, int code) {
        if (logP == Double.NEGATIVE_INFINITY) {
            return;
        }
        if (position == order.size()) {
            table[code] = logP;
            return;
        }
        Node node = order.get(position);
        switch (roles[position]) {
            case SKIP -> visit(position + 1, logP, code);
            case SCORE -> visit(position + 1, logP + score(node, (Tensor) values[node.id()]), code);
            case ENUMERATE, OUTCOME -> {
                double[] logProbs = logProbs(position, node);
                int radix = radices[position];
                for (int value = 0; value < radix; value++) {
                    values[node.id()] = roles[position] == Role.ENUMERATE ? Integer.valueOf(value)
                            : candidates[position][value];
                    visit(position + 1, logP + logProbs[value], code * radix + value);
                }
            }
        }
    }

    /** The log-probability of every value (or block) of a copy given the values above it. */
    private double[] logProbs(int position, Node node) {
        List<Object> key = calls.key(node, values);
        double[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Distribution distribution = calls.call(node, values);
        double[] logProbs = new double[radices[position]];
        if (roles[position] == Role.ENUMERATE) {
            EnumerableDistribution enumerable = enumerable(node, distribution);
            if (enumerable.supportSize() != logProbs.length) {
                throw new BruteForceException(graph.describe(node) + " with " + key.subList(1, key.size()) + " has "
                        + enumerable.supportSize() + " values, but " + logProbs.length + " elsewhere");
            }
            for (int value = 0; value < logProbs.length; value++) {
                logProbs[value] = enumerable.logProb(value);
            }
        } else {
            for (int index = 0; index < logProbs.length; index++) {
                logProbs[index] = score(node, distribution, candidates[position][index]);
            }
        }
        cache.put(key, logProbs);
        return logProbs;
    }

    private double score(Node node, Tensor block) {
        return score(node, calls.call(node, values), block);
    }

    private double score(Node node, Distribution distribution, Tensor block) {
        try {
            double logP = distribution.logProb(block).sum().item();
            if (Double.isNaN(logP)) {
                throw new BruteForceException(graph.describe(node) + ": log-probability NaN at " + block);
            }
            return logP;
        } catch (IllegalArgumentException e) {
            throw new BruteForceException(graph.describe(node) + ": " + e.getMessage() + " (block " + block + ")", e);
        }
    }

    private EnumerableDistribution enumerable(Node node, Distribution distribution) {
        if (!(distribution instanceof EnumerableDistribution enumerable)) {
            throw new BruteForceException(graph.describe(node) + " is @Enumerate but returned " + distribution
                    + ", which has no finite support to enumerate");
        }
        if (distribution.batchShape().length != 0) {
            throw new BruteForceException(graph.describe(node) + " returned batch shape "
                    + Arrays.toString(distribution.batchShape()) + "; an enumerated site has one value per copy");
        }
        return enumerable;
    }

    /** {@return the log joint of one full assignment, every copy evaluated once in order (no enumeration, no cache)} */
    static double logJointAt(NodeGraph graph, SiteCalls calls, Object[] values) {
        double total = 0.0;
        for (Node node : graph.order()) {
            Distribution distribution = calls.call(node, values);
            Object value = values[node.id()];
            if (node.site().kind() == SiteKind.ENUMERATED) {
                total += ((EnumerableDistribution) distribution).logProb((Integer) value);
            } else {
                total += distribution.logProb((Tensor) value).sum().item();
            }
        }
        return total;
    }
}
