package dev.trellis.processor.ir;

import java.util.stream.Collectors;

/**
 * Prints a {@link ModelDeclaration} in a stable, line-per-site text form: the debugging dump behind
 * {@code -Atrellis.dump=true} and the oracle of the IR tests.
 */
public final class ModelPrinter {
    private ModelPrinter() {}

    public static String print(ModelDeclaration model) {
        var out = new StringBuilder();
        out.append("model ").append(qualified(model)).append('\n');
        for (PlateDeclaration plate : model.plates()) {
            out.append("  plate ").append(plate.name())
                    .append(plate.isMarkov() ? " markov(history=" + plate.markovHistory() + ")" : "")
                    .append(" sites=").append(plate.sites()).append('\n');
        }
        for (SiteDeclaration site : model.sites()) {
            out.append("  site ").append(site.name())
                    .append(site.observed() ? " observed" : " latent")
                    .append(site.enumerated() ? " enumerated" : "")
                    .append(" ~ ").append(site.distribution().simpleName())
                    .append(" domain=").append(site.domain() == Domain.FINITE ? "finite" : "other");
            if (!site.plates().isEmpty()) {
                out.append(" plates=").append(site.plates());
            }
            site.chain().ifPresent(c -> out.append(" markov(over=").append(c.over())
                    .append(", history=").append(c.history()).append(')'));
            site.scale().ifPresent(s -> out.append(" scale=").append(s.factor()));
            out.append(" method=").append(site.methodName()).append('(')
                    .append(site.dependencies().stream().map(ModelPrinter::print).collect(Collectors.joining(", ")))
                    .append(")\n");
        }
        for (NetworkDeclaration network : model.networks()) {
            out.append("  network ").append(network.name()).append(" : ").append(network.simpleTypeName())
                    .append(" method=").append(network.methodName()).append("()\n");
        }
        for (ComputedDeclaration computed : model.computed()) {
            out.append("  computed ").append(computed.name());
            if (!computed.plates().isEmpty()) {
                out.append(" plates=").append(computed.plates());
            }
            out.append(" method=").append(computed.methodName()).append('(')
                    .append(computed.dependencies().stream().map(ModelPrinter::print).collect(Collectors.joining(", ")))
                    .append(")\n");
        }
        return out.toString();
    }

    private static String print(Dependency d) {
        String target = d.isPrevious() ? "previous(" + d.site() + ", lag=" + d.lag()
                + d.initial().stream().mapToObj(v -> ", initial=" + v).collect(Collectors.joining()) + ")"
                : d.site();
        return d.typeName() + " " + d.parameterName() + " <- " + target;
    }

    private static String qualified(ModelDeclaration model) {
        return model.packageName().isEmpty() ? model.className() : model.packageName() + "." + model.className();
    }
}
