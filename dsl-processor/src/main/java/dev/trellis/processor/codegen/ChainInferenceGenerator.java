package dev.trellis.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.plan.ChainPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the inference class for a {@link ChainPlan}: a small, readable Java class whose methods
 * tabulate the model's distributions once per call and hand the tables to the runtime's chain
 * kernels. Output depends only on the plan (no timestamps, declaration order everywhere), so the
 * same model always gives byte-identical source.
 */
public final class ChainInferenceGenerator {
    /** Local names the generated methods use; a user's parameter name that equals one is renamed. */
    private static final Set<String> LOCALS = Set.of("states", "where", "given", "first", "next");

    private final ChainPlan plan;
    private final ModelDeclaration model;
    private final ClassName modelClass;
    private final ClassName inferenceClass;
    private final ClassName factorsClass;
    private final SiteDeclaration chain;
    private final String generatedBy;
    private final AvailableAnnotations annotations;

    /**
     * @param generatedBy the processor's class name, for {@code @Generated}
     * @param annotations which annotations the classpath offers for the generated class
     */
    public ChainInferenceGenerator(ChainPlan plan, String generatedBy, AvailableAnnotations annotations) {
        this.plan = plan;
        this.model = plan.model();
        List<String> names = model.simpleNames();
        this.modelClass = ClassName.get(model.packageName(), names.get(0),
                names.subList(1, names.size()).toArray(String[]::new));
        this.inferenceClass = ClassName.get(model.packageName(), inferenceClassName(model));
        this.factorsClass = inferenceClass.nestedClass("Factors");
        this.chain = plan.chain();
        this.generatedBy = generatedBy;
        this.annotations = annotations;
    }

    /** {@code RainSun} gives {@code RainSunInference}; {@code Outer.Inner} gives {@code Outer_InnerInference}. */
    public static String inferenceClassName(ModelDeclaration model) {
        return String.join("_", model.simpleNames()) + "Inference";
    }

    public JavaFile generate() {
        TypeSpec.Builder type = TypeSpec.classBuilder(inferenceClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("$L", ClassJavadoc.write(plan, modelClass));
        annotations.annotate(type, generatedBy);
        type.addField(FieldSpec.builder(modelClass, "model", Modifier.PRIVATE, Modifier.FINAL).build())
                .addMethod(constructor())
                .addMethod(logLikelihood())
                .addMethod(marginals())
                .addMethod(viterbi())
                .addMethod(samplePosterior())
                .addMethod(simulate())
                .addMethod(steps())
                .addMethod(evidence())
                .addMethod(evidenceAt())
                .addMethod(tabulate())
                .addType(ResultTypes.marginals(plan))
                .addType(ResultTypes.mapAssignment(plan))
                .addType(ResultTypes.assignment(plan))
                .addType(ResultTypes.simulation(plan))
                .addType(factorsRecord());
        return JavaFile.builder(model.packageName(), type.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    // ---- public API -------------------------------------------------------------------------

    private MethodSpec constructor() {
        return MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Inference for {@code model}. Its distributions are read again on every call, so a change\n"
                        + "to the model's parameters shows in the next result.\n")
                .addParameter(modelClass, "model")
                .addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model")
                .build();
    }

    private MethodSpec logLikelihood() {
        return publicQuery("logLikelihood", TypeName.DOUBLE)
                .addJavadoc("The log-probability of the observations, {@code $L} summed out exactly by the forward\n"
                        + "algorithm. Memory does not grow with the number of steps.\n\n", chain.name())
                .addJavadoc(observationParamsDoc())
                .addJavadoc("@return the natural log of the probability; {@code -Infinity} when the observations are impossible\n")
                .addJavadoc(throwsDoc(false))
                .addStatement("$T factors = tabulate()", factorsClass)
                .addStatement("int steps = steps($L)", observationArgs())
                .addStatement("$T forward = new $T(factors.$L(), factors.$L())", RuntimeNames.FORWARD_ACCUMULATOR,
                        RuntimeNames.FORWARD_ACCUMULATOR, firstTable(), transitionTable())
                .addStatement("double[] evidence = new double[factors.$L().length]", firstTable())
                .beginControlFlow("for (int step = 0; step < steps; step++)")
                .addStatement("evidenceAt(factors, step, $L, evidence)", observationArgs())
                .addStatement("forward.observe(evidence)")
                .endControlFlow()
                .addStatement("return forward.logLikelihood()")
                .build();
    }

    private MethodSpec marginals() {
        return publicQuery("marginals", ResultTypes.marginalsName(inferenceClass))
                .addJavadoc("The posterior marginals of {@code $L} at every step of plate {@code $L}, by the\n"
                        + "forward-backward algorithm.\n\n", chain.name(), plan.plate())
                .addJavadoc(observationParamsDoc())
                .addJavadoc(throwsDoc(true))
                .addStatement("$T factors = tabulate()", factorsClass)
                .addStatement("return new Marginals($T.marginals(factors.$L(), factors.$L(), evidence(factors, $L)))",
                        RuntimeNames.CHAIN_KERNELS, firstTable(), transitionTable(), observationArgs())
                .build();
    }

    private MethodSpec viterbi() {
        return publicQuery("viterbi", ResultTypes.mapAssignmentName(inferenceClass))
                .addJavadoc("The most probable path of {@code $L} given the observations (max-product, the Viterbi\n"
                        + "algorithm; ties go to the lower state), with its log joint probability.\n\n", chain.name())
                .addJavadoc(observationParamsDoc())
                .addJavadoc(throwsDoc(true))
                .addStatement("$T factors = tabulate()", factorsClass)
                .addStatement("$T best = $T.viterbi(factors.$L(), factors.$L(), evidence(factors, $L))",
                        RuntimeNames.VITERBI_PATH, RuntimeNames.CHAIN_KERNELS, firstTable(), transitionTable(), observationArgs())
                .addStatement("return new MapAssignment(best.path(), best.logJoint())")
                .build();
    }

    private MethodSpec samplePosterior() {
        return publicQuery("samplePosterior", ResultTypes.assignmentName(inferenceClass))
                .addParameter(RuntimeNames.RNG, "rng")
                .addJavadoc("An exact sample of {@code $L} from its posterior given the observations (forward\n"
                        + "filtering, backward sampling).\n\n", chain.name())
                .addJavadoc(observationParamsDoc())
                .addJavadoc("@param rng the random numbers to draw with\n")
                .addJavadoc(throwsDoc(true))
                .addStatement("$T.requireNonNull(rng, $S)", Objects.class, "rng")
                .addStatement("$T factors = tabulate()", factorsClass)
                .addStatement("return new Assignment($T.samplePosterior(factors.$L(), factors.$L(), evidence(factors, $L), rng))",
                        RuntimeNames.CHAIN_KERNELS, firstTable(), transitionTable(), observationArgs())
                .build();
    }

    private MethodSpec simulate() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("simulate")
                .addModifiers(Modifier.PUBLIC)
                .returns(ResultTypes.simulationName(inferenceClass))
                .addParameter(int.class, "steps")
                .addParameter(RuntimeNames.RNG, "rng")
                .addJavadoc("Runs the model forward: draws {@code $L} along {@code steps} steps of plate {@code $L},\n"
                        + "then every observed site at each step (ancestral sampling).\n\n", chain.name(), plan.plate())
                .addJavadoc("@param steps the number of steps, at least 1\n@param rng the random numbers to draw with\n")
                .addJavadoc("@throws $T if a site's method fails or returns an invalid distribution\n", RuntimeNames.SITE_EXCEPTION)
                .beginControlFlow("if (steps < 1)")
                .addStatement("throw new $T($S + steps)", IllegalArgumentException.class,
                        "plate '" + plan.plate() + "' needs at least one step, got ")
                .endControlFlow()
                .addStatement("$T.requireNonNull(rng, $S)", Objects.class, "rng")
                .addStatement("$T factors = tabulate()", factorsClass)
                .addStatement("int[] $L = $T.simulatePath(factors.$L(), factors.$L(), steps, rng)", chain.name(),
                        RuntimeNames.CHAIN_KERNELS, firstTable(), transitionTable());
        for (ChainPlan.Observation o : plan.observations()) {
            method.addStatement("int[] $L = new int[steps]", o.site().name());
        }
        method.beginControlFlow("for (int step = 0; step < steps; step++)");
        for (ChainPlan.Observation o : plan.observations()) {
            String row = o.chainState().isPresent() ? chain.name() + "[step]" : "0";
            method.addComment("site '$L'", o.site().name())
                    .addStatement("$L[step] = factors.$L()[$L].sampleValue(rng)", o.site().name(), givenTable(o), row);
        }
        method.endControlFlow();
        List<String> components = new ArrayList<>();
        components.add(chain.name());
        plan.observations().forEach(o -> components.add(o.site().name()));
        return method.addStatement("return new Simulation($L)", String.join(", ", components)).build();
    }

    private MethodSpec.Builder publicQuery(String name, TypeName returns) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(returns);
        for (ChainPlan.Observation o : plan.observations()) {
            method.addParameter(ParameterSpec.builder(int[].class, o.site().name()).build());
        }
        return method;
    }

    private CodeBlock observationParamsDoc() {
        CodeBlock.Builder doc = CodeBlock.builder();
        for (ChainPlan.Observation o : plan.observations()) {
            doc.add("@param $L the observed values of site {@code $L}, one per step of plate {@code $L}\n",
                    o.site().name(), o.site().name(), plan.plate());
        }
        return doc.build();
    }

    private static CodeBlock throwsDoc(boolean posterior) {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("@throws $T if the data are empty or hold a value outside a site's support, or a site's\n"
                        + "    method fails or returns an invalid distribution; the message names the site, step and value\n",
                        RuntimeNames.SITE_EXCEPTION);
        if (posterior) {
            doc.add("@throws $T if the observations have probability zero, so there is no posterior\n",
                    RuntimeNames.IMPOSSIBLE_EVIDENCE);
        }
        return doc.build();
    }

    // ---- private helpers ----------------------------------------------------------------------

    private MethodSpec steps() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("steps")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(int.class)
                .addJavadoc("The number of steps of plate {@code $L}, bound from the data.\n", plan.plate());
        for (ChainPlan.Observation o : plan.observations()) {
            method.addParameter(int[].class, o.site().name())
                    .addStatement("$T.requireNonNull($L, $S)", Objects.class, o.site().name(), o.site().name());
        }
        ChainPlan.Observation first = plan.observations().get(0);
        for (ChainPlan.Observation o : plan.observations().subList(1, plan.observations().size())) {
            method.addStatement("$T.checkSameLength($S, $S, $L.length, $S, $L.length)", RuntimeNames.SITE_CALLS,
                    plan.plate(), first.site().name(), first.site().name(), o.site().name(), o.site().name());
        }
        return method.addStatement("return $T.checkLength($S, $S, $L.length)", RuntimeNames.SITE_CALLS,
                first.site().name(), plan.plate(), first.site().name()).build();
    }

    private MethodSpec evidence() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("evidence")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(double[][].class)
                .addJavadoc("{@code evidence[step][$L]}: the log-probability of everything observed at {@code step},\n"
                        + "given that value of {@code $L}.\n", chain.name(), chain.name())
                .addParameter(factorsClass, "factors");
        plan.observations().forEach(o -> method.addParameter(int[].class, o.site().name()));
        return method.addStatement("int steps = steps($L)", observationArgs())
                .addStatement("double[][] evidence = new double[steps][factors.$L().length]", firstTable())
                .beginControlFlow("for (int step = 0; step < steps; step++)")
                .addStatement("evidenceAt(factors, step, $L, evidence[step])", observationArgs())
                .endControlFlow()
                .addStatement("return evidence")
                .build();
    }

    private MethodSpec evidenceAt() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("evidenceAt")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("Fills {@code out[$L]} with the log-probability of what is observed at {@code step}, for every\n"
                        + "value of {@code $L}. Allocates nothing.\n", chain.name(), chain.name())
                .addParameter(factorsClass, "factors")
                .addParameter(int.class, "step");
        plan.observations().forEach(o -> method.addParameter(int[].class, o.site().name()));
        method.addParameter(double[].class, "out");
        boolean first = true;
        for (ChainPlan.Observation o : plan.observations()) {
            String name = o.site().name();
            String value = name + "Value";
            String state = chain.name();
            String row = o.chainState().isPresent() ? state : "0";
            method.addComment("site '$L'", name)
                    .addStatement("int $L = $T.checkObserved($S, $S, step, $L[step], factors.$L()[0].length)", value,
                            RuntimeNames.SITE_CALLS, name, plan.plate(), name, logTable(o))
                    .beginControlFlow("for (int $L = 0; $L < out.length; $L++)", state, state, state)
                    .addStatement("out[$L] $L factors.$L()[$L][$L]", state, first ? "=" : "+=", logTable(o), row, value)
                    .endControlFlow();
            first = false;
        }
        return method.build();
    }

    private MethodSpec tabulate() {
        Dependency previous = plan.previous();
        String previousName = local(previous.parameterName());
        String firstWhere = previous.initial().isPresent()
                ? previous.parameterName() + " = " + previous.initial().getAsInt() + " (before the first step)"
                : previous.parameterName() + " = null (first step)";
        String firstArg = previous.initial().isPresent() ? Integer.toString(previous.initial().getAsInt()) : "null";
        TypeName chainType = ClassName.bestGuess(chain.distribution().qualifiedName());

        MethodSpec.Builder method = MethodSpec.methodBuilder("tabulate")
                .addModifiers(Modifier.PRIVATE)
                .returns(factorsClass)
                .addJavadoc("Reads every site's distribution from the model once and tabulates its log-probabilities.\n")
                .addComment("site '$L' on the first step", chain.name())
                .addStatement("$T first = $T.evaluate($S, $S, () -> model.$L($L))", chainType, RuntimeNames.SITE_CALLS,
                        chain.name(), firstWhere, chain.methodName(), firstArg)
                .addStatement("double[] $L = $T.logProbTable($S, $S, first, -1)", firstTable(), RuntimeNames.SITE_CALLS,
                        chain.name(), firstWhere)
                .addStatement("int states = $L.length", firstTable())
                .addComment("site '$L' on later steps: one row per previous state", chain.name())
                .addStatement("double[][] $L = new double[states][]", transitionTable())
                .beginControlFlow("for (int $L = 0; $L < states; $L++)", previousName, previousName, previousName)
                .addStatement("int given = $L", previousName)
                .addStatement("String where = $S + $L", previous.parameterName() + " = ", previousName)
                .addStatement("$T next = $T.evaluate($S, where, () -> model.$L(given))", chainType,
                        RuntimeNames.SITE_CALLS, chain.name(), chain.methodName())
                .addStatement("$L[$L] = $T.logProbTable($S, where, next, states)", transitionTable(), previousName,
                        RuntimeNames.SITE_CALLS, chain.name())
                .endControlFlow();
        for (ChainPlan.Observation o : plan.observations()) {
            tabulateObservation(method, o);
        }
        List<String> components = new ArrayList<>(List.of(firstTable(), transitionTable()));
        plan.observations().forEach(o -> {
            components.add(givenTable(o));
            components.add(logTable(o));
        });
        return method.addStatement("return new $T($L)", factorsClass, String.join(", ", components)).build();
    }

    private void tabulateObservation(MethodSpec.Builder method, ChainPlan.Observation o) {
        SiteDeclaration site = o.site();
        TypeName siteType = ClassName.bestGuess(site.distribution().qualifiedName());
        if (o.chainState().isEmpty()) {
            method.addComment("site '$L': the same distribution in every state of '$L'", site.name(), chain.name())
                    .addStatement("$T[] $L = { $T.evaluate($S, $S, () -> model.$L()) }", siteType, givenTable(o),
                            RuntimeNames.SITE_CALLS, site.name(), "every step", site.methodName())
                    .addStatement("double[][] $L = { $T.logProbTable($S, $S, $L[0], -1) }", logTable(o),
                            RuntimeNames.SITE_CALLS, site.name(), "every step", givenTable(o));
            return;
        }
        String state = local(o.chainState().get().parameterName());
        method.addComment("site '$L': one distribution per state of '$L'", site.name(), chain.name())
                .addStatement("$T[] $L = new $T[states]", siteType, givenTable(o), siteType)
                .addStatement("double[][] $L = new double[states][]", logTable(o))
                .beginControlFlow("for (int $L = 0; $L < states; $L++)", state, state, state)
                .addStatement("int given = $L", state)
                .addStatement("String where = $S + $L", o.chainState().get().parameterName() + " = ", state)
                .addStatement("$L[$L] = $T.evaluate($S, where, () -> model.$L(given))", givenTable(o), state,
                        RuntimeNames.SITE_CALLS, site.name(), site.methodName())
                .addStatement("$L[$L] = $T.logProbTable($S, where, $L[$L], $L == 0 ? -1 : $L[0].length)", logTable(o), state,
                        RuntimeNames.SITE_CALLS, site.name(), givenTable(o), state, state, logTable(o))
                .endControlFlow();
    }

    private TypeSpec factorsRecord() {
        MethodSpec.Builder components = MethodSpec.constructorBuilder()
                .addParameter(double[].class, firstTable())
                .addParameter(double[][].class, transitionTable());
        for (ChainPlan.Observation o : plan.observations()) {
            components.addParameter(ArrayTypeName.of(ClassName.bestGuess(o.site().distribution().qualifiedName())), givenTable(o))
                    .addParameter(double[][].class, logTable(o));
        }
        return TypeSpec.recordBuilder(factorsClass)
                .addModifiers(Modifier.PRIVATE)
                .addJavadoc("The model's log-probability tables for one call: {@code $L[j]} and {@code $L[i][j]} for\n"
                        + "the chain, and per observed site the distributions and {@code table[state][value]}.\n",
                        firstTable(), transitionTable())
                .recordConstructor(components.build())
                .build();
    }

    // ---- names --------------------------------------------------------------------------------

    private String firstTable() {
        return chain.name() + "First";
    }

    private String transitionTable() {
        return chain.name() + "Transition";
    }

    private static String givenTable(ChainPlan.Observation o) {
        return o.site().name() + "Given";
    }

    private static String logTable(ChainPlan.Observation o) {
        return o.site().name() + "Table";
    }

    private String observationArgs() {
        return String.join(", ", plan.observations().stream().map(o -> o.site().name()).toList());
    }

    private static String local(String userName) {
        return LOCALS.contains(userName) ? userName + "Value" : userName;
    }
}
