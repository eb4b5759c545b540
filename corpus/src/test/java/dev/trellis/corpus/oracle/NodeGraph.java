package dev.trellis.corpus.oracle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Every copy of every enumerated and observed site (one per instance of its node plate), each parameter resolved to
 * what it reads at that instance: a global, another copy (the current value, or the value {@code lag} steps earlier
 * along the target's Markov plate), or "before the start". Also a topological order of the copies, in which an
 * observed copy comes as soon as what it reads is decided, so that the enumeration scores evidence early.
 */
final class NodeGraph {

    /** What one parameter of one copy reads. */
    record Input(Kind kind, int node, int anchor) {
        enum Kind { GLOBAL, NODE, BEFORE_START }
    }

    /**
     * One copy of a site.
     *
     * @param id its index in {@link #nodes()}
     * @param site the site
     * @param instance the instance of the site's node plate
     * @param inputs one per parameter of the site method
     */
    record Node(int id, SiteSpec site, int instance, List<Input> inputs) {}

    private final ModelSchema schema;
    private final Instances instances;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> firstNode = new HashMap<>();
    private final List<Node> order;

    NodeGraph(ModelSchema schema, Instances instances) {
        this.schema = schema;
        this.instances = instances;
        int next = 0;
        for (SiteSpec site : schema.sites()) {
            if (site.kind() != SiteKind.LATENT) {
                firstNode.put(site.name(), next);
                next += instances.count(schema.nodePlate(site));
            }
        }
        for (SiteSpec site : schema.sites()) {
            if (site.kind() == SiteKind.LATENT) {
                continue;
            }
            String plate = schema.nodePlate(site);
            for (int instance = 0; instance < instances.count(plate); instance++) {
                List<Input> inputs = new ArrayList<>();
                for (Dependency dependency : site.dependencies()) {
                    inputs.add(resolve(site, plate, instance, dependency));
                }
                nodes.add(new Node(nodes.size(), site, instance, List.copyOf(inputs)));
            }
        }
        this.order = topologicalOrder();
    }

    private Input resolve(SiteSpec site, String plate, int instance, Dependency dependency) {
        SiteSpec target = schema.site(dependency.target());
        if (target == null || target.kind() == SiteKind.LATENT) {
            return new Input(Input.Kind.GLOBAL, -1, -1);
        }
        String targetPlate = schema.nodePlate(target);
        int current;
        try {
            current = instances.ancestor(plate, instance, targetPlate);
        } catch (BruteForceException e) {
            throw new BruteForceException(schema.modelClass().getSimpleName() + "." + site.name() + " reads '"
                    + target.name() + "', whose plates " + schema.instancePlates(target) + " do not enclose its own "
                    + schema.instancePlates(site), e);
        }
        if (dependency.lag() == 0) {
            return new Input(Input.Kind.NODE, node(target, current), -1);
        }
        if (targetPlate == null || !schema.isMarkov(targetPlate)) {
            throw new BruteForceException(schema.modelClass().getSimpleName() + "." + site.name() + ": parameter '"
                    + dependency.parameter() + "' reads an earlier value of '" + target.name()
                    + "', which does not live in a Markov plate");
        }
        int earlier = instances.earlier(targetPlate, current, dependency.lag());
        return earlier < 0 ? new Input(Input.Kind.BEFORE_START, -1, node(target, current))
                : new Input(Input.Kind.NODE, node(target, earlier), -1);
    }

    private int node(SiteSpec site, int instance) {
        return firstNode.get(site.name()) + instance;
    }

    /** Kahn's algorithm; among ready copies, observed ones first, then by id (deterministic). */
    private List<Node> topologicalOrder() {
        int[] missing = new int[nodes.size()];
        List<List<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            readers.add(new ArrayList<>());
        }
        for (Node node : nodes) {
            for (Input input : node.inputs()) {
                if (input.kind() == Input.Kind.NODE) {
                    if (input.node() == node.id()) {
                        throw new BruteForceException(describe(node) + " reads its own current value");
                    }
                    missing[node.id()]++;
                    readers.get(input.node()).add(node.id());
                }
            }
        }
        PriorityQueue<Node> ready = new PriorityQueue<>(Comparator
                .comparingInt((Node n) -> n.site().kind() == SiteKind.OBSERVED ? 0 : 1).thenComparingInt(Node::id));
        for (Node node : nodes) {
            if (missing[node.id()] == 0) {
                ready.add(node);
            }
        }
        List<Node> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            Node node = ready.poll();
            ordered.add(node);
            for (int reader : readers.get(node.id())) {
                if (--missing[reader] == 0) {
                    ready.add(nodes.get(reader));
                }
            }
        }
        if (ordered.size() != nodes.size()) {
            TreeSet<String> cycle = new TreeSet<>();
            for (Node node : nodes) {
                if (missing[node.id()] > 0) {
                    cycle.add(node.site().name());
                }
            }
            throw new BruteForceException(schema.modelClass().getSimpleName() + ": sites " + cycle
                    + " depend on each other's current values in a cycle");
        }
        return List.copyOf(ordered);
    }

    ModelSchema schema() {
        return schema;
    }

    Instances instances() {
        return instances;
    }

    List<Node> nodes() {
        return nodes;
    }

    /** {@return the copies in an order where every copy comes after the copies it reads} */
    List<Node> order() {
        return order;
    }

    /** {@return the copy of a site at an instance of its node plate} */
    Node node(String site, int instance) {
        return nodes.get(firstNode.get(site) + instance);
    }

    /** {@return e.g. "site 'x' at sequences[1].time[2]"} */
    String describe(Node node) {
        return "site '" + node.site().name() + "' at " + instances.describe(schema.nodePlate(node.site()),
                node.instance());
    }
}
