package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import dev.trellis.processor.plan.PlateLayout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the SVI program of a model without enumerated sites, or of a guide: a class implementing the runtime's
 * {@code Program} whose {@code run} calls the user's methods in dependency order and hands each site to the
 * {@code SampleContext}, with its plates. One statement per site or parameter, in an order that depends only on the
 * declarations, so the same input gives byte-identical source.
 */
public final class ProgramGenerator {

    private final ModelDeclaration program;
    private final PlateLayout layout;
    private final ClassName userClass;
    private final ClassName programClass;
    private final Optional<ClassName> modelProgram;
    private final String field;
    private final String generatedBy;
    private final AvailableAnnotations annotations;

    private ProgramGenerator(ModelDeclaration program, PlateLayout layout, Optional<ClassName> modelProgram,
            String generatedBy, AvailableAnnotations annotations) {
        this.program = program;
        this.layout = layout;
        this.userClass = className(program, "");
        this.programClass = className(program, "Program");
        this.modelProgram = modelProgram;
        this.field = modelProgram.isPresent() ? "guide" : "model";
        this.generatedBy = generatedBy;
        this.annotations = annotations;
    }

    /** The program of a model: it observes the data it is constructed with. */
    public static ProgramGenerator forModel(ModelDeclaration model, PlateLayout layout, String generatedBy,
            AvailableAnnotations annotations) {
        return new ProgramGenerator(model, layout, Optional.empty(), generatedBy, annotations);
    }

    /** The program of a guide: its plates take their sizes from the model's program. */
    public static ProgramGenerator forGuide(ModelDeclaration guide, ModelDeclaration model, PlateLayout modelLayout,
            String generatedBy, AvailableAnnotations annotations) {
        return new ProgramGenerator(guide, modelLayout, Optional.of(className(model, "Program")), generatedBy,
                annotations);
    }

    public JavaFile generate() {
        TypeSpec.Builder type = TypeSpec.classBuilder(programClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(RuntimeNames.PROGRAM)
                .addJavadoc("$L", ProgramJavadoc.write(program, layout, userClass, modelProgram.isPresent()));
        annotations.annotate(type, generatedBy);
        for (ParamDeclaration param : program.params()) {
            type.addField(FieldSpec.builder(RuntimeNames.CONSTRAINT, constraintField(param),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.parse($S)", RuntimeNames.CONSTRAINT, param.constraint()).build());
        }
        type.addField(userClass, field, Modifier.PRIVATE, Modifier.FINAL);
        for (SiteDeclaration site : observedSites()) {
            type.addField(RuntimeNames.TENSOR, Names.local(site.name()), Modifier.PRIVATE, Modifier.FINAL);
        }
        for (String plate : usedPlates()) {
            type.addField(int.class, Names.size(plate), Modifier.PRIVATE, Modifier.FINAL);
        }
        type.addMethod(modelProgram.isPresent() ? guideConstructor() : modelConstructor())
                .addMethod(plateSize())
                .addMethod(run());
        return JavaFile.builder(program.packageName(), type.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private MethodSpec modelConstructor() {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The model conditioned on its data. Each observed site's data has one leading dimension per\n"
                        + "plate the site is in, outermost first, then the distribution's event dimensions; the data\n"
                        + "bind the plates' sizes.\n\n")
                .addJavadoc("@param model computes the sites' distributions; read again on every run\n")
                .addParameter(userClass, "model");
        List<SiteDeclaration> observed = observedSites();
        for (SiteDeclaration site : observed) {
            constructor.addParameter(RuntimeNames.TENSOR, Names.local(site.name()))
                    .addJavadoc("@param $L the values of site {@code $L}, plates $L\n", Names.local(site.name()),
                            site.name(), site.plates());
        }
        Set<String> bound = new LinkedHashSet<>();
        observed.forEach(site -> bound.addAll(site.plates()));
        for (String plate : usedPlates()) {
            if (!bound.contains(plate)) {
                constructor.addParameter(int.class, Names.size(plate))
                        .addJavadoc("@param $L the number of members of plate {@code $L}, which no observed site binds\n",
                                Names.size(plate), plate);
            }
        }
        constructor.addJavadoc("@throws $T naming the site if data disagree on a plate's size\n",
                RuntimeNames.SITE_EXCEPTION);
        constructor.addStatement("this.model = $T.requireNonNull(model, $S)", Objects.class, "model");
        if (!usedPlates().isEmpty()) {
            CodeBlock.Builder binding = CodeBlock.builder().add("$T plates = new $T()", RuntimeNames.PLATE_SIZES,
                    RuntimeNames.PLATE_SIZES);
            for (SiteDeclaration site : observed) {
                for (int i = 0; i < site.plates().size(); i++) {
                    binding.add("\n.bind($S, $S, $L, $L)", site.plates().get(i), site.name(), Names.local(site.name()), i);
                }
            }
            for (String plate : usedPlates()) {
                if (!bound.contains(plate)) {
                    binding.add("\n.bindSize($S, $L)", plate, Names.size(plate));
                }
            }
            constructor.addStatement(binding.build());
            for (String plate : usedPlates()) {
                constructor.addStatement("this.$L = plates.size($S)", Names.size(plate), plate);
            }
        }
        for (SiteDeclaration site : observed) {
            constructor.addStatement("this.$L = $L", Names.local(site.name()), Names.local(site.name()));
        }
        return constructor.build();
    }

    private MethodSpec guideConstructor() {
        ClassName model = modelProgram.orElseThrow();
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("The guide for the data {@code model} was built with.\n\n")
                .addJavadoc("@param guide computes the guide sites' distributions; read again on every run\n")
                .addJavadoc("@param model the model's program, whose data bind the plates' sizes\n")
                .addParameter(userClass, "guide")
                .addParameter(model, "model")
                .addStatement("this.guide = $T.requireNonNull(guide, $S)", Objects.class, "guide");
        for (String plate : usedPlates()) {
            constructor.addStatement("this.$L = model.plateSize($S)", Names.size(plate), plate);
        }
        return constructor.build();
    }

    private MethodSpec plateSize() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("plateSize")
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addJavadoc("The number of members of a plate, as the data bound it.\n\n")
                .addJavadoc("@param plate the plate's name\n")
                .addJavadoc("@throws IllegalArgumentException if this program has no such plate\n")
                .addParameter(String.class, "plate");
        for (String plate : usedPlates()) {
            method.beginControlFlow("if (plate.equals($S))", plate)
                    .addStatement("return $L", Names.size(plate))
                    .endControlFlow();
        }
        method.addStatement("throw new $T($S + plate + $S)", IllegalArgumentException.class, "no plate '",
                "' in " + userClass.simpleName() + "; its plates are " + usedPlates());
        return method.build();
    }

    private MethodSpec run() {
        MethodSpec.Builder run = MethodSpec.methodBuilder("run")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(RuntimeNames.SAMPLE_CONTEXT, "context");
        for (String plate : usedPlates()) {
            run.addStatement("$T $L = context.plate($S, $L, $L)", RuntimeNames.PLATE, Names.plate(plate), plate,
                    Names.size(plate), layout.dim(plate));
        }
        for (ParamDeclaration param : program.params()) {
            CodeBlock value = CodeBlock.of("context.param($S, () -> $L.$L(), $L)", param.name(), field,
                    param.methodName(), constraintField(param));
            run.addStatement("$T $L = $L", RuntimeNames.TENSOR, Names.local(param.name()),
                    inPlateMembers(param.name(), value, param.plates()));
        }
        Set<String> read = readSites();
        for (SiteDeclaration site : SiteOrder.topological(program)) {
            String value = Names.local(site.name());
            String distribution = value + "Distribution";
            run.addCode("// site '$L': $L$L\n", site.name(), site.observed() ? "observed" : "latent",
                    site.plates().isEmpty() ? "" : ", in plates " + site.plates());
            run.addStatement("$T $L = $T.evaluate($S, $S, () -> $L.$L($L))",
                    ClassName.bestGuess(site.distribution().qualifiedName()), distribution, RuntimeNames.SITE_CALLS,
                    site.name(), "", field, site.methodName(), arguments(site));
            CodeBlock shaped = CodeBlock.of("$T.inPlates($S, $L$L)", RuntimeNames.PROGRAM_SUPPORT, site.name(),
                    distribution, batchShapeArgs(site.plates()));
            String assign = read.contains(site.name()) ? "$T " + value + " = " : "";
            if (site.observed()) {
                CodeBlock data = inPlateMembers(site.name(), CodeBlock.of("this.$L", value), site.plates());
                run.addStatement(assign + "context.observe($S, $L, $L$L)",
                        assignArgs(read.contains(site.name()), site.name(), shaped, data, plateArgs(site.plates())));
            } else {
                run.addStatement(assign + "context.sample($S, $L$L)",
                        assignArgs(read.contains(site.name()), site.name(), shaped, plateArgs(site.plates())));
            }
        }
        return run.build();
    }

    private String arguments(SiteDeclaration site) {
        List<String> args = new ArrayList<>();
        for (Dependency dependency : site.dependencies()) {
            if (dependency.type() == ValueType.PLATE) {
                args.add(Names.plate(dependency.site()));
                continue;
            }
            String name = program.site(dependency.site()).map(SiteDeclaration::name)
                    .orElseGet(() -> program.param(dependency.site()).orElseThrow().name());
            args.add(Names.local(name));
        }
        return String.join(", ", args);
    }

    /**
     * A tensor with one leading dimension per plate, cut to this run's members of each plate and laid out along the
     * plates' dims; the tensor itself when it is in no plate.
     */
    private CodeBlock inPlateMembers(String name, CodeBlock tensor, List<String> plates) {
        if (plates.isEmpty()) {
            return tensor;
        }
        CodeBlock members = tensor;
        for (int axis = 0; axis < plates.size(); axis++) {
            members = CodeBlock.of("$T.members($L, $L, $L)", RuntimeNames.PROGRAM_SUPPORT, members, axis,
                    Names.plate(plates.get(axis)));
        }
        return CodeBlock.of("$T.align($S, $L$L)", RuntimeNames.PROGRAM_SUPPORT, name, members, dimsArgs(plates));
    }

    /** The sites some other site reads: only those need a local variable. */
    private Set<String> readSites() {
        Set<String> read = new LinkedHashSet<>();
        for (SiteDeclaration site : program.sites()) {
            for (Dependency dependency : site.dependencies()) {
                if (program.site(dependency.site()).isPresent()) {
                    read.add(dependency.site());
                }
            }
        }
        return read;
    }

    private static Object[] assignArgs(boolean assigned, Object... args) {
        if (!assigned) {
            return args;
        }
        Object[] withType = new Object[args.length + 1];
        withType[0] = RuntimeNames.TENSOR;
        System.arraycopy(args, 0, withType, 1, args.length);
        return withType;
    }

    /** {@code , usersSize, 1} for a site in plate users at dim -2: the batch shape as varargs. */
    private String batchShapeArgs(List<String> plates) {
        int rank = layout.batchRank(plates);
        List<String> sizes = new ArrayList<>();
        for (int position = 0; position < rank; position++) {
            int dim = position - rank;
            String size = "1";
            for (String plate : plates) {
                if (layout.dim(plate) == dim) {
                    size = Names.plate(plate) + ".subsampleSize()";
                }
            }
            sizes.add(size);
        }
        return sizes.stream().map(size -> ", " + size).reduce("", String::concat);
    }

    private String plateArgs(List<String> plates) {
        return plates.stream().map(p -> ", " + Names.plate(p)).reduce("", String::concat);
    }

    private String dimsArgs(List<String> plates) {
        return plates.stream().map(p -> ", " + layout.dim(p)).reduce("", String::concat);
    }

    private List<SiteDeclaration> observedSites() {
        return program.sites().stream().filter(SiteDeclaration::observed).toList();
    }

    private List<String> usedPlates() {
        Set<String> used = new LinkedHashSet<>();
        program.sites().forEach(site -> used.addAll(site.plates()));
        program.params().forEach(param -> used.addAll(param.plates()));
        return layout.plates().stream().filter(used::contains).toList();
    }

    static String constraintField(ParamDeclaration param) {
        return Names.constant(param.name()) + "_CONSTRAINT";
    }

    /**
     * The user's class for an empty suffix, else a generated class beside it: {@code EightSchools} with
     * {@code "Program"} gives {@code EightSchoolsProgram}; {@code Outer.Inner} gives {@code Outer_InnerProgram}.
     */
    static ClassName className(ModelDeclaration declaration, String suffix) {
        List<String> names = declaration.simpleNames();
        if (suffix.isEmpty()) {
            return ClassName.get(declaration.packageName(), names.get(0),
                    names.subList(1, names.size()).toArray(String[]::new));
        }
        return ClassName.get(declaration.packageName(), String.join("_", names) + suffix);
    }
}
