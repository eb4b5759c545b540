package dev.trellis.processor.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.codegen.ProgramParts.DataKind;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.shapes.ShapesMethod;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the SVI program of a model without enumerated sites, or of a guide: a class implementing the runtime's
 * {@code Program} whose {@code run} registers the networks, reads the parameters, computes the computed values and
 * calls the user's site methods in dependency order, handing each site to the {@code SampleContext} with its plates
 * (a Markov plate's sites step by step, {@code z_1}, {@code z_2}, ...). One statement per site or parameter, in an
 * order that depends only on the declarations, so the same input gives byte-identical source.
 *
 * <p>The class holds the data (a model's, or those of its model's a guide reads), the plates' sizes, the networks
 * (asked for once, in the constructor) and the scale factors; {@link ProgramConstructors} writes the constructors and
 * {@link RunMethodWriter} the run.
 */
public final class ProgramGenerator {

    private final ProgramParts parts;
    private final String generatedBy;
    private final AvailableAnnotations annotations;

    private ProgramGenerator(ProgramParts parts, String generatedBy, AvailableAnnotations annotations) {
        this.parts = parts;
        this.generatedBy = generatedBy;
        this.annotations = annotations;
    }

    /** The program of a model: it observes the data it is constructed with. */
    public static ProgramGenerator forModel(ModelDeclaration model, String generatedBy,
            AvailableAnnotations annotations) {
        return new ProgramGenerator(new ProgramParts(model, model, false), generatedBy, annotations);
    }

    /** The program of a guide: its plates, steps, data and scales come from the model's program. */
    public static ProgramGenerator forGuide(ModelDeclaration guide, ModelDeclaration model, String generatedBy,
            AvailableAnnotations annotations) {
        return new ProgramGenerator(new ProgramParts(guide, model, true), generatedBy, annotations);
    }

    public JavaFile generate() {
        ModelDeclaration program = parts.program;
        TypeSpec.Builder type = TypeSpec.classBuilder(parts.programClass)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(RuntimeNames.PROGRAM)
                .addJavadoc("$L", ProgramJavadoc.write(parts));
        annotations.annotate(type, generatedBy);
        ShapesMethod.addTo(type, program, parts.field);
        for (ParamDeclaration param : program.params()) {
            type.addField(FieldSpec.builder(RuntimeNames.CONSTRAINT, constraintField(param),
                            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("$T.parse($S)", RuntimeNames.CONSTRAINT, param.constraint()).build());
        }
        type.addField(parts.userClass, parts.field, Modifier.PRIVATE, Modifier.FINAL);
        if (parts.guide && !parts.scaleFactors().isEmpty()) {
            type.addField(parts.modelProgramClass, "model", Modifier.PRIVATE, Modifier.FINAL);
        }
        for (NetworkDeclaration network : program.networks()) {
            type.addField(ProgramParts.networkType(network), Names.local(network.name()), Modifier.PRIVATE,
                    Modifier.FINAL);
        }
        for (SiteDeclaration site : parts.dataSites()) {
            type.addField(parts.dataFieldType(site), Names.local(site.name()), Modifier.PRIVATE, Modifier.FINAL);
        }
        for (String plate : parts.usedPlates()) {
            if (parts.shape.isMarkov(plate) && parts.shape.ragged()) {
                type.addField(ArrayTypeName.of(int.class), Names.lengths(plate), Modifier.PRIVATE, Modifier.FINAL);
            } else {
                type.addField(int.class, Names.size(plate), Modifier.PRIVATE, Modifier.FINAL);
            }
        }
        if (!parts.guide) {
            for (String factor : parts.modelScaleFactors()) {
                type.addField(FieldSpec.builder(double.class, ProgramParts.scaleLocal(factor), Modifier.PRIVATE,
                        Modifier.VOLATILE).initializer("1.0").build());
            }
        }
        var constructors = new ProgramConstructors(parts);
        type.addMethod(parts.guide ? constructors.guideConstructor() : constructors.modelConstructor())
                .addMethod(plateSize());
        if (parts.stepsAlongMarkov() && parts.shape.ragged()) {
            type.addMethod(lengths());
        }
        if (!parts.guide) {
            addDataAccessors(type);
            if (!parts.modelScaleFactors().isEmpty()) {
                type.addMethod(setScale()).addMethod(scale());
            }
        }
        type.addMethod(new RunMethodWriter(parts).run());
        if (!parts.guide) {
            DescriptionMembers.addGraph(type, parts.programClass, program);
        }
        return JavaFile.builder(program.packageName(), type.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    private MethodSpec plateSize() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("plateSize")
                .addModifiers(Modifier.PUBLIC)
                .returns(int.class)
                .addJavadoc("The number of members of a plate, as the data bound it; for a Markov plate, the number of "
                        + "steps\n(of the longest sequence, when the sequences are ragged).\n\n")
                .addJavadoc("@param plate the plate's name\n")
                .addJavadoc("@throws IllegalArgumentException if this program has no such plate\n")
                .addParameter(String.class, "plate");
        for (String plate : parts.usedPlates()) {
            method.beginControlFlow("if (plate.equals($S))", plate);
            if (parts.shape.isMarkov(plate) && parts.shape.ragged()) {
                method.addStatement("return $T.stream($L).max().orElse(0)", Arrays.class, Names.lengths(plate));
            } else {
                method.addStatement("return $L", Names.size(plate));
            }
            method.endControlFlow();
        }
        method.addStatement("throw new $T($S + plate + $S)", IllegalArgumentException.class, "no plate '",
                "' in " + parts.userClass.simpleName() + "; its plates are " + parts.usedPlates());
        return method.build();
    }

    private MethodSpec lengths() {
        String markov = parts.shape.markov().orElseThrow();
        return MethodSpec.methodBuilder("lengths")
                .addModifiers(Modifier.PUBLIC)
                .returns(ArrayTypeName.of(int.class))
                .addJavadoc("Each sequence's number of steps along a Markov plate of ragged sequences, one per member "
                        + "of\nthe plate around it.\n\n")
                .addJavadoc("@param plate the Markov plate's name\n")
                .addJavadoc("@throws IllegalArgumentException if it is not this program's Markov plate\n")
                .addParameter(String.class, "plate")
                .beginControlFlow("if (!plate.equals($S))", markov)
                .addStatement("throw new $T($S + plate + $S)", IllegalArgumentException.class, "'",
                        "' is not the Markov plate of " + parts.userClass.simpleName() + "; it is '" + markov + "'")
                .endControlFlow()
                .addStatement("return $L.clone()", Names.lengths(markov))
                .build();
    }

    /** {@code observed(site)} and {@code observedSequences(site)}: the data, for the guide's program to read. */
    private void addDataAccessors(TypeSpec.Builder type) {
        List<SiteDeclaration> tensors = parts.dataSites().stream()
                .filter(site -> parts.dataKind(site) != DataKind.RAGGED).toList();
        List<SiteDeclaration> ragged = parts.dataSites().stream()
                .filter(site -> parts.dataKind(site) == DataKind.RAGGED).toList();
        if (!tensors.isEmpty()) {
            type.addMethod(accessor("observed", RuntimeNames.TENSOR, tensors,
                    "The data this program was built with for an observed site (not one of ragged sequences).\n"));
        }
        if (!ragged.isEmpty()) {
            type.addMethod(accessor("observedSequences", RuntimeNames.RAGGED_SEQUENCES, ragged,
                    "The sequences this program was built with for an observed site along the Markov plate, padded."
                            + "\n"));
        }
    }

    private MethodSpec accessor(String name, ClassName type, List<SiteDeclaration> sites, String doc) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .returns(type)
                .addJavadoc(doc + "\n")
                .addJavadoc("@param site the observed site's name\n")
                .addJavadoc("@throws IllegalArgumentException if there is no such site\n")
                .addParameter(String.class, "site");
        for (SiteDeclaration site : sites) {
            method.beginControlFlow("if (site.equals($S))", site.name())
                    .addStatement("return $L", Names.local(site.name()))
                    .endControlFlow();
        }
        method.addStatement("throw new $T($S + site + $S)", IllegalArgumentException.class, "no site '",
                "' among " + sites.stream().map(SiteDeclaration::name).toList());
        return method.build();
    }

    private MethodSpec setScale() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("setScale")
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("Sets a scale factor for every later run of this program and of the guides built with it "
                        + "(Pyro's\n{@code poutine.scale}, e.g. KL annealing); every factor starts at 1.\n\n")
                .addJavadoc("@param factor the factor's name, as {@code @Scale} gives it\n")
                .addJavadoc("@param value a positive, finite multiplier of the scaled sites' log-densities\n")
                .addJavadoc("@throws IllegalArgumentException naming the factor if it is unknown or the value is not "
                        + "positive and finite\n")
                .addParameter(String.class, "factor")
                .addParameter(double.class, "value")
                .beginControlFlow("if (!(value > 0) || $T.isInfinite(value))", Double.class)
                .addStatement("throw new $T($S + factor + $S + value)", IllegalArgumentException.class,
                        "scale factor '", "' must be positive and finite, got ")
                .endControlFlow();
        for (String factor : parts.modelScaleFactors()) {
            method.beginControlFlow("if (factor.equals($S))", factor)
                    .addStatement("this.$L = value", ProgramParts.scaleLocal(factor))
                    .addStatement("return")
                    .endControlFlow();
        }
        method.addStatement("throw new $T($S + factor + $S)", IllegalArgumentException.class, "no scale factor '",
                "' in " + parts.userClass.simpleName() + "; its factors are " + parts.modelScaleFactors());
        return method.build();
    }

    private MethodSpec scale() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("scale")
                .addModifiers(Modifier.PUBLIC)
                .returns(double.class)
                .addJavadoc("The current value of a scale factor.\n\n")
                .addJavadoc("@param factor the factor's name\n")
                .addJavadoc("@throws IllegalArgumentException if there is no such factor\n")
                .addParameter(String.class, "factor");
        for (String factor : parts.modelScaleFactors()) {
            method.beginControlFlow("if (factor.equals($S))", factor)
                    .addStatement("return $L", ProgramParts.scaleLocal(factor))
                    .endControlFlow();
        }
        method.addStatement("throw new $T($S + factor + $S)", IllegalArgumentException.class, "no scale factor '",
                "' in " + parts.userClass.simpleName() + "; its factors are " + parts.modelScaleFactors());
        return method.build();
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
