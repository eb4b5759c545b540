package dev.trellis.processor.read;

import dev.trellis.dsl.Computed;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Guide;
import dev.trellis.dsl.Markov;
import dev.trellis.dsl.Network;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Param;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Previous;
import dev.trellis.dsl.Sample;
import dev.trellis.dsl.Scale;
import dev.trellis.dsl.Site;
import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.ir.Chain;
import dev.trellis.processor.ir.ComputedDeclaration;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.DistributionType;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.SiteScale;
import dev.trellis.processor.ir.SourceRef;
import dev.trellis.processor.ir.Support;
import dev.trellis.processor.ir.ValueType;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Model} class into the model IR, from its declarations alone: annotations,
 * method names, parameter lists and return types. Method bodies are never looked at, which is what
 * lets the same processor run on Kotlin's kapt stubs. This is the only package that touches
 * {@code javax.lang.model}.
 */
public final class ModelReader {
    private final Elements elements;
    private final Types types;

    public ModelReader(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** The model read from {@code type}, and the mistakes visible while reading it. */
    public record Reading(ModelDeclaration model, List<Diagnostic> problems) {}

    public Reading read(TypeElement type) {
        List<Diagnostic> problems = new ArrayList<>();
        SourceRef classRef = ref(type, null);
        checkClass(type, classRef, problems);

        TypeElement distribution = elements.getTypeElement(RuntimeTypes.DISTRIBUTION);
        TypeElement enumerable = elements.getTypeElement(RuntimeTypes.ENUMERABLE_DISTRIBUTION);
        if (distribution == null || enumerable == null) {
            problems.add(Messages.runtimeMissing(classRef));
        }

        List<SiteDeclaration> sites = new ArrayList<>();
        List<ParamDeclaration> params = new ArrayList<>();
        List<NetworkDeclaration> networks = new ArrayList<>();
        Map<String, TypeMirror> networkTypes = new LinkedHashMap<>();
        List<ComputedDeclaration> computed = new ArrayList<>();
        Map<VariableElement, Dependency> reads = new LinkedHashMap<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (method.getAnnotation(Network.class) != null) {
                reportStrayAnnotations(method, problems);
                readNetwork(method, problems).ifPresent(network -> {
                    networks.add(network);
                    networkTypes.putIfAbsent(network.name(), method.getReturnType());
                });
                continue;
            }
            if (method.getAnnotation(Computed.class) != null) {
                reportStrayAnnotations(method, problems);
                computed.add(readComputed(method, reads, problems));
                continue;
            }
            if (method.getAnnotation(Param.class) != null) {
                if (method.getAnnotation(Sample.class) != null) {
                    problems.add(Messages.paramAndSample(ref(method, Param.class), KotlinStubs.declaredName(method)));
                    continue;
                }
                params.add(readParam(method, problems));
                continue;
            }
            if (method.getAnnotation(Sample.class) == null) {
                reportStrayAnnotations(method, problems);
                continue;
            }
            sites.add(readSite(method, distribution, enumerable, reads, problems));
        }
        checkNetworkReads(reads, networkTypes, problems);
        checkLags(reads, sites, problems);
        var model = new ModelDeclaration(packageName(type), simpleNames(type), sites, params, classRef, networks,
                computed);
        return new Reading(model, problems);
    }

    /** A {@code @Network} method, or empty when it cannot be one (also a site, a parameter or a computed value). */
    private Optional<NetworkDeclaration> readNetwork(ExecutableElement method, List<Diagnostic> problems) {
        String declaredName = KotlinStubs.declaredName(method);
        SourceRef at = ref(method, Network.class);
        for (Class<? extends Annotation> other : List.of(Sample.class, Param.class, Computed.class)) {
            if (method.getAnnotation(other) != null) {
                problems.add(Messages.networkMethodShape(at, declaredName, "must not also be @"
                        + other.getSimpleName()));
                return Optional.empty();
            }
        }
        checkMethodShape(method, problems, why -> Messages.networkMethodShape(ref(method, null), declaredName, why));
        if (!method.getParameters().isEmpty()) {
            problems.add(Messages.networkMethodShape(ref(method, null), declaredName, "must take no parameters"));
        }
        TypeMirror returned = method.getReturnType();
        TypeElement module = elements.getTypeElement(RuntimeTypes.MODULE);
        if (module != null && (returned.getKind() != TypeKind.DECLARED
                || !types.isAssignable(returned, types.erasure(module.asType())))) {
            problems.add(Messages.networkMethodShape(ref(method, null), declaredName, "must return a "
                    + RuntimeTypes.MODULE + " (a layer or a network of the user's), not " + returned));
        }
        Network network = method.getAnnotation(Network.class);
        String name = network.name().isEmpty() ? declaredName : network.name();
        return Optional.of(new NetworkDeclaration(name, method.getSimpleName().toString(),
                types.erasure(returned).toString(), simpleName(returned), at));
    }

    private ComputedDeclaration readComputed(ExecutableElement method, Map<VariableElement, Dependency> reads,
            List<Diagnostic> problems) {
        String declaredName = KotlinStubs.declaredName(method);
        SourceRef at = ref(method, Computed.class);
        for (Class<? extends Annotation> other : List.of(Sample.class, Param.class)) {
            if (method.getAnnotation(other) != null) {
                problems.add(Messages.computedMethodShape(at, declaredName, "must not also be @"
                        + other.getSimpleName()));
            }
        }
        checkMethodShape(method, problems, why -> Messages.computedMethodShape(ref(method, null), declaredName, why));
        if (valueType(method.getReturnType()) != ValueType.TENSOR) {
            problems.add(Messages.computedMethodShape(ref(method, null), declaredName,
                    "must return " + RuntimeTypes.TENSOR + ", not " + method.getReturnType()));
        }
        Computed annotation = method.getAnnotation(Computed.class);
        String name = annotation.name().isEmpty() ? declaredName : annotation.name();
        List<Dependency> dependencies = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            Dependency dependency = readDependency(parameter, name, problems);
            dependencies.add(dependency);
            reads.put(parameter, dependency);
        }
        Plate plate = method.getAnnotation(Plate.class);
        return new ComputedDeclaration(name, method.getSimpleName().toString(),
                plate == null ? List.of() : Arrays.asList(plate.value()), dependencies, at);
    }

    /** Not private, not static, not generic: the generated program calls the method on the user's instance. */
    private static void checkMethodShape(ExecutableElement method, List<Diagnostic> problems,
            java.util.function.Function<String, Diagnostic> problem) {
        for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.STATIC)) {
            if (method.getModifiers().contains(modifier)) {
                problems.add(problem.apply("must not be " + modifier));
            }
        }
        if (!method.getTypeParameters().isEmpty()) {
            problems.add(problem.apply("must not be generic"));
        }
    }

    /**
     * A parameter that reads a network must accept the network's type. Checked here, where types are known; a
     * parameter of a network type that names no network is left to the validator, which knows the class's names.
     */
    private void checkNetworkReads(Map<VariableElement, Dependency> reads, Map<String, TypeMirror> networkTypes,
            List<Diagnostic> problems) {
        reads.forEach((parameter, dependency) -> {
            TypeMirror network = networkTypes.get(dependency.site());
            if (network != null && !dependency.isPrevious()
                    && !types.isAssignable(types.erasure(network), types.erasure(parameter.asType()))) {
                problems.add(Messages.wrongParameterType(dependency.source(), dependency.parameterName(),
                        dependency.typeName(), simpleName(network), "it receives network '" + dependency.site()
                                + "', bound to the run"));
            }
        });
    }

    /**
     * A {@code @Previous} lag below 1, reported with the Markov plate of the site read, which is known only once all
     * the sites are read (the site may be declared after its reader).
     */
    private static void checkLags(Map<VariableElement, Dependency> reads, List<SiteDeclaration> sites,
            List<Diagnostic> problems) {
        reads.forEach((parameter, dependency) -> {
            Previous previous = parameter.getAnnotation(Previous.class);
            if (previous == null || previous.lag() >= 1) {
                return;
            }
            Optional<Chain> chain = sites.stream().filter(s -> s.name().equals(dependency.site())).findFirst()
                    .flatMap(SiteDeclaration::chain);
            problems.add(Messages.lagBelowOne(dependency.source(), dependency.parameterName(), previous.lag(),
                    dependency.site(), chain.map(Chain::over).orElse(null), chain.map(Chain::history).orElse(0)));
        });
    }

    /**
     * The model class a {@code @Guide} names, or empty (with a problem reported) when it is not a {@code @Model}.
     */
    public Optional<TypeElement> guidedModel(TypeElement guide, List<Diagnostic> problems) {
        AnnotationMirror mirror = annotationMirror(guide, Guide.class.getCanonicalName());
        TypeMirror target = null;
        if (mirror != null) {
            for (var entry : mirror.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals("value")
                        && entry.getValue().getValue() instanceof TypeMirror typeMirror) {
                    target = typeMirror;
                }
            }
        }
        Element model = target == null ? null : types.asElement(target);
        if (!(model instanceof TypeElement modelType) || modelType.getAnnotation(dev.trellis.dsl.Model.class) == null) {
            problems.add(Messages.guideOfNonModel(ref(guide, Guide.class), String.valueOf(target)));
            return Optional.empty();
        }
        return Optional.of(modelType);
    }

    private ParamDeclaration readParam(ExecutableElement method, List<Diagnostic> problems) {
        String declaredName = KotlinStubs.declaredName(method);
        SourceRef methodRef = ref(method, null);
        for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.STATIC)) {
            if (method.getModifiers().contains(modifier)) {
                problems.add(Messages.paramMethodShape(methodRef, declaredName, "must not be " + modifier));
            }
        }
        if (!method.getParameters().isEmpty()) {
            problems.add(Messages.paramMethodShape(methodRef, declaredName,
                    "must take no parameters (it returns the initial value)"));
        }
        if (valueType(method.getReturnType()) != ValueType.TENSOR) {
            problems.add(Messages.paramMethodShape(methodRef, declaredName,
                    "must return dev.trellis.runtime.tensor.Tensor, not " + method.getReturnType()));
        }
        Param param = method.getAnnotation(Param.class);
        String name = param.name().isEmpty() ? declaredName : param.name();
        Plate plate = method.getAnnotation(Plate.class);
        return new ParamDeclaration(name, method.getSimpleName().toString(), param.constraint(),
                plate == null ? List.of() : Arrays.asList(plate.value()), ref(method, Param.class));
    }

    private void checkClass(TypeElement type, SourceRef at, List<Diagnostic> problems) {
        if (type.getKind() != ElementKind.CLASS) {
            problems.add(Messages.modelNotAClass(at));
        } else if (type.getModifiers().contains(Modifier.PRIVATE)) {
            problems.add(Messages.modelNotAccessible(at, "must not be private"));
        } else if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
            problems.add(Messages.modelNotAccessible(at, "must be static when nested in another class"));
        } else if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            problems.add(Messages.modelNotAccessible(at, "must be a top-level or static nested class"));
        }
    }

    private void reportStrayAnnotations(ExecutableElement method, List<Diagnostic> problems) {
        for (Class<? extends Annotation> annotation : List.of(Plate.class, Markov.class, Enumerate.class, Observed.class,
                Scale.class)) {
            boolean platesItsValue = method.getAnnotation(Param.class) != null
                    || method.getAnnotation(Computed.class) != null;
            if (annotation == Plate.class && platesItsValue) {
                continue;
            }
            if (method.getAnnotation(annotation) != null) {
                problems.add(Messages.structureWithoutSample(ref(method, annotation), KotlinStubs.declaredName(method),
                        annotation.getSimpleName()));
            }
        }
    }

    private SiteDeclaration readSite(ExecutableElement method, TypeElement distribution, TypeElement enumerable,
            Map<VariableElement, Dependency> reads, List<Diagnostic> problems) {
        String methodName = method.getSimpleName().toString();
        // What the user wrote: for an internal Kotlin fun, methodName is the JVM name weather$module.
        String declaredName = KotlinStubs.declaredName(method);
        SourceRef methodRef = ref(method, null);
        for (Modifier modifier : List.of(Modifier.PRIVATE, Modifier.STATIC)) {
            if (method.getModifiers().contains(modifier)) {
                problems.add(Messages.sampleMethodModifier(methodRef, declaredName, modifier.toString()));
            }
        }
        if (!method.getTypeParameters().isEmpty()) {
            problems.add(Messages.sampleMethodModifier(methodRef, declaredName, "generic"));
        }

        TypeMirror returned = method.getReturnType();
        boolean isDistribution = distribution != null && returned.getKind() == TypeKind.DECLARED
                && types.isAssignable(returned, types.erasure(distribution.asType()));
        if (distribution != null && !isDistribution) {
            problems.add(Messages.notADistribution(methodRef, declaredName, returned.toString()));
        }
        boolean isEnumerable = enumerable != null && isDistribution
                && types.isAssignable(returned, types.erasure(enumerable.asType()));
        String qualified = types.erasure(returned).toString();
        var distributionType = new DistributionType(qualified, simpleName(returned), isEnumerable,
                Support.ofFamily(qualified));

        Sample sample = method.getAnnotation(Sample.class);
        String siteName = sample.name().isEmpty() ? declaredName : sample.name();
        Plate plate = method.getAnnotation(Plate.class);
        Markov markov = method.getAnnotation(Markov.class);
        Optional<Chain> chain = Optional.ofNullable(markov)
                .map(m -> new Chain(m.over(), m.history(), ref(method, Markov.class)));

        List<Dependency> dependencies = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
            Dependency dependency = readDependency(parameter, siteName, problems);
            dependencies.add(dependency);
            reads.put(parameter, dependency);
        }
        Optional<SiteScale> scale = Optional.ofNullable(method.getAnnotation(Scale.class))
                .map(s -> new SiteScale(s.value(), ref(method, Scale.class)));
        return new SiteDeclaration(siteName, methodName, distributionType,
                method.getAnnotation(Observed.class) != null, method.getAnnotation(Enumerate.class) != null,
                plate == null ? List.of() : Arrays.asList(plate.value()), chain, dependencies, methodRef, scale);
    }

    private Dependency readDependency(VariableElement parameter, String ownSite, List<Diagnostic> problems) {
        String name = parameter.getSimpleName().toString();
        Previous previous = parameter.getAnnotation(Previous.class);
        Site site = parameter.getAnnotation(Site.class);
        SourceRef at = ref(parameter, null);
        if (previous != null && site != null) {
            problems.add(Messages.conflictingDependencyAnnotations(at, name));
        }
        String target;
        int lag = 0;
        OptionalInt initial = OptionalInt.empty();
        if (previous != null) {
            target = previous.value().isEmpty() ? ownSite : previous.value();
            lag = previous.lag();
            if (previous.initial().length > 1) {
                problems.add(Messages.badInitial(at, name, "takes one value, not " + previous.initial().length));
            } else if (previous.initial().length == 1) {
                initial = OptionalInt.of(previous.initial()[0]);
            }
            if (lag < 1) {
                lag = 1; // reported by checkLags once every site's chain is known, naming the plate
            }
        } else {
            target = site != null ? site.value() : name;
        }
        TypeMirror type = parameter.asType();
        return new Dependency(name, target, lag, initial, valueType(type), simpleName(type), at);
    }

    private ValueType valueType(TypeMirror type) {
        if (type.getKind() == TypeKind.INT) {
            return ValueType.INT;
        }
        if (type.getKind() == TypeKind.DECLARED && types.erasure(type).toString().equals("java.lang.Integer")) {
            return ValueType.BOXED_INT;
        }
        if (type.getKind() == TypeKind.DECLARED && types.erasure(type).toString().equals(RuntimeTypes.TENSOR)) {
            return ValueType.TENSOR;
        }
        if (type.getKind() == TypeKind.DECLARED && types.erasure(type).toString().equals(RuntimeTypes.PLATE)) {
            return ValueType.PLATE;
        }
        if (type.getKind() == TypeKind.DECLARED && types.erasure(type).toString().equals(RuntimeTypes.SEQUENCES)) {
            return ValueType.SEQUENCES;
        }
        TypeElement module = elements.getTypeElement(RuntimeTypes.MODULE);
        if (type.getKind() == TypeKind.DECLARED && module != null
                && types.isAssignable(types.erasure(type), types.erasure(module.asType()))) {
            return ValueType.NETWORK;
        }
        return ValueType.OTHER;
    }

    private String simpleName(TypeMirror type) {
        if (type.getKind() == TypeKind.DECLARED) {
            return types.asElement(type).getSimpleName().toString();
        }
        return type.toString();
    }

    private static String packageName(TypeElement type) {
        Element e = type;
        while (!(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return ((PackageElement) e).getQualifiedName().toString();
    }

    private static List<String> simpleNames(TypeElement type) {
        List<String> names = new ArrayList<>();
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            names.add(0, e.getSimpleName().toString());
        }
        return names;
    }

    private static SourceRef ref(Element element, Class<? extends Annotation> annotation) {
        AnnotationMirror mirror = annotation == null ? null : annotationMirror(element, annotation.getCanonicalName());
        return new SourceRef(new ElementHandle(element, mirror));
    }

    /** The annotation of type {@code qualifiedName} on {@code element}, or null. */
    static AnnotationMirror annotationMirror(Element element, String qualifiedName) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(qualifiedName)) {
                return m;
            }
        }
        return null;
    }
}
