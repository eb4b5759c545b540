package dev.trellis.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.GlobalInput;
import dev.trellis.processor.graph.Plate;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import dev.trellis.processor.plan.EliminationPlan;
import dev.trellis.processor.plan.PlateLayout;
import dev.trellis.processor.shapes.ShapesMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Model>Program} for a model with enumerated sites and global inputs (latent global sites, {@code
 * @Param}s): Pyro's {@code TraceEnum_ELBO} as a program SVI runs. Its {@code run} draws the globals through the
 * context, then adds the exact log marginal of the observations — every enumerated site summed out by the inference
 * class's {@code eliminate} — as one factor whose backward pass is the elimination's adjoints, so no tape runs
 * through the plates and chains. Subsampled top-level plates scale their members, as Pyro scales the log factors
 * inside a subsampled plate before contracting.
 *
 * <p>When the elimination is a product over one top-level instance plate (no enumerated or observed site outside it),
 * the program is also a {@code MemberProgram}: its run hands the plate's members to a {@code MemberEvaluation}, which
 * evaluates them in fixed blocks (on threads, or a cluster's executors) through {@code memberLogLikelihood} and adds
 * the blocks up exactly, so results do not depend on the split. Otherwise the run eliminates every member at once.
 */
public final class EnumeratedProgramGenerator {
    private final EliminationPlan plan;
    private final PlatedFactorGraph graph;
    private final ModelDeclaration model;
    private final ClassName modelClass;
    private final ClassName programClass;
    private final ClassName inferenceClass;
    private final InferenceGenerator inference;
    private final EliminationWriter elimination;
    private final PlateLayout globalLayout;
    private final String generatedBy;
    private final AvailableAnnotations annotations;
    /** The outermost plate whose members are independent, when the elimination is a product over it. */
    private final Plate memberPlate;

    public EnumeratedProgramGenerator(EliminationPlan plan, String generatedBy, AvailableAnnotations annotations) {
        this.plan = plan;
        this.graph = plan.graph();
        this.model = graph.model();
        this.modelClass = ProgramGenerator.className(model, "");
        this.programClass = ProgramGenerator.className(model, "Program");
        this.inferenceClass = InferenceGenerator.inferenceClass(graph);
        this.inference = new InferenceGenerator(plan, generatedBy, annotations);
        this.elimination = new EliminationWriter(plan, modelClass, new EvidenceWriter());
        this.globalLayout = PlateLayout.of(new ModelDeclaration(model.packageName(), model.simpleNames(),
                globalSites(), List.of(), model.source()));
        this.generatedBy = generatedBy;
        this.annotations = annotations;
        this.memberPlate = memberPlate(graph, subsamplable());
    }

    /**
     * The plate the program can split its members over: the only subsamplable (top-level instance) plate, when every
     * enumerated variable and every factor lives inside it. Then the log-likelihood is a sum over its members, each
     * computed from its own data and the globals alone. Null otherwise (a variable or an observation at the root, or
     * another top-level plate, couples the members).
     */
    private static Plate memberPlate(PlatedFactorGraph graph, List<Plate> subsamplable) {
        // A network's parameters are not among the globals a block is evaluated at: such programs run whole.
        if (subsamplable.size() != 1 || graph.globals().stream().anyMatch(GlobalInput::isNetwork)) {
            return null;
        }
        Plate plate = subsamplable.get(0);
        boolean inside = graph.variables().stream().allMatch(v -> v.node() != null
                        && graph.plates().encloses(plate.name(), v.node()))
                && graph.factors().stream().allMatch(f -> f.node() != null
                        && graph.plates().encloses(plate.name(), f.node()));
        return inside ? plate : null;
    }

    /**
     * Whether the plan's program is a {@code MemberProgram}, whose inference class then also has the two halves of a
     * data-parallel step ({@code tabulate}, {@code eliminateBlock}).
     */
    static boolean splitsMembers(EliminationPlan plan) {
        return applies(plan.graph()) && memberPlate(plan.graph(), subsamplable(plan)) != null;
    }

    /** Whether the model has global inputs, and so a program. */
    public static boolean applies(PlatedFactorGraph graph) {
        return !graph.globals().isEmpty();
    }

    public JavaFile generate() {
        TypeSpec.Builder type = TypeSpec.classBuilder(programClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(memberPlate != null ? RuntimeNames.MEMBER_PROGRAM : RuntimeNames.PROGRAM)
                .addJavadoc("The model {@link $L} as a program for SVI, its enumerated sites summed out exactly (Pyro's\n"
                        + "{@code TraceEnum_ELBO}), generated by the Trellis annotation processor; the elimination plan is\n"
                        + "{@link $L}'s.\n\n"
                        + "<p>Thread-safe whenever the model is: the program holds the model and the bound data, never\n"
                        + "changed after construction, and each run works only on the context it is given; so runs on\n"
                        + "several threads at once are safe when the model's site methods are (e.g. when they only read\n"
                        + "final fields).\n", modelClass.canonicalName(), inferenceClass.simpleName());
        annotations.annotate(type, generatedBy);
        for (ParamDeclaration param : model.params()) {
            type.addField(FieldSpec.builder(RuntimeNames.CONSTRAINT, ProgramGenerator.constraintField(param),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.parse($S)", RuntimeNames.CONSTRAINT, param.constraint()).build());
        }
        type.addField(modelClass, "model", Modifier.PRIVATE, Modifier.FINAL)
                .addField(inferenceClass.nestedClass("Data"), "data", Modifier.PRIVATE, Modifier.FINAL);
        for (NetworkDeclaration network : networks()) {
            type.addField(ProgramParts.networkType(network), Names.local(network.name()), Modifier.PRIVATE,
                    Modifier.FINAL);
        }
        for (String plate : globalPlates()) {
            type.addField(int.class, Names.size(plate), Modifier.PRIVATE, Modifier.FINAL);
        }
        if (memberPlate != null) {
            type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class),
                                    ClassName.get(String.class)), "GLOBAL_NAMES", Modifier.PRIVATE, Modifier.STATIC,
                            Modifier.FINAL)
                    .initializer("$T.of($L)", List.class, graph.globals().stream()
                            .map(g -> CodeBlock.of("$S", g.name()).toString()).collect(Collectors.joining(", ")))
                    .build());
            type.addField(FieldSpec.builder(RuntimeNames.MEMBER_EVALUATION, "memberEvaluation", Modifier.PRIVATE)
                    .initializer("$T.whole()", RuntimeNames.MEMBER_EVALUATION).build());
            // the blocks' data, selected on a block's first step and kept: a full-batch step has the same blocks
            type.addField(FieldSpec.builder(ParameterizedTypeName.get(RuntimeNames.BLOCK_DATA,
                                    inferenceClass.nestedClass("Data")), "blockData", Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new $T<>()", RuntimeNames.BLOCK_DATA).build());
        }
        type.addMethod(constructor())
                .addMethod(plateSize())
                .addMethod(run());
        ShapesMethod.addTo(type, model, "model");
        if (memberPlate != null) {
            new MemberMethods().addTo(type);
        }
        return JavaFile.builder(model.packageName(), type.addMethod(inferenceMethod())
                        .build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private MethodSpec constructor() {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The model conditioned on its data, which bind the sizes of the plates they are in.\n\n")
                .addJavadoc("@param model computes the sites' distributions; read again on every run\n")
                .addParameter(modelClass, "model");
        inference.dataParameters().forEach(constructor::addParameter);
        for (Factor observed : inference.observedFactors()) {
            constructor.addJavadoc("@param $L the values of observed site {@code $L}, one level per plate $L\n",
                    Names.local(observed.name()), observed.name(), observed.site().plates());
        }
        for (String plate : globalPlates()) {
            constructor.addParameter(int.class, Names.size(plate))
                    .addJavadoc("@param $L the number of members of plate {@code $L}, which only global sites use\n",
                            Names.size(plate), plate);
        }
        constructor.addJavadoc("@throws $T naming the site and index of malformed data\n", RuntimeNames.SITE_EXCEPTION)
                .addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model")
                .addStatement("this.data = $T.bind($L)", inferenceClass, inference.dataArguments());
        for (NetworkDeclaration network : networks()) {   // asked for once: registered with the context on every run
            constructor.addStatement("this.$L = $T.requireNonNull(model.$L(), $S)", Names.local(network.name()),
                    Objects.class, network.methodName(), "@Network method " + network.methodName() + "() of "
                            + modelClass.simpleName() + " returned null");
        }
        for (String plate : globalPlates()) {
            constructor.beginControlFlow("if ($L < 1)", Names.size(plate))
                    .addStatement("throw new $T($S + $L)", IllegalArgumentException.class,
                            "plate '" + plate + "' needs at least one member, got ", Names.size(plate))
                    .endControlFlow()
                    .addStatement("this.$L = $L", Names.size(plate), Names.size(plate));
        }
        return constructor.build();
    }

    private MethodSpec plateSize() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("plateSize")
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addParameter(String.class, "plate")
                .addJavadoc("The number of members of a top-level plate, as the data (or the constructor) bound it.\n\n"
                        + "@param plate the plate's name\n"
                        + "@throws IllegalArgumentException for another plate (a nested plate's size differs per member)\n");
        for (Plate plate : subsamplable()) {
            method.beginControlFlow("if (plate.equals($S))", plate.name())
                    .addStatement("return data.instances().count($T.$L)", inferenceClass,
                            PlanConstants.plateName(plate.name()))
                    .endControlFlow();
        }
        for (String plate : globalPlates()) {
            method.beginControlFlow("if (plate.equals($S))", plate)
                    .addStatement("return $L", Names.size(plate))
                    .endControlFlow();
        }
        List<String> names = new ArrayList<>(subsamplable().stream().map(Plate::name).toList());
        names.addAll(globalPlates());
        return method.addStatement("throw new $T($S + plate + $S)", IllegalArgumentException.class, "no plate '",
                "' of one size in " + modelClass.simpleName() + "; its plates of one size are " + names).build();
    }

    private MethodSpec run() {
        MethodSpec.Builder run = MethodSpec.methodBuilder("run")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(RuntimeNames.SAMPLE_CONTEXT, "context");
        for (Plate plate : subsamplable()) {
            if (plate == memberPlate) {
                run.addStatement("$T $L = context.plate($S, memberEvaluation.memberCount(this), -1)",
                        RuntimeNames.PLATE, Names.plate(plate.name()), plate.name());
                continue;
            }
            run.addStatement("$T $L = context.plate($S, data.instances().count($T.$L), -1)", RuntimeNames.PLATE,
                    Names.plate(plate.name()), plate.name(), inferenceClass, PlanConstants.plateName(plate.name()));
        }
        for (String plate : globalPlates()) {
            run.addStatement("$T $L = context.plate($S, $L, $L)", RuntimeNames.PLATE, Names.plate(plate), plate,
                    Names.size(plate), globalLayout.dim(plate));
        }
        for (NetworkDeclaration network : networks()) {
            run.addStatement("$T $L = context.module($S, this.$L)", ProgramParts.networkType(network),
                    Names.local(network.name()), network.name(), Names.local(network.name()));
        }
        for (GlobalInput global : graph.globals()) {
            if (!global.isNetwork()) {
                writeGlobal(run, global);
            }
        }
        List<String> tensors = graph.globals().stream().filter(g -> !g.isNetwork()).map(g -> Names.local(g.name()))
                .toList();
        List<String> modules = networks().stream().map(n -> Names.local(n.name())).toList();
        List<CodeBlock> needs = new ArrayList<>();
        if (!tensors.isEmpty()) {
            needs.add(CodeBlock.of("$T.anyRequiresGrad($L)", RuntimeNames.ELIMINATION_GRADIENT,
                    String.join(", ", tensors)));
        }
        if (!modules.isEmpty()) {
            needs.add(CodeBlock.of("$T.anyNetworkRequiresGrad($L)", RuntimeNames.ELIMINATION_GRADIENT,
                    String.join(", ", modules)));
        }
        if (memberPlate != null) {
            // Blocks of members summed exactly when an evaluation over threads or a cluster is set; one elimination
            // over the run's members otherwise (MemberEvaluation.whole(), the fastest on one core).
            run.beginControlFlow("if (!memberEvaluation.isWhole())")
                    .addCode("// the members of '$L' in this run, evaluated in blocks by the member evaluation and "
                            + "added up\n// exactly; the tables are tabulated once, and each block's adjoints of them "
                            + "are its\n// elimination's marginals\n",
                            memberPlate.name())
                    .addStatement("context.factor($S, memberEvaluation.logLikelihood($S, this, $L, $L))", factorName(),
                            "log p(" + factorName() + ")", Names.plate(memberPlate.name()), String.join(", ", tensors))
                    .addStatement("return")
                    .endControlFlow();
        }
        run.addCode("// every enumerated site summed out exactly over this run's members; the gradient is the marginals\n")
                .addStatement("$T gradient = new $T()", RuntimeNames.ELIMINATION_GRADIENT,
                        RuntimeNames.ELIMINATION_GRADIENT)
                .addStatement("$T query = $L ? $T.GRADIENT : $T.LIKELIHOOD", RuntimeNames.QUERY,
                        CodeBlock.join(needs, " || "), RuntimeNames.QUERY, RuntimeNames.QUERY)
                .addStatement("$T elimination = $T.$L($L, data$L, query, null, gradient)", RuntimeNames.ELIMINATION,
                        inferenceClass, EliminationWriter.METHOD, elimination.globalArguments("model"),
                        subsample())
                .addStatement("context.factor($S, gradient.logZ(elimination, $S))", factorName(),
                        "log p(" + factorName() + ")");
        return run.build();
    }

    /** {@code .subsample(sequencesPlate)} when a top-level plate may be subsampled. */
    private CodeBlock subsample() {
        List<Plate> plates = subsamplable();
        if (plates.isEmpty()) {
            return CodeBlock.of("");
        }
        return CodeBlock.of(".subsample($L)", plates.stream().map(p -> Names.plate(p.name()))
                .collect(Collectors.joining(", ")));
    }

    /** The factor's name: the observed sites it scores. */
    private String factorName() {
        return inference.observedFactors().stream().map(Factor::name).collect(Collectors.joining(","));
    }

    private void writeGlobal(MethodSpec.Builder run, GlobalInput global) {
        String local = Names.local(global.name());
        if (global.kind() == GlobalInput.Kind.PARAM) {
            ParamDeclaration param = model.param(global.name()).orElseThrow();
            run.addStatement("$T $L = context.param($S, () -> model.$L(), $L)", RuntimeNames.TENSOR, local,
                    param.name(), param.methodName(), ProgramGenerator.constraintField(param));
            return;
        }
        SiteDeclaration site = model.site(global.name()).orElseThrow();
        String distribution = local + "Distribution";
        run.addCode("// global site '$L'$L, drawn by the guide\n", site.name(),
                site.plates().isEmpty() ? "" : ", in plates " + site.plates());
        run.addStatement("$T $L = $T.evaluate($S, $S, () -> $L)",
                ClassName.bestGuess(site.distribution().qualifiedName()), distribution, RuntimeNames.SITE_CALLS,
                site.name(), "", SiteCallWriter.checked("model", site, CodeBlock.of("model.$L($L)", site.methodName(),
                        site.dependencies().stream().map(this::globalArgument).collect(Collectors.joining(", ")))));
        if (site.plates().isEmpty()) {
            run.addStatement("$T $L = context.sample($S, $L)", RuntimeNames.TENSOR, local, site.name(), distribution);
            return;
        }
        run.addStatement("$T $L = context.sample($S, $T.inPlates($S, $L$L)$L)", RuntimeNames.TENSOR, local,
                site.name(), RuntimeNames.PROGRAM_SUPPORT, site.name(), distribution, batchShape(site.plates()),
                site.plates().stream().map(p -> ", " + Names.plate(p)).collect(Collectors.joining()));
    }

    private String globalArgument(Dependency dependency) {
        if (dependency.type() == ValueType.PLATE) {
            return Names.plate(dependency.site());
        }
        if (!dependency.isPrevious() && model.network(dependency.site()).isPresent()) {
            return Names.local(dependency.site());
        }
        String name = model.site(dependency.site()).map(SiteDeclaration::name)
                .orElseGet(() -> model.param(dependency.site()).orElseThrow().name());
        return Names.local(name);
    }

    /** {@code , componentsPlate.subsampleSize()}: a global site's batch shape over its plates' dims. */
    private String batchShape(List<String> plates) {
        int rank = globalLayout.batchRank(plates);
        StringBuilder sizes = new StringBuilder();
        for (int position = 0; position < rank; position++) {
            int dim = position - rank;
            String size = "1";
            for (String plate : plates) {
                if (globalLayout.dim(plate) == dim) {
                    size = Names.plate(plate) + ".subsampleSize()";
                }
            }
            sizes.append(", ").append(size);
        }
        return sizes.toString();
    }

    /** The methods of {@code MemberProgram}. */
    private final class MemberMethods {
        void addTo(TypeSpec.Builder type) {
            type.addMethod(MethodSpec.methodBuilder("memberPlate")
                            .addAnnotation(Override.class)
                            .addModifiers(Modifier.PUBLIC)
                            .returns(String.class)
                            .addStatement("return $S", memberPlate.name())
                            .build())
                    .addMethod(MethodSpec.methodBuilder("memberCount")
                            .addAnnotation(Override.class)
                            .addModifiers(Modifier.PUBLIC)
                            .returns(int.class)
                            .addStatement("return data.instances().count($T.$L)", inferenceClass,
                                    PlanConstants.plateName(memberPlate.name()))
                            .build())
                    .addMethod(MethodSpec.methodBuilder("globalNames")
                            .addAnnotation(Override.class)
                            .addModifiers(Modifier.PUBLIC)
                            .returns(ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(String.class)))
                            .addStatement("return GLOBAL_NAMES")
                            .build())
                    .addMethod(memberLogLikelihood())
                    .addMethod(memberTables())
                    .addMethod(memberElimination())
                    .addMethod(MethodSpec.methodBuilder("memberEvaluation")
                            .addAnnotation(Override.class)
                            .addModifiers(Modifier.PUBLIC)
                            .returns(RuntimeNames.MEMBER_EVALUATION)
                            .addStatement("return memberEvaluation")
                            .build())
                    .addMethod(MethodSpec.methodBuilder("setMemberEvaluation")
                            .addAnnotation(Override.class)
                            .addModifiers(Modifier.PUBLIC)
                            .addParameter(RuntimeNames.MEMBER_EVALUATION, "evaluation")
                            .addStatement("this.memberEvaluation = $T.requireNonNull(evaluation, $S)", Objects.class,
                                    "evaluation")
                            .build());
        }

        private MethodSpec memberLogLikelihood() {
            CodeBlock.Builder arguments = CodeBlock.builder().add("model");
            for (int g = 0; g < graph.globals().size(); g++) {
                arguments.add(", globals[$L]", g);
            }
            return MethodSpec.methodBuilder("memberLogLikelihood")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(RuntimeNames.TENSOR)
                    .addParameter(int[].class, "members")
                    .addParameter(ArrayTypeName.of(RuntimeNames.TENSOR), "globals")
                    .varargs(true)
                    .addStatement("$T.checkGlobals(GLOBAL_NAMES, globals)", RuntimeNames.MEMBER_PROGRAM)
                    .addStatement("$T gradient = new $T()", RuntimeNames.ELIMINATION_GRADIENT,
                            RuntimeNames.ELIMINATION_GRADIENT)
                    .addStatement("$T query = $T.anyRequiresGrad(globals) ? $T.GRADIENT : $T.LIKELIHOOD",
                            RuntimeNames.QUERY, RuntimeNames.ELIMINATION_GRADIENT, RuntimeNames.QUERY,
                            RuntimeNames.QUERY)
                    .addStatement("$T elimination = $T.$L($L, data.members(members), query, null, gradient)",
                            RuntimeNames.ELIMINATION, inferenceClass, EliminationWriter.METHOD, arguments.build())
                    .addStatement("return gradient.logZ(elimination, $S)", "log p(" + factorName() + ")")
                    .build();
        }
    }

    private MethodSpec memberTables() {
        return MethodSpec.methodBuilder("memberTables")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeNames.STEP_TABLES)
                .addParameter(int[].class, "members")
                .addParameter(ArrayTypeName.of(RuntimeNames.TENSOR), "globals")
                .varargs(true)
                .addStatement("$T.checkGlobals(GLOBAL_NAMES, globals)", RuntimeNames.MEMBER_PROGRAM)
                .addCode("// every member, in order: the data as bound, whose evidence is prepared once\n")
                .addStatement("$T over = $T.isEveryMember(members, memberCount()) ? data : data.members(members)",
                        inferenceClass.nestedClass("Data"), RuntimeNames.MEMBER_PROGRAM)
                .addStatement("return $T.$L($L, over)", inferenceClass, EliminationWriter.TABULATE,
                        globalArguments())
                .build();
    }

    private MethodSpec memberElimination() {
        return MethodSpec.methodBuilder("memberElimination")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeNames.ELIMINATION)
                .addParameter(int[].class, "members")
                .addParameter(RuntimeNames.STEP_TABLES, "tables")
                .addParameter(RuntimeNames.QUERY, "query")
                .addParameter(RuntimeNames.BLOCK_GRADIENT, "gradient")
                .addParameter(ArrayTypeName.of(RuntimeNames.TENSOR), "globals")
                .varargs(true)
                .addStatement("$T.checkGlobals(GLOBAL_NAMES, globals)", RuntimeNames.MEMBER_PROGRAM)
                .addStatement("return $T.$L($L, blockData.of(members, data::members), tables, query, gradient)",
                        inferenceClass, EliminationWriter.BLOCK, globalArguments())
                .build();
    }

    /** {@code model, globals[0], globals[1]}: the model and the globals a member method was given. */
    private CodeBlock globalArguments() {
        CodeBlock.Builder arguments = CodeBlock.builder().add("model");
        for (int g = 0; g < graph.globals().size(); g++) {
            arguments.add(", globals[$L]", g);
        }
        return arguments.build();
    }

    private MethodSpec inferenceMethod() {
        String networks = networks().isEmpty() ? "" : "A network's parameters are given under their parameter-store\n"
                + "names, {@code <network>$$$$$$<path>}: the constrained values of the store SVI trained them in.\n\n";
        return MethodSpec.methodBuilder("inference")
                .addModifiers(Modifier.PUBLIC)
                .returns(inferenceClass)
                .addParameter(ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class),
                        RuntimeNames.TENSOR), "globals")
                .addJavadoc("The typed queries (log-likelihood, marginals, MAP, posterior samples, simulation) at given\n"
                        + "values of the global sites and parameters, e.g. the ones training found.\n\n"
                        + networks
                        + "@param globals a value for each global site and parameter, by name\n"
                        + "@throws IllegalArgumentException naming a global without a value\n")
                .addStatement("return new $T(model, globals)", inferenceClass)
                .build();
    }

    private List<Plate> subsamplable() {
        return subsamplable(plan);
    }

    private static List<Plate> subsamplable(EliminationPlan plan) {
        return new PlanConstants(plan).axisPlates().stream().filter(Plate::subsamplable).toList();
    }

    /** Plates only global sites use, in layout order: their sizes are constructor arguments. */
    private List<String> globalPlates() {
        Set<String> used = new LinkedHashSet<>();
        globalSites().forEach(site -> used.addAll(site.plates()));
        return globalLayout.plates().stream().filter(used::contains).toList();
    }

    /** The networks the elimination reads, in declaration order. */
    private List<NetworkDeclaration> networks() {
        return graph.globals().stream().filter(GlobalInput::isNetwork)
                .map(g -> model.network(g.name()).orElseThrow()).toList();
    }

    private List<SiteDeclaration> globalSites() {
        return graph.globals().stream().filter(g -> g.kind() == GlobalInput.Kind.LATENT_SITE)
                .map(g -> model.site(g.name()).orElseThrow()).toList();
    }
}
