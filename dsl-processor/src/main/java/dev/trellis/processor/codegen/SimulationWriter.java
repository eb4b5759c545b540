package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.trellis.processor.graph.Binding;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.Plate;
import dev.trellis.processor.graph.PlateKind;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code simulate}: ancestral sampling of every enumerated and observed site, one loop per plate of the
 * elimination (steps of a chain in order), the sites of each plate in dependency order, each drawn from the
 * distribution the user's method returns there. Folded plates are not looped over: a site's draw covers them, its
 * distribution broadcast to their sizes as {@code pyro.plate} would.
 */
final class SimulationWriter {
    private final PlatedFactorGraph graph;
    private final ObservedShapes shapes;
    private final QueryRecords records;
    private final ClassName simulation;
    private final List<SiteDeclaration> order;

    SimulationWriter(PlatedFactorGraph graph, ObservedShapes shapes, QueryRecords records, ClassName simulation) {
        this.graph = graph;
        this.shapes = shapes;
        this.records = records;
        this.simulation = simulation;
        List<String> sites = graph.factors().stream().map(Factor::name).toList();
        this.order = SiteOrder.topological(graph.model()).stream().filter(s -> sites.contains(s.name())).toList();
    }

    /** The plates whose sizes {@code simulate} takes: every plate a factor's site is in, parents first. */
    List<Plate> sizedPlates() {
        List<String> used = new ArrayList<>();
        graph.factors().forEach(f -> used.addAll(f.site().plates()));
        return graph.plates().plates().stream().filter(p -> used.contains(p.name())).toList();
    }

    MethodSpec method() {
        return method(CodeBlock.of(""));
    }

    /** {@code simulate}, running {@code prelude} (e.g. binding the networks) before the first draw. */
    MethodSpec method(CodeBlock prelude) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("simulate")
                .addModifiers(Modifier.PUBLIC)
                .returns(simulation)
                .addJavadoc("Runs the model forward: draws every enumerated and observed site at every member of its\n"
                        + "plates, in dependency order, from the distributions the model's methods return (ancestral\n"
                        + "sampling).\n\n");
        for (Plate plate : sizedPlates()) {
            method.addParameter(int.class, sizeName(plate.name()))
                    .addJavadoc("@param $L the number of members of plate {@code $L}$L\n", sizeName(plate.name()),
                            plate.name(), plate.kind() == PlateKind.MARKOV ? " (steps of each chain)" : "");
        }
        method.addParameter(RuntimeNames.RNG, "rng")
                .addJavadoc("@param rng the random numbers to draw with\n")
                .addJavadoc("@throws $T if a site's method fails or returns an invalid distribution\n",
                        RuntimeNames.SITE_EXCEPTION)
                .addStatement("$T.requireNonNull(rng, $S)", Objects.class, "rng")
                .addCode(prelude);
        for (Plate plate : sizedPlates()) {
            method.beginControlFlow("if ($L < 0)", sizeName(plate.name()))
                    .addStatement("throw new $T($S + $L)", IllegalArgumentException.class,
                            "plate '" + plate.name() + "' cannot have a negative number of members: ",
                            sizeName(plate.name()))
                    .endControlFlow();
        }
        for (SiteDeclaration site : order) {
            allocate(method, site);
        }
        writeNode(method, null);
        method.addStatement("return new $T($L)", simulation, graph.factors().stream()
                .map(f -> Names.local(f.name())).collect(Collectors.joining(", ")));
        return method.build();
    }

    private void writeNode(MethodSpec.Builder method, String node) {
        if (node != null) {
            method.beginControlFlow("for (int $L = 0; $L < $L; $L++)", index(node), index(node), sizeName(node),
                    index(node));
            if (order.stream().anyMatch(site -> Objects.equals(graph.plates().node(site.plates()), node))) {
                method.addStatement("String $L = $L", where(node), whereText(node));
            }
        }
        for (SiteDeclaration site : order) {
            if (Objects.equals(graph.plates().node(site.plates()), node)) {
                writeSite(method, site, node);
            }
        }
        for (Plate child : graph.plates().children(node)) {
            if (child.isEliminationAxis()) {
                writeNode(method, child.name());
            }
        }
        if (node != null) {
            method.endControlFlow();
        }
    }

    private void allocate(MethodSpec.Builder method, SiteDeclaration site) {
        Factor factor = factor(site);
        List<String> instancePlates = instancePlates(site);
        TypeName type = factor.kind() == Factor.Kind.TABLE ? records.assignmentType(graph.variable(site.name()))
                : shapes.simulationType(site);
        if (instancePlates.isEmpty()) {
            method.addStatement("$T $L", type, Names.local(site.name()));
            return;
        }
        TypeName element = type;
        for (int i = 0; i < instancePlates.size(); i++) {
            element = ((com.palantir.javapoet.ArrayTypeName) element).componentType();
        }
        TypeName base = element;
        int extra = 0;
        while (base instanceof com.palantir.javapoet.ArrayTypeName array) {
            base = array.componentType();
            extra++;
        }
        method.addStatement("$T $L = new $T$L$L", type, Names.local(site.name()), base,
                instancePlates.stream().map(p -> "[" + sizeName(p) + "]").collect(Collectors.joining()),
                "[]".repeat(extra));
    }

    private void writeSite(MethodSpec.Builder method, SiteDeclaration site, String node) {
        Factor factor = factor(site);
        String local = Names.local(site.name());
        String where = node == null ? "\"\"" : where(node);
        method.addCode("// site '$L'\n", site.name());
        List<CodeBlock> arguments = new ArrayList<>();
        for (Binding binding : factor.arguments()) {
            if (binding instanceof Binding.Global global) {
                arguments.add(SiteCallWriter.global(global));
                continue;
            }
            String argument = local + capitalised(binding.parameter().parameterName());
            method.addStatement("$T $L = $L", argumentType(binding), argument, argumentValue(binding, site));
            arguments.add(CodeBlock.of("$L", argument));
        }
        CodeBlock call = CodeBlock.of("$T.evaluate($S, $L, () -> $L)", RuntimeNames.SITE_CALLS, site.name(), where,
                SiteCallWriter.checked("model", site, CodeBlock.of("model.$L($L)", site.methodName(),
                        CodeBlock.join(arguments, ", "))));
        CodeBlock target = CodeBlock.of("$L$L", local, indices(instancePlates(site)));
        if (factor.kind() == Factor.Kind.TABLE) {
            method.addStatement("$L = $T.value($S, $L, $L, rng)", target, RuntimeNames.SITE_DRAWS, site.name(),
                    where, call);
            return;
        }
        CodeBlock folded = CodeBlock.of("$L", factor.foldedPlates().stream().map(p -> ", " + sizeName(p))
                .collect(Collectors.joining()));
        CodeBlock draw = CodeBlock.of("$T.draw($S, $L, $L, rng$L)", RuntimeNames.SITE_DRAWS, site.name(), where, call,
                folded);
        OptionalInt rank = ObservedShapes.eventRank(site);
        if (rank.isEmpty()) {
            method.addStatement("$L = $L", target, draw);
            return;
        }
        int levels = factor.foldedPlates().size() + rank.getAsInt();
        boolean ints = ObservedShapes.isIntValued(site);
        if (levels == 0) {
            method.addStatement("$L = $T.$L($L)", target, RuntimeNames.SITE_DRAWS, ints ? "integer" : "real", draw);
        } else {
            method.addStatement("$L = ($T) $T.$L($L)", target, ObservedShapes.arrays(ints ? TypeName.INT : TypeName.DOUBLE,
                    levels), RuntimeNames.SITE_DRAWS, ints ? "integers" : "reals", draw);
        }
    }

    private TypeName argumentType(Binding binding) {
        return switch (binding.parameter().type()) {
            case INT -> TypeName.INT;
            case BOXED_INT -> TypeName.INT.box();
            case TENSOR -> RuntimeNames.TENSOR;
            default -> throw new IllegalStateException("simulate cannot pass a " + binding.parameter().typeName());
        };
    }

    private CodeBlock argumentValue(Binding binding, SiteDeclaration reader) {
        if (binding instanceof Binding.Global global) {
            return SiteCallWriter.global(global);
        }
        String site;
        int lag;
        if (binding instanceof Binding.Enumerated enumerated) {
            site = enumerated.use().variable().name();
            lag = enumerated.use().lag();
        } else if (binding instanceof Binding.Data data) {
            site = data.site();
            lag = data.lag();
        } else {
            throw new IllegalStateException("simulate cannot bind " + binding.parameter().parameterName());
        }
        SiteDeclaration read = graph.model().site(site).orElseThrow();
        List<String> plates = instancePlates(read);
        CodeBlock value = valueOf(read, binding, CodeBlock.of("$L$L", Names.local(site), lagged(plates, lag)));
        if (lag == 0) {
            return value;
        }
        String chain = plates.get(plates.size() - 1);
        CodeBlock before = binding.parameter().initial().isPresent()
                ? initialValue(binding, read) : CodeBlock.of("null");
        return CodeBlock.of("$L >= $L ? $L : $L", index(chain), lag, value, before);
    }

    /** The drawn value as the parameter's type wants it: an int, an Integer, or a tensor of the draw. */
    private CodeBlock valueOf(SiteDeclaration read, Binding binding, CodeBlock element) {
        if (binding.parameter().type() != ValueType.TENSOR) {
            return element;
        }
        if (ObservedShapes.eventRank(read).isEmpty()) {
            return element;
        }
        return CodeBlock.of("$T.tensor($L)", RuntimeNames.SITE_DRAWS, element);
    }

    /** The value before the start of a Tensor parameter with an initial: the initial over the read site's draw shape. */
    private CodeBlock initialValue(Binding binding, SiteDeclaration read) {
        int initial = binding.parameter().initial().getAsInt();
        if (binding.parameter().type() != ValueType.TENSOR) {
            return CodeBlock.of("$L", initial);
        }
        Factor readFactor = factor(read);
        return CodeBlock.of("$T.full($L$L)", RuntimeNames.TENSOR, (double) initial, readFactor.foldedPlates().stream()
                .map(p -> ", " + sizeName(p)).collect(Collectors.joining()));
    }

    private String lagged(List<String> plates, int lag) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < plates.size(); i++) {
            text.append('[').append(index(plates.get(i)));
            if (i == plates.size() - 1 && lag > 0) {
                text.append(" - ").append(lag);
            }
            text.append(']');
        }
        return text.toString();
    }

    private static String indices(List<String> plates) {
        return plates.stream().map(p -> "[" + index(p) + "]").collect(Collectors.joining());
    }

    private List<String> instancePlates(SiteDeclaration site) {
        return site.plates().stream().filter(p -> graph.plates().plate(p).kind() != PlateKind.FOLDED).toList();
    }

    private Factor factor(SiteDeclaration site) {
        return graph.factors().stream().filter(f -> f.name().equals(site.name())).findFirst().orElseThrow();
    }

    /** {@code "sequences[" + sequencesIndex + "].time[" + timeIndex + "]"}. */
    private CodeBlock whereText(String node) {
        List<String> path = new ArrayList<>();
        for (String p = node; p != null; p = graph.plates().plate(p).parent()) {
            path.add(0, p);
        }
        CodeBlock.Builder code = CodeBlock.builder();
        for (int i = 0; i < path.size(); i++) {
            code.add(i == 0 ? "$S + $L + $S" : " + $S + $L + $S", (i == 0 ? "" : ".") + path.get(i) + "[",
                    index(path.get(i)), "]");
        }
        return code.build();
    }

    static String sizeName(String plate) {
        return Names.local(plate);
    }

    private static String index(String plate) {
        return Names.local(plate) + "Index";
    }

    private static String where(String plate) {
        return Names.local(plate) + "Where";
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
