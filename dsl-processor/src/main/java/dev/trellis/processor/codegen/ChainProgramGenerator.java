package dev.trellis.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.plan.ChainProgramPlan;
import dev.trellis.processor.plan.ChainProgramPlan.ChainSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Writes the SVI program of an enumerated chain model ({@link ChainProgramPlan}): a {@code Program} whose run draws
 * the global sites through the context, tabulates the chain and the observation once from the user's methods, and
 * adds the chain's exact log marginal likelihood as a factor whose gradient is the posterior marginals.
 */
public final class ChainProgramGenerator {

    private static final ClassName DISTRIBUTION = ClassName.get("dev.trellis.runtime.distributions", "Distribution");
    private static final TypeName SEQUENCES = ParameterizedTypeName.get(ClassName.get(List.class),
            TypeName.get(double[][].class));

    private final ChainProgramPlan plan;
    private final ModelDeclaration model;
    private final ClassName modelClass;
    private final ClassName programClass;
    private final String generatedBy;
    private final AvailableAnnotations annotations;

    public ChainProgramGenerator(ChainProgramPlan plan, String generatedBy, AvailableAnnotations annotations) {
        this.plan = plan;
        this.model = plan.model();
        this.modelClass = ProgramGenerator.className(model, "");
        this.programClass = ProgramGenerator.className(model, "Program");
        this.generatedBy = generatedBy;
        this.annotations = annotations;
    }

    public JavaFile generate() {
        TypeSpec.Builder type = TypeSpec.classBuilder(programClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(RuntimeNames.PROGRAM)
                .addJavadoc("$L", javadoc());
        annotations.annotate(type, generatedBy);
        for (ParamDeclaration param : model.params()) {
            type.addField(FieldSpec.builder(RuntimeNames.CONSTRAINT, ProgramGenerator.constraintField(param),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.parse($S)", RuntimeNames.CONSTRAINT, param.constraint()).build());
        }
        String data = Names.local(plan.observation().name());
        TypeName factor = annotations.nullMarked()
                ? factorClass().annotated(AnnotationSpec.builder(
                        ClassName.get("org.jspecify.annotations", "Nullable")).build())
                : factorClass();
        type.addField(modelClass, "model", Modifier.PRIVATE, Modifier.FINAL)
                .addField(RuntimeNames.BERNOULLI_SEQUENCES, data, Modifier.PRIVATE, Modifier.FINAL)
                .addFields(autoregressive() ? List.of(FieldSpec.builder(SEQUENCES, data + "Values", Modifier.PRIVATE,
                        Modifier.FINAL).build()) : List.of())
                .addField(FieldSpec.builder(factor, "elimination", Modifier.PRIVATE)
                        .addJavadoc("The chain's kernel and buffers, made on the first run (the number of states is "
                                + "the model's).\n").build());
        return JavaFile.builder(model.packageName(), type
                        .addMethod(constructor(data))
                        .addMethod(plateSize(data))
                        .addMethod(run(data))
                        .addMethod(posterior(data))
                        .addMethod(tabulate(data))
                        .addMethod(elimination())
                        .build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private MethodSpec constructor(String data) {
        return MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The model conditioned on its data: one matrix per sequence, a row per step of {@code $L} "
                        + "and a column per member of {@code $L}. Sequences may have any length; the lengths bind "
                        + "the time plate.\n\n", plan.time(), plan.tones())
                .addJavadoc("@param model computes the sites' distributions; read again on every run\n")
                .addJavadoc("@param $L the values of site {@code $L}, 0 or 1 (or a probability in between)\n", data,
                        plan.observation().name())
                .addJavadoc("@throws $T naming the sequence and step of a malformed row\n",
                        RuntimeNames.SITE_EXCEPTION)
                .addParameter(modelClass, "model")
                .addParameter(SEQUENCES, data)
                .addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model")
                .addStatement("this.$L = $T.of($S, $L)", data, RuntimeNames.BERNOULLI_SEQUENCES,
                        plan.observation().name(), data)
                .addCode(autoregressive() ? CodeBlock.of("this.$LValues = $T.copyOf($L);\n", data, List.class, data)
                        : CodeBlock.of(""))
                .build();
    }

    private MethodSpec plateSize(String data) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("plateSize")
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addJavadoc("The number of members of a plate that has one size for the whole data.\n\n")
                .addJavadoc("@param plate the plate's name\n")
                .addJavadoc("@throws IllegalArgumentException for another plate (the time plate's size is each "
                        + "sequence's length)\n")
                .addParameter(String.class, "plate");
        plan.sequences().ifPresent(sequences -> method.beginControlFlow("if (plate.equals($S))", sequences)
                .addStatement("return $L.size()", data).endControlFlow());
        method.beginControlFlow("if (plate.equals($S))", plan.tones())
                .addStatement("return $L.width()", data).endControlFlow();
        return method.addStatement("throw new $T($S + plate + $S)", IllegalArgumentException.class, "no plate '",
                "' of one size in " + modelClass.simpleName()).build();
    }

    private MethodSpec run(String data) {
        MethodSpec.Builder run = MethodSpec.methodBuilder("run")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(RuntimeNames.SAMPLE_CONTEXT, "context");
        String plate = plan.sequences().map(Names::plate).orElse("sequencesPlate");
        run.addStatement("$T $L = context.plate($S, $L.size(), -1)", RuntimeNames.PLATE, plate,
                plan.sequences().orElse("sequences"), data);
        for (ParamDeclaration param : model.params()) {
            run.addStatement("$T $L = context.param($S, () -> model.$L(), $L)", RuntimeNames.TENSOR,
                    Names.local(param.name()), param.name(), param.methodName(),
                    ProgramGenerator.constraintField(param));
        }
        for (SiteDeclaration global : plan.globals()) {
            String value = Names.local(global.name());
            run.addCode("// global site '$L', drawn by the guide\n", global.name())
                    .addStatement("$T $LDistribution = $T.evaluate($S, $S, () -> model.$L($L))",
                            ClassName.bestGuess(global.distribution().qualifiedName()), value, RuntimeNames.SITE_CALLS,
                            global.name(), "", global.methodName(), arguments(global, Map.of()))
                    .addStatement("$T $L = context.sample($S, $LDistribution)", RuntimeNames.TENSOR, value,
                            global.name(), value);
        }
        run.addStatement("$T tables = tabulate($L)", RuntimeNames.BERNOULLI_CHAIN_TABLES, globalArguments())
                .addCode("// $L summed out exactly over this run's sequences; the gradient is its marginals\n",
                        chainNames())
                .addStatement("context.factor($S, elimination(tables.numStates()).logMarginal(tables.logInit(), "
                        + "tables.logTrans(), tables.logP1(), tables.logP0(), $L.indices(), 1.0), $L)",
                        plan.observation().name(), plate, plate);
        return run.build();
    }

    private MethodSpec posterior(String data) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("posterior")
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeNames.CHAIN_POSTERIOR)
                .addJavadoc("The posterior of $L given values of the global sites: MAP paths (infer_discrete at "
                        + "temperature 0), exact\nposterior samples (temperature 1) and marginals, sequence by "
                        + "sequence, over $L.\n\n", chainNames(), jointStateText())
                .addJavadoc("@param globals a value for each global site and parameter: $L\n", globalValues())
                .addJavadoc("@throws IllegalArgumentException naming a global site without a value\n")
                .addParameter(ParameterizedTypeName.get(ClassName.get(Map.class),
                        ClassName.get(String.class), RuntimeNames.TENSOR), "globals");
        List<CodeBlock> args = new ArrayList<>();
        for (String value : globalValues()) {
            args.add(CodeBlock.of("$T.given(globals, $S).detach()", RuntimeNames.PROGRAM_SUPPORT, value));
        }
        if (autoregressive()) {
            return method.addStatement("$T tables = tabulate($L)", RuntimeNames.BERNOULLI_CHAIN_TABLES,
                            CodeBlock.join(args, ",\n        "))
                    .addStatement("return elimination(tables.numStates()).posterior(tables.logInit(), "
                            + "tables.logTrans(), tables.logP1(), tables.logP0())")
                    .build();
        }
        return method.addStatement("return new $T(tabulate($L), $L)", RuntimeNames.CHAIN_POSTERIOR,
                CodeBlock.join(args, ",\n        "), data).build();
    }

    /** The tables from the user's methods, once per run: they do not depend on the step. */
    private MethodSpec tabulate(String data) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("tabulate")
                .addModifiers(Modifier.PRIVATE)
                .returns(RuntimeNames.BERNOULLI_CHAIN_TABLES);
        for (String value : globalValues()) {
            method.addParameter(RuntimeNames.TENSOR, Names.local(value));
        }
        switch (plan.shape()) {
            case SINGLE -> tabulateSingle(method);
            case FACTORIAL, DEPENDENT -> tabulatePair(method);
            case SECOND_ORDER -> tabulateSecondOrder(method);
        }
        SiteDeclaration observation = plan.observation();
        String o = Names.local(observation.name());
        return method.addCode("// observed site '$L': log p(1) and log p(0) of every '$L' member, per joint state$L\n",
                        observation.name(), plan.tones(), autoregressive() ? " and previous value" : "")
                .addStatement("$T[] $LTables = $L", RuntimeNames.TENSOR, o, autoregressive()
                        ? autoregressiveTables(observation, data) : perState(observation, data))
                .addStatement("return new $T(logInit, logTrans, $L, $L)", RuntimeNames.BERNOULLI_CHAIN_TABLES,
                        joint(CodeBlock.of("$LTables[0]", o)), joint(CodeBlock.of("$LTables[1]", o)))
                .build();
    }

    private String globalArguments() {
        return String.join(", ", globalValues().stream().map(Names::local).toList());
    }

    /** The names of what the tables read besides the chains: the global sites, then the parameters. */
    private List<String> globalValues() {
        List<String> names = new ArrayList<>();
        plan.globals().forEach(global -> names.add(global.name()));
        model.params().forEach(param -> names.add(param.name()));
        return names;
    }

    private MethodSpec elimination() {
        String data = Names.local(plan.observation().name());
        CodeBlock create = autoregressive()
                ? CodeBlock.of("new $T($S, $LValues, $L, states)", RuntimeNames.AUTOREGRESSIVE_FACTOR,
                        plan.observation().name(), data, plan.previousObservation().orElseThrow().initial().getAsInt())
                : CodeBlock.of("new $T($L.sequences(), states)", RuntimeNames.BERNOULLI_CHAIN_FACTOR, data);
        return MethodSpec.methodBuilder("elimination")
                .addModifiers(Modifier.PRIVATE)
                .returns(factorClass())
                .addParameter(int.class, "states")
                .addStatement("$T current = elimination", factorClass())
                .beginControlFlow("if (current == null || current.numStates() != states)")
                .addStatement("current = $L", create)
                .addStatement("elimination = current")
                .endControlFlow()
                .addStatement("return current")
                .build();
    }

    private void tabulateSingle(MethodSpec.Builder method) {
        ChainSite chain = plan.chains().get(0);
        String name = chain.site().name();
        method.addCode("// enumerated site '$L': a chain over '$L'\n", name, plan.time())
                .addStatement("$T logInit = $L", RuntimeNames.TENSOR, first(chain, Map.of()))
                .addStatement("int states = logInit.size(0)")
                .addStatement("$T logTrans = $T.transitions($S, states, state -> model.$L($L))", RuntimeNames.TENSOR,
                        RuntimeNames.CHAIN_TABLES, name, chain.site().methodName(),
                        arguments(chain.site(), Map.of(chain.previous(), "state")));
    }

    private void tabulatePair(MethodSpec.Builder method) {
        ChainSite w = plan.chains().get(0);
        ChainSite x = plan.chains().get(1);
        String wName = Names.local(w.site().name());
        String xName = Names.local(x.site().name());
        method.addCode("// enumerated site '$L': a chain over '$L'\n", w.site().name(), plan.time())
                .addStatement("$T $LLogInit = $L", RuntimeNames.TENSOR, wName, first(w, Map.of()))
                .addStatement("int $LStates = $LLogInit.size(0)", wName, wName)
                .addStatement("$T $LLogTrans = $T.transitions($S, $LStates, state -> model.$L($L))",
                        RuntimeNames.TENSOR, wName, RuntimeNames.CHAIN_TABLES, w.site().name(), wName,
                        w.site().methodName(), arguments(w.site(), Map.of(w.previous(), "state")));
        if (x.reads().isEmpty()) {
            method.addCode("// enumerated site '$L': an independent chain over '$L'\n", x.site().name(), plan.time())
                    .addStatement("$T $LLogInit = $L", RuntimeNames.TENSOR, xName, first(x, Map.of()))
                    .addStatement("int $LStates = $LLogInit.size(0)", xName, xName)
                    .addStatement("$T $LLogTrans = $T.transitions($S, $LStates, state -> model.$L($L))",
                            RuntimeNames.TENSOR, xName, RuntimeNames.CHAIN_TABLES, x.site().name(), xName,
                            x.site().methodName(), arguments(x.site(), Map.of(x.previous(), "state")))
                    .addStatement("$T logInit = $T.independentInit($LLogInit, $LLogInit)", RuntimeNames.TENSOR,
                            RuntimeNames.JOINT_CHAINS, wName, xName)
                    .addStatement("$T logTrans = $T.independentTransitions($LLogTrans, $LLogTrans)",
                            RuntimeNames.TENSOR, RuntimeNames.JOINT_CHAINS, wName, xName);
        } else {
            Dependency reads = x.reads().orElseThrow();
            method.addCode("// enumerated site '$L': a chain over '$L' reading the current '$L'\n", x.site().name(),
                            plan.time(), w.site().name())
                    .addStatement("$T $LLogInit = $T.stacked($LStates, current -> $L)", RuntimeNames.TENSOR, xName,
                            RuntimeNames.CHAIN_TABLES, wName, first(x, Map.of(reads, "current")))
                    .addStatement("int $LStates = $LLogInit.size(1)", xName, xName)
                    .addStatement("$T $LLogTrans = $T.stacked($LStates, current -> $T.transitions($S, $LStates, "
                                    + "state -> model.$L($L)))", RuntimeNames.TENSOR, xName, RuntimeNames.CHAIN_TABLES,
                            wName, RuntimeNames.CHAIN_TABLES, x.site().name(), xName, x.site().methodName(),
                            arguments(x.site(), Map.of(x.previous(), "state", reads, "current")))
                    .addStatement("$T logInit = $T.dependentInit($LLogInit, $LLogInit)", RuntimeNames.TENSOR,
                            RuntimeNames.JOINT_CHAINS, wName, xName)
                    .addStatement("$T logTrans = $T.dependentTransitions($LLogTrans, $LLogTrans)",
                            RuntimeNames.TENSOR, RuntimeNames.JOINT_CHAINS, wName, xName);
        }
        method.addStatement("int states = $LStates * $LStates", wName, xName);
    }

    private void tabulateSecondOrder(MethodSpec.Builder method) {
        ChainSite chain = plan.chains().get(0);
        String name = chain.site().name();
        Dependency lag2 = chain.lag2().orElseThrow();
        method.addCode("// enumerated site '$L': a chain of history 2 over '$L', as a chain over pairs of states\n",
                        name, plan.time())
                .addStatement("$T first = $L", RuntimeNames.TENSOR, first(chain, Map.of()))
                .addStatement("int single = first.size(0)")
                .addStatement("$T byEarlier = $T.stacked(single, earlier -> $T.transitions($S, single, "
                                + "state -> model.$L($L)))", RuntimeNames.TENSOR, RuntimeNames.CHAIN_TABLES,
                        RuntimeNames.CHAIN_TABLES, name, chain.site().methodName(),
                        arguments(chain.site(), Map.of(chain.previous(), "state", lag2, "earlier")))
                .addStatement("$T logInit = $T.secondOrderInit(first, $L)", RuntimeNames.TENSOR,
                        RuntimeNames.JOINT_CHAINS, chain.previous().initial().getAsInt())
                .addStatement("$T logTrans = $T.secondOrderTransitions(byEarlier)", RuntimeNames.TENSOR,
                        RuntimeNames.JOINT_CHAINS)
                .addStatement("int states = single * single");
    }

    /** The first step's log-probabilities: the site method with its earlier values at their initial values. */
    private CodeBlock first(ChainSite chain, Map<Dependency, String> given) {
        Map<Dependency, String> values = new java.util.HashMap<>(given);
        values.put(chain.previous(), String.valueOf(chain.previous().initial().getAsInt()));
        chain.lag2().ifPresent(lag2 -> values.put(lag2, String.valueOf(lag2.initial().getAsInt())));
        String where = plan.time() + "[0]";
        return CodeBlock.of("$T.logProbs($S, $S, $T.evaluate($S, $S, () -> model.$L($L)))", RuntimeNames.CHAIN_TABLES,
                chain.site().name(), where, RuntimeNames.SITE_CALLS, chain.site().name(), where,
                chain.site().methodName(), arguments(chain.site(), values));
    }

    /** The observation's log-probabilities of 1 and of 0 for each member and joint state: {logP1, logP0}. */
    private CodeBlock perState(SiteDeclaration observation, String data) {
        Map<Dependency, String> values = stateArguments();
        return CodeBlock.of("$T.bernoulliPerState($S, $L, state -> model.$L($L), $L.width())",
                RuntimeNames.CHAIN_TABLES, observation.name(), plan.shape() == ChainProgramPlan.Shape.SECOND_ORDER
                        ? "single" : "states", observation.methodName(), arguments(observation, values), data);
    }

    /**
     * The observation's chain arguments in terms of the lambda's {@code state}: the state itself for one chain, and for
     * two the first chain's value {@code state / K} and the second's {@code state % K}.
     */
    private Map<Dependency, String> stateArguments() {
        Map<Dependency, String> values = new java.util.HashMap<>();
        String xStates = plan.chains().size() == 2 ? Names.local(plan.chains().get(1).site().name()) + "States" : "";
        plan.stateReads().forEach((dependency, chain) -> values.put(dependency, switch (plan.shape()) {
            case SINGLE, SECOND_ORDER -> "state";
            case FACTORIAL, DEPENDENT -> chain == 0 ? "state / " + xStates : "state % " + xStates;
        }));
        return values;
    }

    private boolean autoregressive() {
        return plan.previousObservation().isPresent();
    }

    private ClassName factorClass() {
        return autoregressive() ? RuntimeNames.AUTOREGRESSIVE_FACTOR : RuntimeNames.BERNOULLI_CHAIN_FACTOR;
    }

    /** The observation's [K, 2, D] tables for each previous value, per state of the chain it reads. */
    private CodeBlock autoregressiveTables(SiteDeclaration observation, String data) {
        Map<Dependency, String> values = stateArguments();
        values.put(plan.previousObservation().orElseThrow(), "previous");
        return CodeBlock.of("$T.autoregressive($S, $L, (state, previous) -> model.$L($L), $L.width())",
                RuntimeNames.CHAIN_TABLES, observation.name(), plan.shape() == ChainProgramPlan.Shape.SECOND_ORDER
                        ? "single" : "states", observation.methodName(), arguments(observation, values), data);
    }

    /** A per-state table as the joint chain needs it: repeated over pairs for a second-order chain. */
    private CodeBlock joint(CodeBlock perState) {
        return plan.shape() == ChainProgramPlan.Shape.SECOND_ORDER
                ? CodeBlock.of("$T.perPairOfCurrent($L)", RuntimeNames.JOINT_CHAINS, perState)
                : perState;
    }

    /** The call's arguments: chain values as given, globals and params by name. */
    private String arguments(SiteDeclaration site, Map<Dependency, String> given) {
        List<String> args = new ArrayList<>();
        for (Dependency dependency : site.dependencies()) {
            String value = given.get(dependency);
            if (value != null) {
                args.add(value);
            } else {
                String name = model.site(dependency.site()).map(SiteDeclaration::name)
                        .orElseGet(() -> model.param(dependency.site()).orElseThrow().name());
                args.add(Names.local(name));
            }
        }
        return String.join(", ", args);
    }

    private String chainNames() {
        return String.join(" and ", plan.chains().stream().map(c -> "'" + c.site().name() + "'").toList());
    }

    private String jointStateText() {
        return switch (plan.shape()) {
            case SINGLE -> "its states";
            case FACTORIAL, DEPENDENT -> "joint states " + plan.chains().get(0).site().name() + " * K + "
                    + plan.chains().get(1).site().name();
            case SECOND_ORDER -> "pairs of consecutive states, previous * K + current";
        };
    }

    private String javadoc() {
        var doc = new StringBuilder();
        doc.append("The model {@link ").append(modelClass.canonicalName()).append("} as a program for SVI with its ")
                .append("enumerated chain summed out exactly (Pyro's {@code TraceEnum_ELBO}), generated by the ")
                .append("Trellis annotation processor. Not thread-safe: it reuses the chain's buffers.\n\n");
        doc.append("<p>Plan:\n<ol>\n");
        for (String step : plan.steps()) {
            doc.append("  <li>").append(ClassJavadoc.escape(step))
                    .append('\n');
        }
        return doc.append("</ol>\n").toString();
    }
}
