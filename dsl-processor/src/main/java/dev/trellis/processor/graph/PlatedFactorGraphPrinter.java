package dev.trellis.processor.graph;

import java.util.List;
import java.util.stream.Collectors;

/** The text form of a {@link PlatedFactorGraph}, for {@code -Atrellis.dump} and the graph tests. */
final class PlatedFactorGraphPrinter {
    private PlatedFactorGraphPrinter() {}

    static String print(PlatedFactorGraph graph) {
        var out = new StringBuilder("plated factor graph ").append(graph.model().className()).append('\n');
        out.append("plates\n");
        for (Plate plate : graph.plates().plates()) {
            out.append("  ".repeat(depth(graph.plates(), plate) + 1)).append(describe(plate)).append('\n');
        }
        out.append("variables\n");
        for (Variable v : graph.variables()) {
            out.append("  ").append(v.name()).append(" at ").append(node(v.node()))
                    .append(v.chain() == null ? "" : ", chain along " + v.chain())
                    .append(", domain ").append(v.domain()).append('\n');
        }
        out.append("uses ").append(graph.uses().stream().map(u -> u.id() + ":" + u.name())
                .collect(Collectors.joining(" "))).append('\n');
        out.append("factors\n");
        for (Factor f : graph.factors()) {
            out.append("  ").append(f.name()).append(": ").append(f.kind().name().toLowerCase())
                    .append(" at ").append(node(f.node())).append(" over ").append(f.scope());
            if (!f.foldedPlates().isEmpty()) {
                out.append(", folded ").append(f.foldedPlates());
            }
            if (f.maxLag() > 0) {
                out.append(", max lag ").append(f.maxLag());
            }
            out.append('\n');
            for (Binding b : f.arguments()) {
                out.append("    ").append(b.parameter().parameterName()).append(" <- ").append(describe(b)).append('\n');
            }
        }
        if (!graph.globals().isEmpty()) {
            out.append("globals\n");
            for (GlobalInput g : graph.globals()) {
                out.append("  ").append(g.name()).append(" (").append(g.kind().word()).append(")")
                        .append(g.plates().isEmpty() ? "" : " in " + g.plates())
                        .append(g.reads().isEmpty() ? "" : " reads " + g.reads()).append('\n');
            }
        }
        return out.toString();
    }

    static String describe(Plate plate) {
        String kind = switch (plate.kind()) {
            case INSTANCE -> "instance";
            case MARKOV -> "markov, history " + plate.history();
            case FOLDED -> "folded";
        };
        List<String> notes = new java.util.ArrayList<>();
        if (plate.subsamplable()) {
            notes.add("subsamplable");
        }
        if (!plate.holdsFactors()) {
            notes.add("globals only");
        }
        return plate.name() + ": " + kind + (notes.isEmpty() ? "" : ", " + String.join(", ", notes));
    }

    static String describe(Binding binding) {
        if (binding instanceof Binding.Enumerated e) {
            return e.use().name() + (e.use().lag() == 0 ? "" : beforeStart(e.parameter()));
        }
        if (binding instanceof Binding.Data d) {
            return "data " + d.site() + (d.lag() == 0 ? "" : "@" + d.lag()) + " as " + d.parameter().typeName()
                    + (d.isFiniteInt() ? " (finite)" : "") + (d.lag() == 0 ? "" : beforeStart(d.parameter()));
        }
        if (binding instanceof Binding.Global g) {
            return (g.kind() == GlobalInput.Kind.PARAM ? "param " : g.kind() == GlobalInput.Kind.NETWORK ? "network " : "global ") + g.name();
        }
        return "plate " + ((Binding.PlateValue) binding).plate();
    }

    private static String beforeStart(dev.trellis.processor.ir.Dependency parameter) {
        return parameter.initial().isPresent() ? " (" + parameter.initial().getAsInt() + " before the start)"
                : " (null before the start)";
    }

    private static int depth(PlateTree tree, Plate plate) {
        int depth = 0;
        for (String p = plate.parent(); p != null; p = tree.plate(p).parent()) {
            depth++;
        }
        return depth;
    }

    static String node(String node) {
        return node == null ? "root" : node;
    }
}
