package dev.trellis.processor.shapes;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.trellis.processor.codegen.AvailableAnnotations;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code <Model>Shapes}: the shapes report ({@code REPORT}, also written as the resource
 * {@code <Model>.shapes.txt}), {@code dimensions(model)} and {@code report(model)} with the sizes read from the model
 * object, and {@code site(model, name, distribution)}, which the generated inference classes and programs call on
 * every distribution a site method returns, for the sites that declare shapes.
 */
public final class ShapesGenerator {
    private static final String RUNTIME = "dev.trellis.runtime.shapes";
    private static final ClassName DIMENSIONS = ClassName.get(RUNTIME, "Dimensions");
    private static final ClassName DECLARED_SITE = ClassName.get(RUNTIME, "DeclaredSite");
    private static final ClassName REPORTS = ClassName.get(RUNTIME, "ShapesReports");
    private static final ClassName DISTRIBUTION = ClassName.get("dev.trellis.runtime.distributions", "Distribution");

    private final ModelDeclaration model;
    private final ModelShapes shapes;
    private final String report;

    public ShapesGenerator(ModelDeclaration model, ModelShapes shapes) {
        this(model, shapes, "");
    }

    /**
     * A generator whose report ends with {@code costSection}, the elimination's cost as the plan prints it (enumerated
     * models), after a blank line.
     */
    public ShapesGenerator(ModelDeclaration model, ModelShapes shapes, String costSection) {
        this.model = model;
        this.shapes = shapes;
        String sites = ShapesReport.print(model, shapes);
        this.report = costSection.isEmpty() ? sites : sites + "\nelimination " + costSection;
    }

    /** {@code Hmm} gives {@code HmmShapes}; {@code Outer.Inner} gives {@code Outer_InnerShapes}. */
    public static String simpleName(ModelDeclaration model) {
        return String.join("_", model.simpleNames()) + "Shapes";
    }

    /** The model with each site that declares shapes marked to be checked by the generated class. */
    public static ModelDeclaration withChecks(ModelDeclaration model, ModelShapes shapes) {
        String checker = simpleName(model);
        List<SiteDeclaration> sites = model.sites().stream()
                .map(s -> shapes.site(s.name()).filter(SiteShape::declaresAnything).isPresent()
                        ? s.withShapeCheck(checker) : s)
                .toList();
        return new ModelDeclaration(model.packageName(), model.simpleNames(), sites, model.params(), model.source(),
                model.networks(), model.computed());
    }

    /** The report text, as the resource holds it. */
    public String report() {
        return report;
    }

    /** The resource's file name beside the model's classes, e.g. {@code Hmm.shapes.txt}. */
    public static String resourceName(ModelDeclaration model) {
        return String.join("_", model.simpleNames()) + ".shapes.txt";
    }

    public JavaFile generate(String generatedBy, AvailableAnnotations annotations) {
        ClassName modelClass = ClassName.get(model.packageName(), model.simpleNames().get(0),
                model.simpleNames().subList(1, model.simpleNames().size()).toArray(String[]::new));
        TypeSpec.Builder type = TypeSpec.classBuilder(simpleName(model))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addJavadoc("The declared shapes of {@link $T}: its shapes report, the sizes of its dimensions, and the "
                        + "run-time check of the sites that declare shapes.\n\n"
                        + "<p>Thread-safe: constants and static methods; each check keeps its own state.\n", modelClass);
        annotations.annotate(type, generatedBy);
        type.addField(FieldSpec.builder(String.class, "REPORT", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The shapes report written at compile time (sizes that come from the model object or the "
                        + "data are {@code ?}).\n")
                .initializer("$S", report).build());
        for (SiteShape site : shapes.sites()) {
            if (!site.declaresAnything()) {
                continue;
            }
            SiteDeclaration declaration = model.site(site.site()).orElseThrow();
            type.addField(FieldSpec.builder(DECLARED_SITE, constant(site.site()), Modifier.PRIVATE, Modifier.STATIC,
                            Modifier.FINAL)
                    .initializer("$T.of($S, $L, $L, $L, $L)", DECLARED_SITE, site.site(), text(site.batch()),
                            text(site.event()), site.domain().map(d -> CodeBlock.of("$S", d)).orElse(CodeBlock.of("null")),
                            !declaration.plates().isEmpty())
                    .build());
        }
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(dimensions(modelClass));
        type.addMethod(MethodSpec.methodBuilder("report").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("{@return the shapes report with the sizes read from {@code model}}\n\n"
                        + "@param model the model whose fields or methods size its dimensions\n")
                .returns(String.class).addParameter(modelClass, "model")
                .addStatement("return $T.fill(REPORT, dimensions(model, $T.of()))", REPORTS, Map.class).build());
        type.addMethod(MethodSpec.methodBuilder("report").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("{@return the shapes report with the sizes read from {@code model} and those given}\n\n"
                        + "@param model the model whose fields or methods size its dimensions\n"
                        + "@param dataSizes sizes of dimensions and plates that the data gives, by name\n")
                .returns(String.class).addParameter(modelClass, "model")
                .addParameter(ParameterizedTypeName.get(Map.class, String.class, Integer.class), "dataSizes")
                .addStatement("return $T.fill(REPORT, dimensions(model, dataSizes))", REPORTS).build());
        type.addMethod(site(modelClass));
        return JavaFile.builder(model.packageName(), type.build()).skipJavaLangImports(true).build();
    }

    private MethodSpec dimensions(ClassName modelClass) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("dimensions").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("{@return the sizes of the dimensions read from {@code model}, constants, and those given}"
                        + "\n\n@param model the model\n@param dataSizes sizes the data gives, by name\n")
                .returns(DIMENSIONS).addParameter(modelClass, "model")
                .addParameter(ParameterizedTypeName.get(Map.class, String.class, Integer.class), "dataSizes");
        boolean readsModel = shapes.dimensions().stream()
                .anyMatch(d -> d.source() == Dimension.Source.MEMBER && d.access().startsWith("model."));
        if (!readsModel) {
            method.addStatement("$T.requireNonNull(model, $S)", java.util.Objects.class, "model");
        }
        CodeBlock.Builder build = CodeBlock.builder().add("return $T.builder()", DIMENSIONS);
        for (Dimension dim : shapes.dimensions()) {
            switch (dim.source()) {
                case MEMBER -> build.add("\n        .known($S, $L, $S)", dim.name(), dim.access(), dim.access());
                case CONSTANT -> build.add("\n        .known($S, $L, $S)", dim.name(), dim.size(), "constant");
                case DATA -> { }
            }
        }
        return method.addStatement(build.add("\n        .given(dataSizes)\n        .build()").build()).build();
    }

    private MethodSpec site(ClassName modelClass) {
        TypeVariableName d = TypeVariableName.get("D", DISTRIBUTION);
        MethodSpec.Builder method = MethodSpec.methodBuilder("site").addModifiers(Modifier.STATIC)
                .addJavadoc("Checks a distribution that a site method of {@code model} returned against the site's "
                        + "declared shapes.\n\n@param model the model\n@param site the site's name\n"
                        + "@param distribution what its method returned\n@param <D> its type\n"
                        + "@return {@code distribution}\n")
                .addTypeVariable(d).returns(d)
                .addParameter(modelClass, "model").addParameter(String.class, "site").addParameter(d, "distribution");
        method.beginControlFlow("return switch (site)");
        for (SiteShape site : shapes.sites()) {
            if (site.declaresAnything()) {
                method.addStatement("case $S -> $L.check(distribution, dimensions(model, $T.of()))", site.site(),
                        constant(site.site()), Map.class);
            }
        }
        method.addStatement("default -> distribution");
        method.endControlFlow("");
        return method.build();
    }

    private static CodeBlock text(Optional<List<String>> dims) {
        return dims.map(d -> CodeBlock.of("$S", String.join(", ", d))).orElse(CodeBlock.of("null"));
    }

    private static String constant(String site) {
        return site.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_")
                + "_SHAPE";
    }
}
