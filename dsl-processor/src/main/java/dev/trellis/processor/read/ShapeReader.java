package dev.trellis.processor.read;

import dev.trellis.dsl.Dim;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.IndexedBy;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Shape;
import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.SourceRef;
import dev.trellis.processor.shapes.Dimension;
import dev.trellis.processor.shapes.ModelShapes;
import dev.trellis.processor.shapes.ShapeMessages;
import dev.trellis.processor.shapes.ShapeText;
import dev.trellis.processor.shapes.SiteShape;
import dev.trellis.processor.shapes.ValueShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads the shape declarations of a model or guide ({@code @Dim}, {@code @Shape}, {@code @Enumerate(domain)},
 * {@code @IndexedBy}) into {@link ModelShapes}, beside the model IR that {@link ModelReader} read from the same
 * class. Like it, it reads declarations only, so Kotlin's kapt stubs carry everything.
 */
public final class ShapeReader {
    private static final String TENSOR = "dev.trellis.runtime.tensor.Tensor";
    private final Elements elements;

    public ShapeReader(Elements elements) {
        this.elements = elements;
    }

    /** The shapes read from {@code type}, and the mistakes visible while reading them. */
    public record Reading(ModelShapes shapes, List<Diagnostic> problems) {}

    public Reading read(TypeElement type, ModelDeclaration model) {
        List<Diagnostic> problems = new ArrayList<>();
        List<Dimension> dims = readDimensions(type, problems);
        List<SiteShape> sites = new ArrayList<>();
        List<ValueShape> params = new ArrayList<>();
        List<ValueShape> parameters = new ArrayList<>();
        List<ValueShape> fields = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Shape shape = method.getAnnotation(Shape.class);
            Optional<SiteDeclaration> site = model.sites().stream()
                    .filter(s -> s.methodName().equals(method.getSimpleName().toString())).findFirst();
            Optional<ParamDeclaration> param = model.params().stream()
                    .filter(p -> p.methodName().equals(method.getSimpleName().toString())).findFirst();
            if (site.isPresent() && method.getAnnotation(Sample.class) != null) {
                readSite(method, site.get(), shape, sites, parameters, problems);
            } else if (param.isPresent() && method.getAnnotation(Param.class) != null && shape != null) {
                SourceRef at = ref(method, Shape.class);
                if (!Shape.UNDECLARED.equals(shape.batch()) || !Shape.UNDECLARED.equals(shape.event())) {
                    problems.add(ShapeMessages.shapeMisplaced(at, "@Param '" + param.get().name()
                            + "' declares a batch or event shape", "a parameter has a value: write @Shape(\"...\")"));
                }
                declared(shape.value(), at, "@Shape of @Param '" + param.get().name() + "'", problems)
                        .ifPresent(dims1 -> params.add(new ValueShape(param.get().name(), "", dims1, true, List.of(), at)));
            } else if (shape != null) {
                problems.add(ShapeMessages.shapeMisplaced(ref(method, Shape.class), "@Shape on method "
                        + KotlinStubs.declaredName(method) + "(), which is neither @Sample nor @Param",
                        "put it on a site, a @Param, a field or a Tensor parameter"));
            }
        }
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            Shape shape = field.getAnnotation(Shape.class);
            if (shape != null) {
                SourceRef at = ref(field, Shape.class);
                declared(shape.value(), at, "@Shape of field '" + field.getSimpleName() + "'", problems)
                        .ifPresent(d -> fields.add(new ValueShape(field.getSimpleName().toString(), "", d, true,
                                List.of(), at)));
            }
        }
        return new Reading(new ModelShapes(dims, sites, params, parameters, fields), problems);
    }

    private void readSite(ExecutableElement method, SiteDeclaration site, Shape shape, List<SiteShape> sites,
                          List<ValueShape> parameters, List<Diagnostic> problems) {
        SourceRef shapeRef = ref(method, shape == null ? null : Shape.class);
        Optional<List<String>> batch = Optional.empty();
        Optional<List<String>> event = Optional.empty();
        if (shape != null) {
            if (!Shape.UNDECLARED.equals(shape.value())) {
                problems.add(ShapeMessages.shapeMisplaced(shapeRef, "site '" + site.name()
                        + "' declares @Shape(\"" + shape.value() + "\")", "a site has a batch and an event shape: "
                        + "write @Shape(batch = \"...\", event = \"...\")"));
            }
            batch = declared(orScalar(shape.batch()), shapeRef, "batch shape of site '" + site.name() + "'", problems);
            event = declared(orScalar(shape.event()), shapeRef, "event shape of site '" + site.name() + "'", problems);
        }
        Enumerate enumerate = method.getAnnotation(Enumerate.class);
        Optional<String> domain = Optional.empty();
        SourceRef domainRef = ref(method, enumerate == null ? null : Enumerate.class);
        if (enumerate != null && !enumerate.domain().isBlank()) {
            String text = enumerate.domain().strip();
            if (ShapeText.isName(text)) {
                domain = Optional.of(text);
            } else {
                problems.add(ShapeMessages.shapeSyntax(domainRef, "the domain of site '" + site.name() + "'", text,
                        "a domain is one dimension name"));
            }
        }
        if (batch.isPresent() || event.isPresent() || domain.isPresent()) {
            sites.add(new SiteShape(site.name(), batch, event, domain, shapeRef, domainRef));
        }
        for (VariableElement parameter : method.getParameters()) {
            Shape declared = parameter.getAnnotation(Shape.class);
            IndexedBy indexedBy = parameter.getAnnotation(IndexedBy.class);
            if (declared == null && indexedBy == null) {
                continue;
            }
            String name = parameter.getSimpleName().toString();
            SourceRef at = ref(parameter, declared != null ? Shape.class : IndexedBy.class);
            if (!isTensor(parameter)) {
                problems.add(ShapeMessages.shapeMisplaced(at, "parameter '" + name + "' of site '" + site.name()
                        + "' is a " + parameter.asType() + ", which carries no shape", parameter.asType().getKind()
                        .isPrimitive() || qualifiedName(parameter).equals("java.lang.Integer")
                        ? "an int value ranges over its site's domain: declare @Enumerate(domain = \"...\") there"
                        : "@Shape and @IndexedBy go on Tensor parameters"));
                continue;
            }
            Optional<List<String>> dims = Optional.of(List.of());
            if (declared != null) {
                if (!Shape.UNDECLARED.equals(declared.batch()) || !Shape.UNDECLARED.equals(declared.event())) {
                    problems.add(ShapeMessages.shapeMisplaced(at, "parameter '" + name
                            + "' declares a batch or event shape", "a parameter receives a value: write @Shape(\"...\")"));
                    continue;
                }
                dims = declared(declared.value(), at, "@Shape of parameter '" + name + "'", problems);
            }
            List<String> indices = indexedBy == null ? List.of() : Arrays.asList(indexedBy.value());
            boolean isDeclared = declared != null && !Shape.UNDECLARED.equals(declared.value());
            dims.ifPresent(d -> parameters.add(new ValueShape(site.name(), name, d, isDeclared, indices, at)));
        }
    }

    private static String orScalar(String text) {
        return Shape.UNDECLARED.equals(text) ? "" : text;
    }

    /** The parsed dimensions of a {@code @Shape} text; empty (and a problem) when it does not parse or is undeclared. */
    private static Optional<List<String>> declared(String text, SourceRef at, String where, List<Diagnostic> problems) {
        if (Shape.UNDECLARED.equals(text)) {
            return Optional.empty();
        }
        String[] problem = new String[1];
        Optional<List<String>> dims = ShapeText.parse(text, problem);
        if (dims.isEmpty()) {
            problems.add(ShapeMessages.shapeSyntax(at, where, text, problem[0]));
        }
        return dims;
    }

    private static boolean isTensor(VariableElement parameter) {
        return qualifiedName(parameter).equals(TENSOR);
    }

    /**
     * {@return the qualified name of a parameter's declared type, "" for others} Read from the type's element: the
     * type's own {@code toString} also prints type-use annotations ({@code @Nullable Tensor}).
     */
    private static String qualifiedName(VariableElement parameter) {
        return parameter.asType() instanceof DeclaredType declared
                && declared.asElement() instanceof TypeElement type ? type.getQualifiedName().toString() : "";
    }

    private List<Dimension> readDimensions(TypeElement type, List<Diagnostic> problems) {
        List<AnnotationMirror> mirrors = dimMirrors(type);
        Dim[] dims = type.getAnnotationsByType(Dim.class);
        List<Dimension> read = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            Dim dim = dims[i];
            SourceRef at = new SourceRef(new ElementHandle(type, i < mirrors.size() ? mirrors.get(i) : null));
            String name = dim.name().strip();
            if (!ShapeText.isName(name)) {
                problems.add(ShapeMessages.dimBadDeclaration(at, name, "is not a name; a dimension is named like a "
                        + "Java identifier"));
                continue;
            }
            List<String> plates = Arrays.stream(dim.plates()).map(String::strip).toList();
            boolean fromMember = !dim.from().isBlank();
            if (dim.size() != -1 && dim.size() < 1) {
                problems.add(ShapeMessages.dimBadDeclaration(at, name, "has size " + dim.size()
                        + "; a dimension has at least one member"));
            } else if (fromMember && dim.size() != -1) {
                problems.add(ShapeMessages.dimSourceConflict(at, name));
            } else if (fromMember) {
                member(type, name, dim.from().strip(), at, problems).ifPresent(access ->
                        read.add(new Dimension(name, Dimension.Source.MEMBER, access, -1, plates, at)));
            } else if (dim.size() != -1) {
                read.add(new Dimension(name, Dimension.Source.CONSTANT, "", dim.size(), plates, at));
            } else {
                read.add(new Dimension(name, Dimension.Source.DATA, "", -1, plates, at));
            }
        }
        return read;
    }

    /** The {@code @Dim} mirrors in declaration order, whether written once, repeated or in {@code @Dims}. */
    private static List<AnnotationMirror> dimMirrors(TypeElement type) {
        List<AnnotationMirror> mirrors = new ArrayList<>();
        for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
            String name = mirror.getAnnotationType().toString();
            if (name.equals(Dim.class.getCanonicalName())) {
                mirrors.add(mirror);
            } else if (name.equals(dev.trellis.dsl.Dims.class.getCanonicalName())) {
                mirror.getElementValues().forEach((key, value) -> {
                    if (key.getSimpleName().contentEquals("value") && value.getValue() instanceof List<?> list) {
                        for (Object entry : list) {
                            if (((AnnotationValue) entry).getValue() instanceof AnnotationMirror inner) {
                                mirrors.add(inner);
                            }
                        }
                    }
                });
            }
        }
        return mirrors;
    }

    /**
     * The expression after {@code model.} (or the class name, for a static member) that reads a dimension's size:
     * a field {@code member}, a method {@code member()} or a getter {@code getMember()}, the first usable one.
     */
    private Optional<String> member(TypeElement type, String dim, String member, SourceRef at,
                                    List<Diagnostic> problems) {
        String getter = "get" + Character.toUpperCase(member.charAt(0)) + member.substring(1);
        List<? extends Element> all = elements.getAllMembers(type);
        List<Element> candidates = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(all)) {
            if (field.getSimpleName().contentEquals(member)) {
                candidates.add(field);
            }
        }
        for (ExecutableElement method : ElementFilter.methodsIn(all)) {
            if ((method.getSimpleName().contentEquals(member) || method.getSimpleName().contentEquals(getter))
                    && method.getParameters().isEmpty()) {
                candidates.add(method);
            }
        }
        String why = null;
        for (Element candidate : candidates) {
            TypeKind kind = candidate instanceof ExecutableElement method ? method.getReturnType().getKind()
                    : candidate.asType().getKind();
            if (candidate.getModifiers().contains(Modifier.PRIVATE)) {
                why = why != null ? why : "is private";
            } else if (kind != TypeKind.INT) {
                why = why != null ? why : "is not an int";
            } else {
                String read = candidate instanceof ExecutableElement ? candidate.getSimpleName() + "()"
                        : candidate.getSimpleName().toString();
                return Optional.of(candidate.getModifiers().contains(Modifier.STATIC)
                        ? type.getQualifiedName() + "." + read : "model." + read);
            }
        }
        if (why != null) {
            problems.add(ShapeMessages.dimMemberUnusable(at, dim, member, why));
        } else {
            problems.add(ShapeMessages.dimMemberMissing(at, dim, member, ""));
        }
        return Optional.empty();
    }

    private static SourceRef ref(Element element, Class<?> annotation) {
        AnnotationMirror mirror = annotation == null ? null
                : ModelReader.annotationMirror(element, annotation.getCanonicalName());
        return new SourceRef(new ElementHandle(element, mirror));
    }
}
