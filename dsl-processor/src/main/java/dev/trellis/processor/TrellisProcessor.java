package dev.trellis.processor;

import com.google.auto.service.AutoService;
import dev.trellis.dsl.Computed;
import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Dims;
import dev.trellis.dsl.IndexedBy;
import dev.trellis.dsl.Shape;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Network;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Scale;
import dev.trellis.dsl.Site;
import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.GuideValidator;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.check.ModelValidator;
import dev.trellis.processor.check.ProgramValidator;
import dev.trellis.processor.codegen.AvailableAnnotations;
import dev.trellis.processor.codegen.EnumeratedProgramGenerator;
import dev.trellis.processor.codegen.GeneratedNames;
import dev.trellis.processor.codegen.InferenceGenerator;
import dev.trellis.processor.codegen.ProgramGenerator;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.PlatedFactorGraphBuilder;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ModelPrinter;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.SourceRef;
import dev.trellis.processor.plan.EliminationPlan;
import dev.trellis.processor.plan.EliminationPlanner;
import dev.trellis.processor.plan.PlannerOptions;
import dev.trellis.processor.plan.PlanPrinter;
import dev.trellis.processor.plan.PlateLayout;
import dev.trellis.processor.read.DiagnosticReporter;
import dev.trellis.processor.read.ModelReader;
import dev.trellis.processor.read.ShapeReader;
import dev.trellis.processor.shapes.ModelShapes;
import dev.trellis.processor.shapes.ShapeValidator;
import dev.trellis.processor.shapes.ShapesGenerator;
import dev.trellis.processor.render.ModelGraphDot;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.StandardLocation;

/**
 * The Trellis annotation processor. For each {@code @Model} class: read its declarations into the
 * model IR, check them, build the factor graph, plan the elimination, generate the inference class.
 * Each stage yields an immutable value; a stage with findings reports them all, on the offending
 * elements, and stops that model there.
 *
 * <p>Option {@code -Atrellis.dump=true} prints each model's IR, factor graph and plan as notes.
 */
@AutoService(Processor.class)
public final class TrellisProcessor extends AbstractProcessor {
    static final String DUMP_OPTION = "trellis.dump";
    /** The most enumerated variables one factor of an elimination may span; its table is their joint state space. */
    static final String MAX_FACTOR_OPTION = "trellis.maxFactorVariables";
    static final int DEFAULT_MAX_FACTOR_VARIABLES = 4;

    /** All of the DSL's annotations, so that javac sees them claimed (-Xlint:processing stays quiet). */
    private static final Set<String> DSL_ANNOTATIONS = Set.of(Model.class, Sample.class, Plate.class, Markov.class,
                    Enumerate.class, Observed.class, Previous.class, Site.class, Param.class, Guide.class,
                    Network.class, Computed.class, Scale.class, Dim.class, Dims.class, Shape.class, IndexedBy.class).stream()
            .map(Class::getCanonicalName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return DSL_ANNOTATIONS;
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(DUMP_OPTION, MAX_FACTOR_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element element : round.getElementsAnnotatedWith(Model.class)) {
            var reporter = new DiagnosticReporter(processingEnv.getMessager(), element);
            try {
                processModel((TypeElement) element, reporter);
            } catch (RuntimeException | IOException | Error e) {
                // Never throw into javac: a crash would hide the user's real errors behind a trace.
                reporter.error(Messages.internalError(SourceRef.NONE, e));
            }
        }
        for (Element element : round.getElementsAnnotatedWith(Guide.class)) {
            var reporter = new DiagnosticReporter(processingEnv.getMessager(), element);
            try {
                processGuide((TypeElement) element, reporter);
            } catch (RuntimeException | IOException | Error e) {
                reporter.error(Messages.internalError(SourceRef.NONE, e));
            }
        }
        return true;
    }

    /**
     * A guide: read it and its model, check both, check the guide against the model, generate the guide's program.
     * The model's own mistakes are reported where the model is processed; here they only stop the guide. The guide's
     * structure is checked knowing the model's observed sites, which the guide may read as data.
     */
    private void processGuide(TypeElement type, DiagnosticReporter reporter) throws IOException {
        var reader = new ModelReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
        ModelReader.Reading reading = reader.read(type);
        ModelDeclaration guide = reading.model();
        List<Diagnostic> problems = new ArrayList<>(reading.problems());
        Optional<TypeElement> modelType = reader.guidedModel(type, problems);
        if (report(problems, reporter) || modelType.isEmpty()) {
            return;
        }
        ModelReader.Reading modelReading = reader.read(modelType.get());
        ModelDeclaration model = modelReading.model();
        List<SiteDeclaration> modelData = model.sites().stream().filter(SiteDeclaration::observed).toList();
        if (report(ModelValidator.validate(guide, modelData), reporter)) {
            return;
        }
        if (!modelReading.problems().isEmpty() || !ModelValidator.validate(model).isEmpty()
                || !model.usesEnumeration() && !ProgramValidator.validateModel(model).isEmpty()) {
            return;
        }
        if (report(GuideValidator.validate(guide, model), reporter)
                || report(ProgramValidator.validateGuide(guide, model), reporter)) {
            return;
        }
        Optional<ModelShapes> guideShapes = shapes(type, guide, reporter);
        ModelShapes modelShapes = new ShapeReader(processingEnv.getElementUtils()).read(modelType.get(), model).shapes();
        if (guideShapes.isEmpty()
                || report(ShapeValidator.validateGuide(guide, guideShapes.get(), model, modelShapes), reporter)) {
            return;
        }
        guide = ShapesGenerator.withChecks(guide, guideShapes.get());
        if (dumping()) {
            reporter.note("guide of " + model.qualifiedName() + "\n" + ModelPrinter.print(guide));
        }
        write(ProgramGenerator.forGuide(guide, model, TrellisProcessor.class.getCanonicalName(),
                availableAnnotations()).generate(), type);
        writeShapes(new ShapesGenerator(guide, guideShapes.get()), guide, type);
    }

    private void processModel(TypeElement type, DiagnosticReporter reporter) throws IOException {
        ModelReader.Reading reading = new ModelReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils()).read(type);
        ModelDeclaration model = reading.model();
        if (report(reading.problems(), reporter) || report(ModelValidator.validate(model), reporter)) {
            return;
        }
        Optional<ModelShapes> shapes = shapes(type, model, reporter);
        if (shapes.isEmpty()) {
            return;
        }
        model = ShapesGenerator.withChecks(model, shapes.get());
        if (!model.usesEnumeration()) {
            // Nothing to sum out: the model becomes a program that SVI runs with a guide (chains step by step).
            if (report(ProgramValidator.validateModel(model), reporter)) {
                return;
            }
            if (dumping()) {
                reporter.note(ModelPrinter.print(model));
            }
            write(ProgramGenerator.forModel(model, TrellisProcessor.class.getCanonicalName(),
                    availableAnnotations()).generate(), type);
            writeShapes(new ShapesGenerator(model, shapes.get()), model, type);
            writeResource(model, ModelGraphDot.resourceName(model), ModelGraphDot.render(model), type);
            return;
        }
        // Enumerated sites: the plated factor graph, tensor variable elimination over it, the inference class, and
        // the program SVI runs when the model has global inputs.
        PlatedFactorGraphBuilder.Result built = PlatedFactorGraphBuilder.build(model);
        if (report(built.problems(), reporter)) {
            return;
        }
        PlatedFactorGraph graph = built.graph().orElseThrow();
        EliminationPlanner.Result planned = EliminationPlanner.plan(graph, new PlannerOptions(maxFactorVariables(reporter)));
        if (report(planned.problems(), reporter)) {
            return;
        }
        EliminationPlan plan = planned.plan().orElseThrow();
        if (report(GeneratedNames.clashes(plan), reporter)) {
            return;
        }
        if (dumping()) {
            reporter.note(ModelPrinter.print(model) + graph.print() + plan.print());
        }
        String generatedBy = TrellisProcessor.class.getCanonicalName();
        write(new InferenceGenerator(plan, generatedBy, availableAnnotations()).generate(), type);
        writeResource(model, ModelGraphDot.resourceName(model), ModelGraphDot.render(graph), type);
        if (EnumeratedProgramGenerator.applies(graph)) {
            write(new EnumeratedProgramGenerator(plan, generatedBy, availableAnnotations()).generate(), type);
        }
        writeShapes(new ShapesGenerator(model, shapes.get(), PlanPrinter.printCost(plan.cost())), model, type);
    }

    /** The shapes {@code type} declares, checked against its model IR; empty (and reported) when they have mistakes. */
    private Optional<ModelShapes> shapes(TypeElement type, ModelDeclaration model, DiagnosticReporter reporter) {
        ShapeReader.Reading shapes = new ShapeReader(processingEnv.getElementUtils()).read(type, model);
        if (report(shapes.problems(), reporter) || report(ShapeValidator.validate(model, shapes.shapes()), reporter)) {
            return Optional.empty();
        }
        return Optional.of(shapes.shapes());
    }

    /** The shapes report as a resource beside the model's classes, and the generated {@code <Model>Shapes}. */
    private void writeShapes(ShapesGenerator generator, ModelDeclaration model, TypeElement origin)
            throws IOException {
        try (Writer out = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, model.packageName(),
                ShapesGenerator.resourceName(model), origin).openWriter()) {
            out.write(generator.report());
        }
        write(generator.generate(TrellisProcessor.class.getCanonicalName(), availableAnnotations()), origin);
    }

    private void write(JavaFile source, TypeElement origin) throws IOException {
        String name = source.packageName().isEmpty() ? source.typeSpec().name() : source.packageName() + "." + source.typeSpec().name();
        try (Writer out = processingEnv.getFiler().createSourceFile(name, origin).openWriter()) {
            source.writeTo(out);
        }
    }

    /** Writes a text resource next to the model's generated classes (CLASS_OUTPUT, the model's package). */
    private void writeResource(ModelDeclaration model, String name, String text, TypeElement origin)
            throws IOException {
        try (Writer out = processingEnv.getFiler()
                .createResource(StandardLocation.CLASS_OUTPUT, model.packageName(), name, origin).openWriter()) {
            out.write(text);
        }
    }

    /** Whether {@code -Atrellis.dump=true} asks for each model's IR and plan as a note. */
    private boolean dumping() {
        return Boolean.parseBoolean(processingEnv.getOptions().get(DUMP_OPTION));
    }

    private int maxFactorVariables(DiagnosticReporter reporter) {
        String option = processingEnv.getOptions().get(MAX_FACTOR_OPTION);
        if (option == null) {
            return DEFAULT_MAX_FACTOR_VARIABLES;
        }
        try {
            return Integer.parseInt(option.strip());
        } catch (NumberFormatException e) {
            reporter.note("ignoring -A" + MAX_FACTOR_OPTION + "=" + option + ": not an integer; using "
                    + DEFAULT_MAX_FACTOR_VARIABLES);
            return DEFAULT_MAX_FACTOR_VARIABLES;
        }
    }

    private AvailableAnnotations availableAnnotations() {
        return new AvailableAnnotations(
                isOnClasspath(AvailableAnnotations.GENERATED), isOnClasspath(AvailableAnnotations.NULL_MARKED));
    }

    private boolean isOnClasspath(String annotation) {
        return processingEnv.getElementUtils().getTypeElement(annotation) != null;
    }

    private static boolean report(List<Diagnostic> problems, DiagnosticReporter reporter) {
        problems.forEach(reporter::error);
        return !problems.isEmpty();
    }
}
