package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
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
 *
 * <p>The same walk writes {@code predict}, the posterior predictive: the plates' members come from the bound data
 * (ragged as they are, each level of the result allocated as its loop reaches it), the enumerated sites take the
 * values of one exact posterior sample (the elimination's {@code SAMPLE} query) instead of being drawn from their
 * prior, and the observed sites are drawn as in {@code simulate}, their folded plates as wide as the data's.
 */
final class SimulationWriter {
    private final PlatedFactorGraph graph;
    private final ObservedShapes shapes;
    private final QueryRecords records;
    private final ClassName simulation;
    private final List<SiteDeclaration> order;
    /** Set for {@code predict} (null for {@code simulate}): how the data are bound and the elimination called. */
    private final Predictive predictive;

    /** What {@code predict} needs from the inference class's writer. */
    record Predictive(List<ParameterSpec> dataParameters, CodeBlock dataArguments, CodeBlock dataJavadoc,
                      ClassName dataRecord, CodeBlock globalArguments) {}

    SimulationWriter(PlatedFactorGraph graph, ObservedShapes shapes, QueryRecords records, ClassName simulation) {
        this(graph, shapes, records, simulation, null);
    }

    SimulationWriter(PlatedFactorGraph graph, ObservedShapes shapes, QueryRecords records, ClassName simulation,
            Predictive predictive) {
        this.graph = graph;
        this.shapes = shapes;
        this.records = records;
        this.simulation = simulation;
        this.predictive = predictive;
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

    /**
     * {@code simulate}, or {@code predict} when this writer was given what it needs, running {@code prelude} (e.g.
     * binding the networks) before the first draw.
     */
    MethodSpec method(CodeBlock prelude) {
        return predictive == null ? simulate(prelude) : predict(prelude);
    }

    private MethodSpec predict(CodeBlock prelude) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("predict")
                .addModifiers(Modifier.PUBLIC)
                .returns(simulation)
                .addJavadoc("A draw from the posterior predictive at these globals, as Pyro's {@code Predictive} with\n"
                        + "{@code infer_discrete}: every enumerated site drawn from its exact joint posterior given the\n"
                        + "observations (as {@link #samplePosterior}), then every observed site drawn anew from the\n"
                        + "model given those values (as {@link #simulate}), at every member of the observations'\n"
                        + "plates, ragged as the data are. A site that reads an observed one reads the new draw.\n\n");
        for (ParameterSpec parameter : predictive.dataParameters()) {
            method.addParameter(parameter);
        }
        method.addJavadoc(predictive.dataJavadoc())
                .addParameter(RuntimeNames.RNG, "rng")
                .addJavadoc("@param rng the random numbers to draw with\n")
                .addJavadoc("@return the posterior sample of the enumerated sites and the new draws of the observed ones\n")
                .addJavadoc("@throws $T naming the site, plate index and value of bad data or of a bad distribution\n",
                        RuntimeNames.SITE_EXCEPTION)
                .addJavadoc("@throws $T if the observations have probability zero, so there is no posterior\n",
                        RuntimeNames.IMPOSSIBLE_EVIDENCE)
                .addStatement("$T.requireNonNull(rng, $S)", Objects.class, "rng")
                .addCode(prelude)
                .addStatement("$T $L = bind($L)", predictive.dataRecord(), DATA, predictive.dataArguments())
                .addStatement("$T $L = $L($L, $L, $T.SAMPLE, rng, null)", RuntimeNames.ELIMINATION, ELIMINATION,
                        EliminationWriter.METHOD, predictive.globalArguments(), DATA, RuntimeNames.QUERY);
        for (SiteDeclaration site : order) {
            if (factor(site).kind() == Factor.Kind.TABLE) {
                method.addStatement("int[] $L = $L.assignment($L)", posterior(site), ELIMINATION,
                        PlanConstants.variable(graph.variable(site.name())));
            }
        }
        for (Plate plate : loopedPlates()) {
            if (plate.parent() == null) {
                method.addStatement("int $L = $L.instances().count($L)", sizeName(plate.name()), DATA,
                        PlanConstants.plateName(plate.name()));
            } else {
                method.addStatement("int[] $L = $L.instances().offsets($L)", offsets(plate.name()), DATA,
                        PlanConstants.plateName(plate.name()));
            }
        }
        for (SiteDeclaration site : order) {
            allocate(method, site);
        }
        writeNode(method, null);
        method.addStatement("return new $T($L)", simulation, graph.factors().stream()
                .map(f -> array(f.name())).collect(Collectors.joining(", ")));
        return method.build();
    }

    /** The plates {@code predict} loops over: those of the elimination that hold a factor's site. */
    private List<Plate> loopedPlates() {
        return sizedPlates().stream().filter(Plate::isEliminationAxis).toList();
    }

    private MethodSpec simulate(CodeBlock prelude) {
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
                .map(f -> array(f.name())).collect(Collectors.joining(", ")));
        return method.build();
    }

    private void writeNode(MethodSpec.Builder method, String node) {
        if (node != null) {
            method.beginControlFlow("for (int $L = 0; $L < $L; $L++)", index(node), index(node), sizeName(node),
                    index(node));
            if (order.stream().anyMatch(site -> Objects.equals(graph.plates().node(site.plates()), node))) {
                method.addStatement("String $L = $L", where(node), whereText(node));
            }
            if (predictive != null) {
                enterPredictiveNode(method, node);
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

    /**
     * Inside the loop of {@code node} in {@code predict}: the member's instance number in the engine's layout, the
     * members of each child plate in it, and the next level of every site's arrays, sized to them.
     */
    private void enterPredictiveNode(MethodSpec.Builder method, String node) {
        Plate plate = graph.plates().plate(node);
        method.addStatement("int $L = $L", flat(node), plate.parent() == null ? index(node)
                : CodeBlock.of("$L[$L] + $L", offsets(node), flat(plate.parent()), index(node)));
        for (Plate child : graph.plates().children(node)) {
            if (loopedPlates().contains(child)) {
                method.addStatement("int $L = $L[$L + 1] - $L[$L]", sizeName(child.name()), offsets(child.name()),
                        flat(node), offsets(child.name()), flat(node));
            }
        }
        for (SiteDeclaration site : order) {
            List<String> plates = instancePlates(site);
            int level = plates.indexOf(node);
            if (level < 0 || level == plates.size() - 1) {
                continue;
            }
            TypeName element = siteType(site);
            for (int i = 0; i <= level; i++) {
                element = ((com.palantir.javapoet.ArrayTypeName) element).componentType();
            }
            method.addStatement("$L$L = $L", array(site.name()), indices(plates.subList(0, level + 1)),
                    newArray(element, sizeName(plates.get(level + 1))));
        }
    }

    /** {@code new int[size][]}, {@code new double[size][][]}: an array of {@code type} with its first size given. */
    private static CodeBlock newArray(TypeName type, String size) {
        TypeName base = type;
        int extra = -1;
        while (base instanceof com.palantir.javapoet.ArrayTypeName array) {
            base = array.componentType();
            extra++;
        }
        return CodeBlock.of("new $T[$L]$L", base, size, "[]".repeat(extra));
    }

    private TypeName siteType(SiteDeclaration site) {
        return factor(site).kind() == Factor.Kind.TABLE ? records.assignmentType(graph.variable(site.name()))
                : shapes.simulationType(site);
    }

    private void allocate(MethodSpec.Builder method, SiteDeclaration site) {
        Factor factor = factor(site);
        List<String> instancePlates = instancePlates(site);
        TypeName type = factor.kind() == Factor.Kind.TABLE ? records.assignmentType(graph.variable(site.name()))
                : shapes.simulationType(site);
        if (instancePlates.isEmpty()) {
            method.addStatement("$T $L", type, array(site.name()));
            return;
        }
        if (predictive != null) {
            // the outermost level now; each further one as the loop of its parent plate reaches it
            method.addStatement("$T $L = $L", type, array(site.name()),
                    newArray(type, sizeName(instancePlates.get(0))));
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
        method.addStatement("$T $L = new $T$L$L", type, array(site.name()), base,
                instancePlates.stream().map(p -> "[" + sizeName(p) + "]").collect(Collectors.joining()),
                "[]".repeat(extra));
    }

    private void writeSite(MethodSpec.Builder method, SiteDeclaration site, String node) {
        Factor factor = factor(site);
        String local = array(site.name());
        String where = node == null ? "\"\"" : where(node);
        CodeBlock target = CodeBlock.of("$L$L", local, indices(instancePlates(site)));
        if (factor.kind() == Factor.Kind.TABLE && predictive != null) {
            method.addCode("// site '$L': its posterior sample\n", site.name())
                    .addStatement("$L = $L[$L]", target, posterior(site), node == null ? "0" : flat(node));
            return;
        }
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
        if (factor.kind() == Factor.Kind.TABLE) {
            method.addStatement("$L = $T.value($S, $L, $L, rng)", target, RuntimeNames.SITE_DRAWS, site.name(),
                    where, call);
            return;
        }
        CodeBlock folded = foldedSizes(site, factor);
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
        CodeBlock value = valueOf(read, binding, CodeBlock.of("$L$L", array(site), lagged(plates, lag)));
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
        return CodeBlock.of("$T.full($L$L)", RuntimeNames.TENSOR, (double) initial, foldedSizes(read, factor(read)));
    }

    /**
     * The sizes of a site's folded plates, each after a comma: the size arguments in {@code simulate}; in
     * {@code predict} the folded extents of the data at the current member of the site's innermost plate.
     */
    private CodeBlock foldedSizes(SiteDeclaration site, Factor factor) {
        if (factor.foldedPlates().isEmpty()) {
            return CodeBlock.of("");
        }
        if (predictive == null) {
            return CodeBlock.of("$L", factor.foldedPlates().stream().map(p -> ", " + sizeName(p))
                    .collect(Collectors.joining()));
        }
        List<String> plates = instancePlates(site);
        return CodeBlock.of(", $L.$L().foldedShape($L)", DATA, Names.local(site.name()),
                plates.isEmpty() ? "0" : flat(plates.get(plates.size() - 1)));
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

    /** {@code predict}'s locals, named so that they cannot be a site's or a plate's local. */
    private static final String DATA = "predictData";
    private static final String ELIMINATION = "predictElimination";

    /**
     * The local holding a site's draws: named after the site in {@code simulate}; in {@code predict}, where the
     * observed sites' data are parameters of that name, with a suffix.
     */
    private String array(String site) {
        return predictive == null ? Names.local(site) : Names.local(site) + "Draws";
    }

    private static String posterior(SiteDeclaration site) {
        return Names.local(site.name()) + "Posterior";
    }

    private static String offsets(String plate) {
        return Names.local(plate) + "Offsets";
    }

    private static String flat(String plate) {
        return Names.local(plate) + "Flat";
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
