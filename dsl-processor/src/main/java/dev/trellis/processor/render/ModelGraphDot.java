package dev.trellis.processor.render;

import dev.trellis.processor.graph.Plate;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.ir.ComputedDeclaration;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model as a Graphviz DOT picture, in the manner of {@code pyro.render_model}: one node per site, parameter, network
 * and computed value, inside nested clusters for its plates (labelled with the plate's size symbol {@code #plate} and,
 * when the model enumerates, how the elimination treats the plate); observed sites shaded, enumerated sites drawn with
 * a double border and their domain symbol {@code |x|}; an edge from each value a method reads to the site that reads it,
 * and dashed edges, labelled with the lag, for reads of earlier steps along a Markov plate.
 *
 * <p>It reads the plated factor graph when the model has one (models with {@code @Enumerate} sites), for the plates'
 * kinds; a model that SVI runs with a guide has no factor graph, and its plates are read from the sites' declarations.
 * The output is deterministic: declaration order throughout, no timestamps.
 */
public final class ModelGraphDot {
    private final ModelDeclaration model;
    private final Optional<PlatedFactorGraph> graph;
    /** Each plate's parent (null for the root), in order of first use. */
    private final Map<String, String> parents = new LinkedHashMap<>();

    private ModelGraphDot(ModelDeclaration model, Optional<PlatedFactorGraph> graph) {
        this.model = model;
        this.graph = graph;
        for (SiteDeclaration site : model.sites()) {
            addPlates(site.plates());
        }
        model.params().forEach(p -> addPlates(p.plates()));
        model.computed().forEach(c -> addPlates(c.plates()));
    }

    /** {@return the DOT text of a model that SVI runs with a guide (no enumerated sites)} */
    public static String render(ModelDeclaration model) {
        return new ModelGraphDot(model, Optional.empty()).render();
    }

    /** {@return the DOT text of a model with enumerated sites, its plates' kinds read from its factor graph} */
    public static String render(PlatedFactorGraph graph) {
        return new ModelGraphDot(graph.model(), Optional.of(graph)).render();
    }

    /** {@return the name of the resource the processor writes the picture to, next to the generated class} */
    public static String resourceName(ModelDeclaration model) {
        return String.join("_", model.simpleNames()) + ".dot";
    }

    private void addPlates(List<String> plates) {
        for (int i = 0; i < plates.size(); i++) {
            parents.putIfAbsent(plates.get(i), i == 0 ? null : plates.get(i - 1));
        }
    }

    private String render() {
        var out = new StringBuilder();
        out.append("digraph ").append(id(String.join("_", model.simpleNames()))).append(" {\n");
        out.append("  // ").append(model.qualifiedName()).append(", drawn by the Trellis annotation processor: ")
                .append("shaded = observed, double border = enumerated, dashed = an earlier step\n");
        out.append("  node [fontname=\"Helvetica\"];\n");
        out.append("  edge [fontname=\"Helvetica\"];\n");
        writeNodes(null, "  ", out);
        writeEdges(out);
        out.append("}\n");
        return out.toString();
    }

    /** The nodes that live directly in {@code plate} (null: the root), then its child plates as clusters. */
    private void writeNodes(String plate, String indent, StringBuilder out) {
        for (ParamDeclaration param : model.params()) {
            if (Objects.equals(innermost(param.plates()), plate)) {
                out.append(indent).append(id(param.name())).append(" [label=").append(quote(param.name()))
                        .append(", shape=plain];\n");
            }
        }
        if (plate == null) {
            for (NetworkDeclaration network : model.networks()) {
                out.append(indent).append(id(network.name())).append(" [label=")
                        .append(quote(network.name() + "\n" + network.simpleTypeName())).append(", shape=box3d];\n");
            }
        }
        for (ComputedDeclaration computed : model.computed()) {
            if (Objects.equals(innermost(computed.plates()), plate)) {
                out.append(indent).append(id(computed.name())).append(" [label=")
                        .append(quote(computed.name() + "\ncomputed")).append(", shape=box];\n");
            }
        }
        for (SiteDeclaration site : model.sites()) {
            if (Objects.equals(innermost(site.plates()), plate)) {
                out.append(indent).append(id(site.name())).append(" [label=").append(quote(siteLabel(site)))
                        .append(site.observed() ? ", style=filled, fillcolor=gray" : "")
                        .append(site.enumerated() ? ", peripheries=2" : "").append("];\n");
            }
        }
        for (Map.Entry<String, String> entry : parents.entrySet()) {
            if (Objects.equals(entry.getValue(), plate)) {
                String child = entry.getKey();
                out.append(indent).append("subgraph ").append(id("cluster_" + child)).append(" {\n");
                out.append(indent).append("  label=").append(quote(plateLabel(child)))
                        .append("; labeljust=r; labelloc=b;\n");
                writeNodes(child, indent + "  ", out);
                out.append(indent).append("}\n");
            }
        }
    }

    private void writeEdges(StringBuilder out) {
        for (ComputedDeclaration computed : model.computed()) {
            for (Dependency dependency : computed.dependencies()) {
                edge(dependency, computed.name()).ifPresent(out::append);
            }
        }
        for (SiteDeclaration site : model.sites()) {
            for (Dependency dependency : site.dependencies()) {
                edge(dependency, site.name()).ifPresent(out::append);
            }
        }
    }

    /** An edge from what {@code dependency} reads to {@code reader}; none for a plate or a name the model lacks. */
    private Optional<String> edge(Dependency dependency, String reader) {
        String read = dependency.site();
        if (dependency.type() == ValueType.PLATE && !dependency.isPrevious() || !isNode(read)) {
            return Optional.empty();
        }
        String line = "  " + id(read) + " -> " + id(reader);
        if (dependency.isPrevious()) {
            // A read of an earlier step: dashed and left out of the ranking, so chains stay on one row.
            line += " [label=" + quote("lag " + dependency.lag()) + ", style=dashed, constraint=false]";
        }
        return Optional.of(line + ";\n");
    }

    private boolean isNode(String name) {
        return model.site(name).isPresent() || model.params().stream().anyMatch(p -> p.name().equals(name))
                || model.network(name).isPresent() || model.computedValue(name).isPresent();
    }

    private static String siteLabel(SiteDeclaration site) {
        String label = site.name() + "\n" + site.distribution().simpleName();
        return site.enumerated() ? label + "\nenumerated, |" + site.name() + "|" : label;
    }

    /** The plate's name, its size symbol, and how the elimination treats it when the model enumerates. */
    private String plateLabel(String plate) {
        String label = plate + "\n#" + plate;
        Optional<Plate> kind = graph.flatMap(g -> g.plates().find(plate));
        if (kind.isPresent()) {
            return label + switch (kind.get().kind()) {
                case INSTANCE -> kind.get().holdsFactors() ? "" : ", globals only";
                case MARKOV -> ", markov, history " + kind.get().history();
                case FOLDED -> ", folded";
            };
        }
        int history = model.markovPlates().getOrDefault(plate, 0);
        return history > 0 ? label + ", markov, history " + history : label;
    }

    private static String innermost(List<String> plates) {
        return plates.isEmpty() ? null : plates.get(plates.size() - 1);
    }

    private static String id(String name) {
        return quote(name);
    }

    /** A DOT string: quotes and backslashes escaped, line breaks as DOT's centred {@code \n}. */
    static String quote(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.replaceAll(line -> line.replace("\\", "\\\\").replace("\"", "\\\""));
        return "\"" + String.join("\\n", lines) + "\"";
    }
}
