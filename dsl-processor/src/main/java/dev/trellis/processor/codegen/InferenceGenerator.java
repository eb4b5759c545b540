package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.GlobalInput;
import dev.trellis.processor.graph.Plate;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.Variable;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.plan.EliminationPlan;
import dev.trellis.processor.shapes.ShapesMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Model>Inference}: the typed queries of a model with enumerated sites (design note §6) —
 * {@code logLikelihood}, {@code marginals}, {@code viterbi}, {@code samplePosterior}, {@code simulate},
 * {@code predict} — over the
 * elimination plan, which is also the class javadoc. The model's program ({@link EnumeratedProgramGenerator}) calls
 * the same package-private {@code bind} and {@code eliminate}.
 */
public final class InferenceGenerator {
    private final EliminationPlan plan;
    private final PlatedFactorGraph graph;
    private final ClassName modelClass;
    private final ClassName inferenceClass;
    private final ClassName dataRecord;
    private final ObservedShapes shapes;
    private final QueryRecords records;
    private final EliminationWriter elimination;
    private final String generatedBy;
    private final AvailableAnnotations annotations;

    public InferenceGenerator(EliminationPlan plan, String generatedBy, AvailableAnnotations annotations) {
        this.plan = plan;
        this.graph = plan.graph();
        this.modelClass = ProgramGenerator.className(graph.model(), "");
        this.inferenceClass = ProgramGenerator.className(graph.model(), "Inference");
        this.dataRecord = inferenceClass.nestedClass("Data");
        this.shapes = new ObservedShapes(graph.plates());
        this.records = new QueryRecords(graph, shapes);
        this.elimination = new EliminationWriter(plan, modelClass, new EvidenceWriter());
        this.generatedBy = generatedBy;
        this.annotations = annotations;
    }

    /** {@return the name of the class this writes} */
    public static ClassName inferenceClass(PlatedFactorGraph graph) {
        return ProgramGenerator.className(graph.model(), "Inference");
    }

    public JavaFile generate() {
        TypeSpec.Builder type = TypeSpec.classBuilder(inferenceClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("$L", PlanJavadoc.write(plan, modelClass));
        annotations.annotate(type, generatedBy);
        new PlanConstants(plan).addTo(type);
        for (Factor observed : observedFactors()) {
            type.addField(FieldSpec.builder(RuntimeNames.DATA_LEVELS, levelsConstant(observed.site()),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("How the data of site {@code $L} nest: its plates, folded plates and event dimensions.\n",
                            observed.name())
                    .initializer(shapes.levels(observed.site()))
                    .build());
        }
        type.addField(modelClass, "model", Modifier.PRIVATE, Modifier.FINAL);
        for (GlobalInput global : graph.globals()) {
            type.addField(EliminationWriter.globalType(graph, global), Names.local(global.name()), Modifier.PRIVATE,
                    Modifier.FINAL);
            if (global.isNetwork()) {
                type.addField(ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class),
                        RuntimeNames.TENSOR), networkValues(global), Modifier.PRIVATE, Modifier.FINAL);
            }
        }
        type.addMethod(constructor())
                .addMethod(logLikelihood())
                .addMethod(marginals())
                .addMethod(viterbi())
                .addMethod(samplePosterior())
                .addMethod(new SimulationWriter(graph, shapes, records, QueryRecords.simulation(inferenceClass))
                        .method(bindNetworksCall()))
                .addMethod(new SimulationWriter(graph, shapes, records, QueryRecords.simulation(inferenceClass),
                        new SimulationWriter.Predictive(dataParameters(), dataArguments(), dataJavadoc(), dataRecord,
                                elimination.globalArguments("model"))).method(bindNetworksCall()));
        if (hasNetworks()) {
            type.addMethod(bindNetworks());
        }
        ShapesMethod.addTo(type, graph.model(), "model");
        type.addMethod(bind())
                .addMethod(of())
                .addMethod(elimination.method(dataRecord));
        if (EnumeratedProgramGenerator.splitsMembers(plan)) {
            type.addMethod(elimination.tabulateMethod(dataRecord))
                    .addMethod(elimination.blockMethod(dataRecord));
        }
        type.addType(dataType());
        records.records().forEach(type::addType);
        DescriptionMembers.addTo(type, inferenceClass, plan, query("eliminationCost", DescriptionMembers.COST),
                this::dataJavadoc, bindNetworksCall(), CodeBlock.of("bind($L)", dataArguments()),
                CodeBlock.of("$L($L, data, $T.LIKELIHOOD, null, null)", EliminationWriter.METHOD,
                        elimination.globalArguments("model"), RuntimeNames.QUERY));
        return JavaFile.builder(graph.model().packageName(), type.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private MethodSpec constructor() {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addParameter(modelClass, "model")
                .addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model");
        if (graph.globals().isEmpty()) {
            return constructor.addJavadoc("Inference for {@code model}. Its distributions are read again on every call, so a change\n"
                    + "to the model's parameters shows in the next result.\n").build();
        }
        constructor.addJavadoc("Inference for {@code model} at given values of its global sites and parameters: $L.\n"
                        + "The values are read, not differentiated (a program trains them; see its {@code inference}).\n",
                        globalNames());
        if (hasNetworks()) {
            constructor.addJavadoc("A network's parameters are given under their parameter-store names,\n"
                    + "{@code <network>$$$$$$<path>} (the constrained values of the store that trained them); the\n"
                    + "model's {@code @Network} method is called once, here, and its module is bound to those values\n"
                    + "at the start of every query, so that a program's runs in between do not change the answers.\n");
        }
        constructor.addJavadoc("\n@param model computes the sites' distributions; read again on every call\n"
                        + "@param globals a value for each of $L, by name\n"
                        + "@throws IllegalArgumentException naming a global without a value\n", globalNames())
                .addParameter(ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class),
                        RuntimeNames.TENSOR), "globals");
        for (GlobalInput global : graph.globals()) {
            if (global.isNetwork()) {
                NetworkDeclaration network = graph.model().network(global.name()).orElseThrow();
                constructor.addStatement("this.$L = $T.requireNonNull(model.$L(), $S)", Names.local(global.name()),
                        Objects.class, network.methodName(), "@Network method " + network.methodName() + "() of "
                                + modelClass.simpleName() + " returned null")
                        .addStatement("this.$L = $T.networkValues(globals, $S, this.$L)", networkValues(global),
                                RuntimeNames.PROGRAM_SUPPORT, global.name(), Names.local(global.name()));
                continue;
            }
            constructor.addStatement("this.$L = $T.given(globals, $S).detach()", Names.local(global.name()),
                    RuntimeNames.PROGRAM_SUPPORT, global.name());
        }
        return constructor.build();
    }

    private String globalNames() {
        return graph.globals().stream().map(g -> g.isNetwork() ? "{@code " + g.name() + "$$$<path>} for every "
                + "parameter of network {@code " + g.name() + "}" : "{@code " + g.name() + "}")
                .collect(Collectors.joining(", "));
    }

    private boolean hasNetworks() {
        return graph.globals().stream().anyMatch(GlobalInput::isNetwork);
    }

    /** The field holding a network's given parameter values, by path. */
    private static String networkValues(GlobalInput network) {
        return Names.local(network.name()) + "Values";
    }

    /** {@code bindNetworks();} where the model has networks: every query starts with it. */
    private CodeBlock bindNetworksCall() {
        return hasNetworks() ? CodeBlock.builder().addStatement("bindNetworks()").build() : CodeBlock.of("");
    }

    private MethodSpec bindNetworks() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("bindNetworks")
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("Sets every network's parameters to the values this inference was made with (constants).\n");
        for (GlobalInput global : graph.globals()) {
            if (global.isNetwork()) {
                method.addStatement("$L.setParameters($L)", Names.local(global.name()), networkValues(global));
            }
        }
        return method.build();
    }

    private MethodSpec logLikelihood() {
        MethodSpec.Builder method = query("logLikelihood", TypeName.DOUBLE)
                .addJavadoc("The log-probability of the observations, every enumerated site summed out exactly.\n\n");
        dataJavadoc(method);
        return method.addJavadoc("@return the natural log; {@code -Infinity} when the observations are impossible\n")
                .addJavadoc("@throws $T naming the site, plate index and value of bad data or of a bad distribution\n",
                        RuntimeNames.SITE_EXCEPTION)
                .addCode(bindNetworksCall())
                .addStatement("return $L($L, bind($L), $T.LIKELIHOOD, null, null).logZ()", EliminationWriter.METHOD,
                        elimination.globalArguments("model"), dataArguments(), RuntimeNames.QUERY)
                .build();
    }

    private MethodSpec marginals() {
        ClassName result = QueryRecords.marginals(inferenceClass);
        MethodSpec.Builder method = query("marginals", result)
                .addJavadoc("The posterior marginals of every enumerated site at every plate member and step, by the\n"
                        + "backward pass of the elimination (forward-backward along chains).\n\n");
        dataJavadoc(method);
        posteriorThrows(method);
        method.addCode(bindNetworksCall())
                .addStatement("$T data = bind($L)", dataRecord, dataArguments())
                .addStatement("$T elimination = $L($L, data, $T.MARGINALS, null, null)", RuntimeNames.ELIMINATION,
                        EliminationWriter.METHOD, elimination.globalArguments("model"), RuntimeNames.QUERY);
        List<CodeBlock> components = new ArrayList<>();
        for (Variable variable : graph.variables()) {
            components.add(nested(variable, CodeBlock.of("elimination.marginal($L)", PlanConstants.variable(variable)),
                    records.marginalType(variable), "marginals"));
        }
        return method.addStatement("return new $T($L)", result, CodeBlock.join(components, ", ")).build();
    }

    private MethodSpec viterbi() {
        ClassName result = QueryRecords.mapAssignment(inferenceClass);
        MethodSpec.Builder method = query("viterbi", result)
                .addJavadoc("The most probable joint assignment of the enumerated sites (max-product; ties go to the\n"
                        + "lower value), with its log joint probability: Pyro's {@code infer_discrete} at temperature 0.\n\n");
        dataJavadoc(method);
        posteriorThrows(method);
        method.addCode(bindNetworksCall())
                .addStatement("$T data = bind($L)", dataRecord, dataArguments())
                .addStatement("$T elimination = $L($L, data, $T.MAP, null, null)", RuntimeNames.ELIMINATION,
                        EliminationWriter.METHOD, elimination.globalArguments("model"), RuntimeNames.QUERY);
        List<CodeBlock> components = assignments();
        components.add(CodeBlock.of("elimination.logZ()"));
        return method.addStatement("return new $T($L)", result, CodeBlock.join(components, ", ")).build();
    }

    private MethodSpec samplePosterior() {
        ClassName result = QueryRecords.assignment(inferenceClass);
        MethodSpec.Builder method = query("samplePosterior", result)
                .addJavadoc("An exact sample of every enumerated site from its joint posterior (forward filtering,\n"
                        + "backward sampling): Pyro's {@code infer_discrete} at temperature 1.\n\n");
        dataJavadoc(method);
        method.addParameter(RuntimeNames.RNG, "rng").addJavadoc("@param rng the random numbers to draw with\n");
        posteriorThrows(method);
        method.addStatement("$T.requireNonNull(rng, $S)", Objects.class, "rng")
                .addCode(bindNetworksCall())
                .addStatement("$T data = bind($L)", dataRecord, dataArguments())
                .addStatement("$T elimination = $L($L, data, $T.SAMPLE, rng, null)", RuntimeNames.ELIMINATION,
                        EliminationWriter.METHOD, elimination.globalArguments("model"), RuntimeNames.QUERY);
        return method.addStatement("return new $T($L)", result, CodeBlock.join(assignments(), ", ")).build();
    }

    private List<CodeBlock> assignments() {
        List<CodeBlock> components = new ArrayList<>();
        for (Variable variable : graph.variables()) {
            components.add(nested(variable, CodeBlock.of("elimination.assignment($L)", PlanConstants.variable(variable)),
                    records.assignmentType(variable), "assignments"));
        }
        return components;
    }

    /**
     * A variable's flat per-instance answer as nested arrays, one level per plate of its site:
     * {@code (double[][]) Nesting.marginals(flat, data.instances(), PLATE_SEQUENCES, PLATE_TIME)}.
     */
    private CodeBlock nested(Variable variable, CodeBlock flat, TypeName type, String kind) {
        List<String> plates = records.plates(variable);
        CodeBlock platesArgs = CodeBlock.of("$L", plates.stream().map(p -> ", " + PlanConstants.plateName(p))
                .collect(Collectors.joining()));
        return CodeBlock.of("($T) $T.$L($L, data.instances()$L)", type, RuntimeNames.NESTING, kind, flat, platesArgs);
    }

    private MethodSpec.Builder query(String name, TypeName returns) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
        dataParameters().forEach(method::addParameter);
        return method;
    }

    private void dataJavadoc(MethodSpec.Builder method) {
        method.addJavadoc(dataJavadoc());
    }

    /** The {@code @param} lines of the data parameters. */
    private CodeBlock dataJavadoc() {
        CodeBlock.Builder doc = CodeBlock.builder();
        for (Factor observed : observedFactors()) {
            doc.add("@param $L the values of observed site {@code $L}, one level per plate $L\n",
                    Names.local(observed.name()), observed.name(), observed.site().plates());
        }
        for (Plate plate : unboundPlates()) {
            doc.add("@param $L the number of members of plate {@code $L} in each member of its parent\n",
                    unboundSize(plate), plate.name());
        }
        return doc.build();
    }

    private void posteriorThrows(MethodSpec.Builder method) {
        method.addJavadoc("@throws $T naming the site, plate index and value of bad data or of a bad distribution\n",
                        RuntimeNames.SITE_EXCEPTION)
                .addJavadoc("@throws $T if the observations have probability zero, so there is no posterior\n",
                        RuntimeNames.IMPOSSIBLE_EVIDENCE);
    }

    List<ParameterSpec> dataParameters() {
        List<ParameterSpec> parameters = new ArrayList<>();
        for (Factor observed : observedFactors()) {
            parameters.add(ParameterSpec.builder(shapes.dataType(observed.site()), Names.local(observed.name())).build());
        }
        for (Plate plate : unboundPlates()) {
            parameters.add(ParameterSpec.builder(int.class, unboundSize(plate)).build());
        }
        return parameters;
    }

    CodeBlock dataArguments() {
        return CodeBlock.of("$L", dataParameters().stream().map(p -> p.name()).collect(Collectors.joining(", ")));
    }

    /** Plates of the elimination that no observed site is in: their sizes are arguments. */
    List<Plate> unboundPlates() {
        return new PlanConstants(plan).axisPlates().stream()
                .filter(p -> observedFactors().stream().noneMatch(f -> f.site().plates().contains(p.name())))
                .toList();
    }

    private static String unboundSize(Plate plate) {
        return Names.local(plate.name()) + "Size";
    }

    List<Factor> observedFactors() {
        return graph.factors().stream().filter(f -> f.kind() == Factor.Kind.EVIDENCE).toList();
    }

    static String levelsConstant(SiteDeclaration site) {
        return Names.constant(site.name()) + "_LEVELS";
    }

    private TypeSpec dataType() {
        MethodSpec.Builder components = MethodSpec.constructorBuilder()
                .addParameter(RuntimeNames.PLATE_INSTANCES, "instances");
        for (Factor observed : observedFactors()) {
            components.addParameter(RuntimeNames.OBSERVED_DATA, Names.local(observed.name()));
        }
        TypeSpec.Builder record = TypeSpec.recordBuilder(dataRecord.simpleName())
                .addJavadoc("One call's data: every observed site's values flattened along its plates, and the instances of\n"
                        + "every plate of the elimination they bind.\n")
                .recordConstructor(components.build());
        List<Plate> subsamplable = new PlanConstants(plan).axisPlates().stream().filter(Plate::subsamplable).toList();
        if (!subsamplable.isEmpty()) {
            record.addMethod(subsample(subsamplable));
        }
        if (subsamplable.size() == 1) {
            record.addMethod(members(subsamplable.get(0)));
        }
        return record.build();
    }

    /**
     * {@code Data members(int[] indices)}: the data of some members of the one subsamplable plate, in the order given,
     * unscaled (a block of members evaluated on its own; its caller scales the sum of the blocks).
     */
    private MethodSpec members(Plate plate) {
        List<String> arguments = new ArrayList<>();
        for (Factor observed : observedFactors()) {
            String local = Names.local(observed.name());
            boolean inPlate = !observed.site().plates().isEmpty()
                    && observed.site().plates().get(0).equals(plate.name());
            arguments.add(inPlate ? local + ".subsample(indices)" : local);
        }
        for (Plate unbound : unboundPlates()) {
            arguments.add(CodeBlock.of("instances.count($L)", PlanConstants.plateName(unbound.name())).toString());
        }
        arguments.add("1.0");
        return MethodSpec.methodBuilder("members")
                .returns(dataRecord)
                .addParameter(int[].class, "indices")
                .addJavadoc("The data of some members of plate {@code $L}, in the order given, unscaled.\n", plate.name())
                .addStatement("return of($L)", String.join(", ", arguments))
                .build();
    }

    /**
     * {@code Data subsample(Plate sequences)}: the members of the top-level plates that this SVI run uses, each plate
     * scaled by size / members.
     */
    private MethodSpec subsample(List<Plate> plates) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("subsample")
                .returns(dataRecord)
                .addJavadoc("The members of the top-level plates a run of the program uses (all of them, or a subsample\n"
                        + "scaled by size / members).\n");
        List<String> arguments = new ArrayList<>();
        for (Factor observed : observedFactors()) {
            String local = Names.local(observed.name());
            Plate outer = observed.site().plates().isEmpty() ? null
                    : plates.stream().filter(p -> p.name().equals(observed.site().plates().get(0))).findFirst()
                            .orElse(null);
            arguments.add(outer == null ? local
                    : CodeBlock.of("$L.subsample($L.indices())", local, Names.plate(outer.name())).toString());
        }
        for (Plate plate : plates) {
            method.addParameter(RuntimeNames.PLATE, Names.plate(plate.name()));
        }
        method.beginControlFlow("if ($L)", plates.stream()
                        .map(p -> Names.plate(p.name()) + ".subsampleSize() == " + Names.plate(p.name()) + ".size()")
                        .collect(Collectors.joining(" && ")))
                .addStatement("return this")
                .endControlFlow();
        for (Plate plate : unboundPlates()) {
            arguments.add(CodeBlock.of("instances.count($L)", PlanConstants.plateName(plate.name())).toString());
        }
        for (Plate plate : plates) {
            arguments.add(Names.plate(plate.name()) + ".scale()");
        }
        return method.addStatement("return of($L)", String.join(", ", arguments)).build();
    }

    /** {@code bind}: the typed arguments to {@code ObservedData}, then {@link #of}. */
    private MethodSpec bind() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("bind")
                .addModifiers(Modifier.STATIC)
                .returns(dataRecord)
                .addJavadoc("Binds one call's typed data: the plates' sizes come from the data (ragged where plates nest).\n");
        dataParameters().forEach(method::addParameter);
        List<String> arguments = new ArrayList<>();
        for (Factor factor : observedFactors()) {
            method.addStatement("$T $LData = $L.bind($L)", RuntimeNames.OBSERVED_DATA, Names.local(factor.name()),
                    levelsConstant(factor.site()), Names.local(factor.name()));
            arguments.add(Names.local(factor.name()) + "Data");
        }
        unboundPlates().forEach(plate -> arguments.add(unboundSize(plate)));
        new PlanConstants(plan).axisPlates().stream().filter(Plate::subsamplable).forEach(plate -> arguments.add("1.0"));
        return method.addStatement("return of($L)", String.join(", ", arguments)).build();
    }

    /**
     * {@code of}: checks that sites sharing plates agree on their members and builds the plates' instances, each
     * subsamplable plate with its scale.
     */
    private MethodSpec of() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("of")
                .addModifiers(Modifier.STATIC)
                .returns(dataRecord)
                .addJavadoc("One call's data from its sites' bound values: sites that share plates must agree on their\n"
                        + "members; a subsampled top-level plate carries its scale (size / members).\n");
        List<Factor> observed = observedFactors();
        for (Factor factor : observed) {
            method.addParameter(RuntimeNames.OBSERVED_DATA, Names.local(factor.name()) + "Data");
        }
        unboundPlates().forEach(plate -> method.addParameter(int.class, unboundSize(plate)));
        List<Plate> plates = new PlanConstants(plan).axisPlates();
        plates.stream().filter(Plate::subsamplable)
                .forEach(plate -> method.addParameter(double.class, Names.local(plate.name()) + "Scale"));
        for (int i = 0; i < observed.size(); i++) {
            for (int j = 0; j < i; j++) {
                int shared = sharedInstancePlates(observed.get(j).site(), observed.get(i).site());
                if (shared > 0) {
                    method.addStatement("$T.checkSameCounts($LData, $LData, $L)", RuntimeNames.OBSERVED_DATA,
                            Names.local(observed.get(j).name()), Names.local(observed.get(i).name()), shared);
                    break;
                }
            }
        }
        CodeBlock.Builder instances = CodeBlock.builder().add("$T.builder($L)", RuntimeNames.PLATE_INSTANCES,
                PlanConstants.LAYOUT).indent();
        for (Plate plate : plates) {
            Factor binder = observed.stream().filter(f -> f.site().plates().contains(plate.name())).findFirst()
                    .orElse(null);
            String constant = PlanConstants.plateName(plate.name());
            if (binder == null) {
                instances.add(plate.parent() == null ? "\n.top($L, $L)" : "\n.uniform($L, $L)", constant,
                        unboundSize(plate));
            } else {
                int level = binder.site().plates().indexOf(plate.name());
                String data = Names.local(binder.name()) + "Data";
                instances.add(plate.parent() == null ? "\n.top($L, $L.count($L))" : "\n.nested($L, $L.counts($L))",
                        constant, data, level);
            }
            if (plate.subsamplable()) {
                instances.add("\n.scale($L, $LScale)", constant, Names.local(plate.name()));
            }
        }
        instances.add("\n.build()").unindent();
        method.addStatement("return new $T($L$L)", dataRecord, instances.build(), observed.stream()
                .map(f -> ", " + Names.local(f.name()) + "Data").collect(Collectors.joining()));
        return method.build();
    }

    /** The number of outer instance plates two observed sites share, in the same order. */
    private int sharedInstancePlates(SiteDeclaration a, SiteDeclaration b) {
        int shared = 0;
        while (shared < a.plates().size() && shared < b.plates().size()
                && a.plates().get(shared).equals(b.plates().get(shared))
                && graph.plates().plate(a.plates().get(shared)).isEliminationAxis()) {
            shared++;
        }
        return shared;
    }
}
