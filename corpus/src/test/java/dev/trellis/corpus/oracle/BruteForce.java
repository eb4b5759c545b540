package dev.trellis.corpus.oracle;

import dev.trellis.corpus.oracle.NodeGraph.Node;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The brute-force oracle of the corpus: an evaluator of the DSL's semantics (§1 of the design note) that reads a
 * {@code @Model} class by reflection and lists every joint assignment of every enumerated site at every instance.
 * It uses only the model's own methods, the distributions and tensors; nothing of the processor, the generated code
 * or the runtime's elimination and inference packages.
 *
 * <pre>{@code
 * BruteForce oracle = BruteForce.of(RainSun.class);
 * JointTable posterior = oracle.posterior(model, Map.of("activity", new int[] {0, 2, 1}), Map.of());
 * double logP = posterior.logNormalizer();            // log p(data)
 * double[][] weather = posterior.marginal("weather"); // [day][state]
 * }</pre>
 *
 * <p>Tables are limited to {@link Enumerator#MAX_STATES} joint states; a bigger case fails with a message saying so.
 */
public final class BruteForce {
    private final ModelSchema schema;

    private BruteForce(ModelSchema schema) {
        this.schema = schema;
    }

    /** {@return the oracle of a model class} */
    public static BruteForce of(Class<?> modelClass) {
        return new BruteForce(ModelSchema.read(modelClass));
    }

    /** {@return the model as the oracle reads it} */
    public ModelSchema schema() {
        return schema;
    }

    /**
     * {@return p(z, data) for every joint assignment z of the enumerated copies} Its {@link
     * JointTable#logNormalizer()} is log p(data); its marginals, MAP and probabilities are the posterior's.
     *
     * @param data per observed site, its typed argument (§6)
     * @param globals the values of the latent globals and {@code @Param}s the sites read
     */
    public JointTable posterior(Object model, Map<String, ?> data, Map<String, Tensor> globals) {
        ObservedData observed = ObservedData.read(schema, data);
        NodeGraph graph = new NodeGraph(schema, observed.instances());
        Object[] values = observedValues(graph, observed);
        SiteCalls calls = new SiteCalls(model, globals, graph, id -> ((Tensor) values[id]).shape());
        return Enumerator.enumerate(graph, calls, Enumerator.Mode.POSTERIOR, values, id -> new int[0]);
    }

    /** {@return p(z) for every joint assignment of the enumerated copies, with the plate sizes of a simulation} */
    public JointTable prior(Object model, Map<String, Integer> sizes, Map<String, Tensor> globals) {
        NodeGraph graph = new NodeGraph(schema, Instances.build(schema, (plate, path) -> sizes.get(plate)));
        IntFunction<int[]> folded = foldedShape(graph, sizes);
        SiteCalls calls = new SiteCalls(model, globals, graph, folded);
        return Enumerator.enumerate(graph, calls, Enumerator.Mode.PRIOR, null, folded);
    }

    /**
     * {@return p(z, x) for every joint outcome of a simulation with these plate sizes, when every observed site has
     * a finite support and the table fits; empty otherwise} Encode a simulation with {@link #outcomeCode}.
     */
    public Optional<JointTable> outcomes(Object model, Map<String, Integer> sizes, Map<String, Tensor> globals) {
        NodeGraph graph = new NodeGraph(schema, Instances.build(schema, (plate, path) -> sizes.get(plate)));
        IntFunction<int[]> folded = foldedShape(graph, sizes);
        SiteCalls calls = new SiteCalls(model, globals, graph, folded);
        try {
            return Optional.of(Enumerator.enumerate(graph, calls, Enumerator.Mode.OUTCOMES, null, folded));
        } catch (Enumerator.InfiniteSupport | TooManyStatesException e) {
            return Optional.empty();
        }
    }

    /**
     * {@return the code in an {@link #outcomes} table of a simulated outcome}
     *
     * @param latent the enumerated sites' values, per site in instance order
     * @param observed the observed sites' values in the typed-argument form
     */
    public int outcomeCode(JointTable table, Map<String, int[]> latent, Map<String, ?> observed) {
        ObservedData data = ObservedData.read(schema, observed);
        return table.code(latent, (site, instance) -> data.block(schema, schema.site(site), instance));
    }

    /**
     * {@return log p(z, data) at one assignment, every site method called once (no enumeration)} An independent path
     * to a single entry of {@link #posterior}'s table.
     */
    public double logJoint(Object model, Map<String, int[]> latent, Map<String, ?> data, Map<String, Tensor> globals) {
        ObservedData observed = ObservedData.read(schema, data);
        NodeGraph graph = new NodeGraph(schema, observed.instances());
        Object[] values = observedValues(graph, observed);
        for (Node node : graph.nodes()) {
            if (node.site().kind() == SiteKind.ENUMERATED) {
                int[] siteValues = latent.get(node.site().name());
                if (siteValues == null || siteValues.length <= node.instance()) {
                    throw new BruteForceException("no value for " + graph.describe(node));
                }
                values[node.id()] = siteValues[node.instance()];
            }
        }
        SiteCalls calls = new SiteCalls(model, globals, graph, id -> ((Tensor) values[id]).shape());
        return Enumerator.logJointAt(graph, calls, values);
    }

    /** {@return the log density of the latent global sites at the given values (the prior of a program's globals)} */
    public double logPrior(Object model, Map<String, Tensor> globals) {
        NodeGraph graph = new NodeGraph(schema, Instances.build(schema, (plate, path) -> 0));
        SiteCalls calls = new SiteCalls(model, globals, graph, id -> new int[0]);
        double total = 0.0;
        for (SiteSpec site : schema.sites(SiteKind.LATENT)) {
            Tensor value = globals.get(site.name());
            if (value == null) {
                throw new BruteForceException("no value is given for latent global '" + site.name() + "'");
            }
            Distribution distribution = calls.callGlobal(site);
            total += distribution.logProb(value).sum().item();
        }
        return total;
    }

    /** {@return the distribution of a latent global site (its prior) given the globals it reads} */
    public Distribution globalDistribution(Object model, String site, Map<String, Tensor> globals) {
        SiteSpec spec = schema.site(site);
        if (spec == null || spec.kind() != SiteKind.LATENT) {
            throw new BruteForceException("'" + site + "' is not a latent global site of "
                    + schema.modelClass().getSimpleName());
        }
        NodeGraph graph = new NodeGraph(schema, Instances.build(schema, (plate, path) -> 0));
        return new SiteCalls(model, globals, graph, id -> new int[0]).callGlobal(spec);
    }

    private Object[] observedValues(NodeGraph graph, ObservedData observed) {
        Object[] values = new Object[graph.nodes().size()];
        for (Node node : graph.nodes()) {
            if (node.site().kind() == SiteKind.OBSERVED) {
                values[node.id()] = observed.block(schema, node.site(), node.instance());
            }
        }
        return values;
    }

    private IntFunction<int[]> foldedShape(NodeGraph graph, Map<String, Integer> sizes) {
        return id -> {
            SiteSpec site = graph.nodes().get(id).site();
            return schema.foldedPlates(site).stream().mapToInt(plate -> {
                Integer size = sizes.get(plate);
                if (size == null) {
                    throw new BruteForceException("no size is given for plate '" + plate + "' of site '" + site.name()
                            + "'");
                }
                return size;
            }).toArray();
        };
    }
}
