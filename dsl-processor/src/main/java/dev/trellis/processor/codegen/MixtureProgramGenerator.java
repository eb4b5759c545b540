package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.plan.MixtureProgramPlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the SVI program of a mixture ({@link MixtureProgramPlan}): a {@code Program} whose run draws the global sites
 * through the context and adds the enumerated site's exact log marginal as a factor in the data plate, and a
 * {@code posterior(globals)} query for the enumerated site (MAP assignment, probabilities, exact samples). Both build
 * the same [K, B] joint table in one private method, so training and the queries cannot disagree on the model.
 */
public final class MixtureProgramGenerator {

    private final MixtureProgramPlan plan;
    private final ModelDeclaration model;
    private final ClassName modelClass;
    private final ClassName programClass;
    private final String generatedBy;
    private final AvailableAnnotations annotations;
    private final String joint;

    public MixtureProgramGenerator(MixtureProgramPlan plan, String generatedBy, AvailableAnnotations annotations) {
        this.plan = plan;
        this.model = plan.model();
        this.modelClass = ProgramGenerator.className(model, "");
        this.programClass = ProgramGenerator.className(model, "Program");
        this.generatedBy = generatedBy;
        this.annotations = annotations;
        this.joint = Names.local(plan.enumerated().name()) + "LogJoint";
    }

    public JavaFile generate() {
        TypeSpec.Builder type = TypeSpec.classBuilder(programClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(RuntimeNames.PROGRAM)
                .addJavadoc("$L", javadoc());
        annotations.annotate(type, generatedBy);
        type.addField(modelClass, "model", Modifier.PRIVATE, Modifier.FINAL);
        for (SiteDeclaration site : plan.observed()) {
            type.addField(RuntimeNames.TENSOR, Names.local(site.name()), Modifier.PRIVATE, Modifier.FINAL);
        }
        for (String plate : plates()) {
            type.addField(int.class, Names.size(plate), Modifier.PRIVATE, Modifier.FINAL);
        }
        return JavaFile.builder(model.packageName(), type
                        .addMethod(constructor())
                        .addMethod(plateSize())
                        .addMethod(run())
                        .addMethod(posterior())
                        .addMethod(logJoint())
                        .build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private MethodSpec constructor() {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The model conditioned on its data: each observed site's data has the data plate {@code $L} "
                        + "first, then one datum's event dimensions; the data bind the plate's size.\n\n", plan.data())
                .addJavadoc("@param model computes the sites' distributions; read again on every run\n")
                .addParameter(modelClass, "model");
        for (SiteDeclaration site : plan.observed()) {
            constructor.addParameter(RuntimeNames.TENSOR, Names.local(site.name()))
                    .addJavadoc("@param $L the values of site {@code $L}, one per member of {@code $L}\n",
                            Names.local(site.name()), site.name(), plan.data());
        }
        for (String plate : plan.globalPlates()) {
            constructor.addParameter(int.class, Names.size(plate))
                    .addJavadoc("@param $L the number of members of plate {@code $L} of global sites\n",
                            Names.size(plate), plate);
        }
        constructor.addJavadoc("@throws $T naming the site if data disagree on the data plate's size\n",
                        RuntimeNames.SITE_EXCEPTION)
                .addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model");
        CodeBlock.Builder binding = CodeBlock.builder().add("$T plates = new $T()", RuntimeNames.PLATE_SIZES,
                RuntimeNames.PLATE_SIZES);
        for (SiteDeclaration site : plan.observed()) {
            binding.add("\n.bind($S, $S, $L, 0)", plan.data(), site.name(), Names.local(site.name()));
        }
        for (String plate : plan.globalPlates()) {
            binding.add("\n.bindSize($S, $L)", plate, Names.size(plate));
        }
        constructor.addStatement(binding.build());
        for (String plate : plates()) {
            constructor.addStatement("this.$L = plates.size($S)", Names.size(plate), plate);
        }
        for (SiteDeclaration site : plan.observed()) {
            constructor.addStatement("this.$L = $L", Names.local(site.name()), Names.local(site.name()));
        }
        return constructor.build();
    }

    private MethodSpec plateSize() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("plateSize")
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addJavadoc("The number of members of a plate, as the data (or the constructor) bound it.\n\n")
                .addJavadoc("@param plate the plate's name\n")
                .addJavadoc("@throws IllegalArgumentException if this program has no such plate\n")
                .addParameter(String.class, "plate");
        for (String plate : plates()) {
            method.beginControlFlow("if (plate.equals($S))", plate)
                    .addStatement("return $L", Names.size(plate))
                    .endControlFlow();
        }
        return method.addStatement("throw new $T($S + plate + $S)", IllegalArgumentException.class, "no plate '",
                "' in " + modelClass.simpleName() + "; its plates are " + plates()).build();
    }

    private MethodSpec run() {
        MethodSpec.Builder run = MethodSpec.methodBuilder("run")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(RuntimeNames.SAMPLE_CONTEXT, "context");
        for (String plate : plan.globalPlates()) {
            run.addStatement("$T $L = context.plate($S, $L, $L)", RuntimeNames.PLATE, Names.plate(plate), plate,
                    Names.size(plate), plan.globalLayout().dim(plate));
        }
        String data = Names.plate(plan.data());
        run.addStatement("$T $L = context.plate($S, $L, -1)", RuntimeNames.PLATE, data, plan.data(),
                Names.size(plan.data()));
        for (String plate : wholePlates()) {
            run.addStatement("$T.requireWholePlate($S, $L.subsampleSize(), $L, $S)", RuntimeNames.MIXTURE_TABLES,
                    plate, Names.plate(plate), Names.size(plate), readerOf(plate));
        }
        for (SiteDeclaration global : plan.globals()) {
            String value = Names.local(global.name());
            run.addCode("// global site '$L'$L, drawn by the guide\n", global.name(),
                    global.plates().isEmpty() ? "" : ", in plates " + global.plates());
            run.addStatement("$T $LDistribution = $T.evaluate($S, $S, () -> model.$L($L))",
                    ClassName.bestGuess(global.distribution().qualifiedName()), value, RuntimeNames.SITE_CALLS,
                    global.name(), "", global.methodName(), arguments(global));
            if (global.plates().isEmpty()) {
                run.addStatement("$T $L = context.sample($S, $LDistribution)", RuntimeNames.TENSOR, value,
                        global.name(), value);
            } else {
                run.addStatement("$T $L = context.sample($S, $T.inPlates($S, $LDistribution$L)$L)",
                        RuntimeNames.TENSOR, value, global.name(), RuntimeNames.PROGRAM_SUPPORT, global.name(), value,
                        batchShape(global.plates()), plateArgs(global.plates()));
            }
        }
        List<CodeBlock> members = new ArrayList<>();
        for (SiteDeclaration site : plan.observed()) {
            members.add(CodeBlock.of("$T.members(this.$L, 0, $L)", RuntimeNames.PROGRAM_SUPPORT,
                    Names.local(site.name()), data));
        }
        return run.addCode("// enumerated site '$L' summed out exactly over this run's members of '$L'\n",
                        plan.enumerated().name(), plan.data())
                .addStatement("$T $L = $L($L)", RuntimeNames.TENSOR, joint, joint, callArguments(members))
                .addStatement("context.factor($S, $T.logMarginal($L), $L)", plan.enumerated().name(),
                        RuntimeNames.MIXTURE_TABLES, joint, data)
                .build();
    }

    private MethodSpec posterior() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("posterior")
                .addModifiers(Modifier.PUBLIC)
                .returns(RuntimeNames.MIXTURE_POSTERIOR)
                .addJavadoc("The exact posterior of {@code $L} for every member of {@code $L} given values of the global "
                        + "sites (Pyro's {@code infer_discrete}): its MAP assignment, probabilities and exact samples.\n\n",
                        plan.enumerated().name(), plan.data())
                .addJavadoc("@param globals a value for each global site $L, by name; read, not differentiated\n",
                        readGlobals().stream().map(SiteDeclaration::name).toList())
                .addJavadoc("@throws IllegalArgumentException naming a global site without a value\n")
                .addParameter(ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(String.class),
                        RuntimeNames.TENSOR), "globals");
        for (SiteDeclaration global : readGlobals()) {
            method.addStatement("$T $L = $T.global(globals, $S)", RuntimeNames.TENSOR, Names.local(global.name()),
                    RuntimeNames.MIXTURE_TABLES, global.name());
        }
        List<CodeBlock> members = plan.observed().stream()
                .map(site -> CodeBlock.of("this.$L", Names.local(site.name()))).toList();
        return method.addStatement("return $T.of($S, $S, $L($L))", RuntimeNames.MIXTURE_POSTERIOR,
                plan.enumerated().name(), plan.data(), joint, callArguments(members)).build();
    }

    private MethodSpec logJoint() {
        SiteDeclaration enumerated = plan.enumerated();
        String z = Names.local(enumerated.name());
        MethodSpec.Builder method = MethodSpec.methodBuilder(joint)
                .addModifiers(Modifier.PRIVATE)
                .returns(RuntimeNames.TENSOR)
                .addJavadoc("{@return [K, B]: log p($L = k) plus the observed sites' log-likelihood of each data member "
                        + "given $L = k, differentiable in the globals}\n", enumerated.name(), enumerated.name());
        for (SiteDeclaration global : readGlobals()) {
            method.addParameter(RuntimeNames.TENSOR, Names.local(global.name()));
        }
        for (SiteDeclaration site : plan.observed()) {
            method.addParameter(RuntimeNames.TENSOR, Names.local(site.name()) + "Members");
        }
        method.addCode("// enumerated site '$L': one distribution for every member of '$L'\n", enumerated.name(),
                        plan.data())
                .addStatement("$T $LLogPrior = $T.logPrior($S, $S, $T.evaluate($S, $S, () -> model.$L($L)))",
                        RuntimeNames.TENSOR, z, RuntimeNames.MIXTURE_TABLES, enumerated.name(), plan.data(),
                        RuntimeNames.SITE_CALLS, enumerated.name(), plan.data(), enumerated.methodName(),
                        arguments(enumerated))
                .addStatement("int $LStates = $LLogPrior.size(0)", z, z);
        CodeBlock.Builder sum = CodeBlock.builder().add("$LLogPrior.unsqueeze(1)", z);
        for (SiteDeclaration site : plan.observed()) {
            String o = Names.local(site.name());
            method.addCode("// observed site '$L' given each value of '$L'\n", site.name(), enumerated.name())
                    .addStatement("$T $LLogLikelihood = $T.logLikelihood($S, $S, $LStates, $L -> model.$L($L), "
                                    + "$LMembers)", RuntimeNames.TENSOR, o, RuntimeNames.MIXTURE_TABLES, site.name(),
                            enumerated.name(), z, z, site.methodName(), arguments(site), o);
            sum.add(".add($LLogLikelihood)", o);
        }
        return method.addStatement("return $L", sum.build()).build();
    }

    /** The call's arguments: sites by name; the enumerated site's value is the lambda's parameter of the same name. */
    private String arguments(SiteDeclaration site) {
        List<String> args = new ArrayList<>();
        for (Dependency dependency : site.dependencies()) {
            args.add(Names.local(dependency.site()));
        }
        return String.join(", ", args);
    }

    /** The globals the enumerated and observed sites read, in the globals' order: the joint table's inputs. */
    private List<SiteDeclaration> readGlobals() {
        Set<String> read = new LinkedHashSet<>();
        List<SiteDeclaration> locals = new ArrayList<>(plan.observed());
        locals.add(plan.enumerated());
        locals.forEach(site -> site.dependencies().forEach(d -> read.add(d.site())));
        return plan.globals().stream().filter(g -> read.contains(g.name())).toList();
    }

    /** The plates of the globals the data plate's sites read whole: a subsample of them would misindex. */
    private List<String> wholePlates() {
        Set<String> plates = new LinkedHashSet<>();
        readGlobals().forEach(global -> plates.addAll(global.plates()));
        return plan.globalPlates().stream().filter(plates::contains).toList();
    }

    /** The first site of the data plate that reads a global in {@code plate}, for the run-time message. */
    private String readerOf(String plate) {
        List<SiteDeclaration> locals = new ArrayList<>();
        locals.add(plan.enumerated());
        locals.addAll(plan.observed());
        for (SiteDeclaration site : locals) {
            for (Dependency d : site.dependencies()) {
                if (plan.globals().stream().anyMatch(g -> g.name().equals(d.site()) && g.plates().contains(plate))) {
                    return site.name();
                }
            }
        }
        throw new IllegalStateException("no site of the data plate reads plate '" + plate + "'");
    }

    private CodeBlock callArguments(List<CodeBlock> members) {
        List<CodeBlock> args = new ArrayList<>(readGlobals().stream()
                .map(g -> CodeBlock.of("$L", Names.local(g.name()))).toList());
        args.addAll(members);
        return CodeBlock.join(args, ", ");
    }

    /** {@code , componentsPlate.subsampleSize()} for a global in plate components at dim -1. */
    private String batchShape(List<String> plates) {
        int rank = plan.globalLayout().batchRank(plates);
        var sizes = new StringBuilder();
        for (int position = 0; position < rank; position++) {
            int dim = position - rank;
            String size = "1";
            for (String plate : plates) {
                if (plan.globalLayout().dim(plate) == dim) {
                    size = Names.plate(plate) + ".subsampleSize()";
                }
            }
            sizes.append(", ").append(size);
        }
        return sizes.toString();
    }

    private String plateArgs(List<String> plates) {
        return plates.stream().map(p -> ", " + Names.plate(p)).reduce("", String::concat);
    }

    private String javadoc() {
        var doc = new StringBuilder();
        doc.append("The model {@link ").append(modelClass.canonicalName()).append("} as a program for SVI with its ")
                .append("enumerated site {@code ").append(plan.enumerated().name()).append("} summed out exactly ")
                .append("(Pyro's {@code TraceEnum_ELBO}), and the site's exact posterior given the global sites ")
                .append("({@link #posterior}), generated by the Trellis annotation processor.\n\n");
        doc.append("<p>Plan:\n<ol>\n");
        for (String step : plan.steps()) {
            doc.append("  <li>").append(ClassJavadoc.escape(step))
                    .append('\n');
        }
        doc.append("</ol>\n\n<p>Plates and the batch dimension each runs along: ");
        List<String> dims = new ArrayList<>();
        for (String plate : plan.globalPlates()) {
            dims.add("{@code " + plate + "}: " + plan.globalLayout().dim(plate));
        }
        dims.add("{@code " + plan.data() + "}: -1");
        return doc.append(String.join(", ", dims)).append(".\n").toString();
    }

    /** The global plates, then the data plate. */
    private List<String> plates() {
        List<String> plates = new ArrayList<>(plan.globalPlates());
        plates.add(plan.data());
        return plates;
    }
}
