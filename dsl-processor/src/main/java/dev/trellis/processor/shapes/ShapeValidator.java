package dev.trellis.processor.shapes;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import dev.trellis.processor.plan.PlateLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every shape relation visible on a model's declarations (docs/design/shapes.md §2): names resolve, plates
 * have one size, a parameter's shape equals what it reads, a table is indexed by sites whose domain its dimensions
 * are, a site leaves its plates out of its shapes and declares the plates its batch varies along, initial values lie
 * in constant domains, and a guide's sites have the model's shapes. Runs after the structural
 * checks, so every dependency resolves. Plain Java: unit-testable without javac.
 */
public final class ShapeValidator {
    private final ModelDeclaration model;
    private final ModelShapes shapes;
    private final DimensionNames names;
    private final List<Diagnostic> problems = new ArrayList<>();

    private ShapeValidator(ModelDeclaration model, ModelShapes shapes) {
        this.model = model;
        this.shapes = shapes;
        this.names = new DimensionNames(model, shapes);
    }

    /** The shape mistakes of a model (or of a guide, on its own). */
    public static List<Diagnostic> validate(ModelDeclaration model, ModelShapes shapes) {
        var validator = new ShapeValidator(model, shapes);
        validator.checkDimensions();
        if (validator.problems.isEmpty()) {
            validator.checkNames();
        }
        if (validator.problems.isEmpty()) {
            validator.checkSites();
            validator.checkParameters();
        }
        return List.copyOf(validator.problems);
    }

    /** A guide's sites against the model's: the same batch and event shapes where both declare them. */
    public static List<Diagnostic> validateGuide(ModelDeclaration guide, ModelShapes guideShapes,
                                                 ModelDeclaration model, ModelShapes modelShapes) {
        var guideNames = new DimensionNames(guide, guideShapes);
        var modelNames = new DimensionNames(model, modelShapes);
        List<Diagnostic> problems = new ArrayList<>();
        for (SiteShape site : guideShapes.sites()) {
            Optional<SiteShape> modelSite = modelShapes.site(site.site());
            if (modelSite.isEmpty()) {
                continue;
            }
            compareGuide(site, "batch", site.batch(), modelSite.get().batch(), guideNames, modelNames, problems);
            compareGuide(site, "event", site.event(), modelSite.get().event(), guideNames, modelNames, problems);
        }
        return problems;
    }

    private static void compareGuide(SiteShape site, String part, Optional<List<String>> guide,
                                     Optional<List<String>> model, DimensionNames guideNames,
                                     DimensionNames modelNames, List<Diagnostic> problems) {
        if (guide.isPresent() && model.isPresent()
                && !guideNames.canonical(guide.get()).equals(modelNames.canonical(model.get()))) {
            problems.add(ShapeMessages.guideShapeMismatch(site.ref(), site.site(), part,
                    ShapeText.print(guide.get()), ShapeText.print(model.get())));
        }
    }

    private void checkDimensions() {
        Set<String> seen = new HashSet<>();
        Map<String, String> boundPlates = new HashMap<>();
        for (Dimension dim : shapes.dimensions()) {
            if (!seen.add(dim.name())) {
                problems.add(ShapeMessages.dimDuplicate(dim.ref(), dim.name()));
                continue;
            }
            List<String> bound = new ArrayList<>(dim.plates());
            if (names.plates().contains(dim.name()) && !bound.contains(dim.name())) {
                bound.add(0, dim.name());
            }
            for (String plate : bound) {
                if (!names.plates().contains(plate)) {
                    problems.add(ShapeMessages.unknownPlate(dim.ref(), dim.name(), plate,
                            DimensionNames.closest(plate, List.copyOf(names.plates()))));
                    continue;
                }
                String first = boundPlates.putIfAbsent(plate, dim.name());
                if (first != null) {
                    problems.add(ShapeMessages.plateBoundTwice(dim.ref(), plate, first, dim.name()));
                }
            }
        }
    }

    private void checkNames() {
        for (SiteShape site : shapes.sites()) {
            site.batch().ifPresent(d -> known(d, "the batch shape of site '" + site.site() + "'", site.ref()));
            site.event().ifPresent(d -> known(d, "the event shape of site '" + site.site() + "'", site.ref()));
            site.domain().ifPresent(d -> known(List.of(d), "the domain of site '" + site.site() + "'", site.domainRef()));
        }
        shapes.params().forEach(p -> known(p.shape(), "the shape of @Param '" + p.owner() + "'", p.ref()));
        shapes.fields().forEach(f -> known(f.shape(), "the shape of field '" + f.owner() + "'", f.ref()));
        shapes.parameters().forEach(p -> known(p.shape(), "the shape of parameter '" + p.parameter() + "'", p.ref()));
    }

    private void known(List<String> dims, String where, dev.trellis.processor.ir.SourceRef at) {
        for (String dim : dims) {
            if (!names.isKnown(dim)) {
                problems.add(ShapeMessages.unknownDimension(at, where, dim, names.suggestion(dim)));
            }
        }
    }

    private void checkSites() {
        for (SiteShape shape : shapes.sites()) {
            SiteDeclaration site = model.site(shape.site()).orElseThrow();
            shape.batch().ifPresent(d -> checkPlatesIn(site, shape, "batch", d, true));
            shape.event().ifPresent(d -> checkPlatesIn(site, shape, "event", d, false));
            shape.domain().ifPresent(domain -> checkDomain(site, shape, domain));
        }
    }

    /** A site's own plates are left of its shapes; a batch dimension that is a plate's size needs that plate. */
    private void checkPlatesIn(SiteDeclaration site, SiteShape shape, String part, List<String> dims, boolean batch) {
        for (String dim : dims) {
            String canonical = names.canonical(dim);
            for (String plate : names.plates()) {
                if (!names.canonical(plate).equals(canonical)) {
                    continue;
                }
                if (site.plates().contains(plate)) {
                    problems.add(ShapeMessages.siteShapeNamesOwnPlate(shape.ref(), site.name(), part, dim, plate));
                } else if (batch) {
                    problems.add(ShapeMessages.siteShapeNamesForeignPlate(shape.ref(), site.name(), part, dim, plate));
                }
            }
        }
    }

    private void checkDomain(SiteDeclaration site, SiteShape shape, String domain) {
        Optional<Integer> size = names.constantSize(domain);
        if (size.isEmpty()) {
            return;
        }
        for (SiteDeclaration reader : model.sites()) {
            for (Dependency dependency : reader.dependencies()) {
                if (dependency.site().equals(site.name()) && dependency.initial().isPresent()
                        && dependency.initial().getAsInt() >= size.get()) {
                    problems.add(ShapeMessages.initialOutsideDomain(dependency.source(), dependency.parameterName(),
                            dependency.initial().getAsInt(), site.name(), domain, size.get()));
                }
            }
        }
    }

    private void checkParameters() {
        for (ValueShape parameter : shapes.parameters()) {
            SiteDeclaration site = model.site(parameter.owner()).orElseThrow();
            Optional<Dependency> read = site.dependencies().stream()
                    .filter(d -> d.parameterName().equals(parameter.parameter())).findFirst();
            if (read.isEmpty()) {
                continue;
            }
            Optional<List<String>> sourceShape = valueShape(read.get());
            if (parameter.declared() && sourceShape.isPresent()
                    && !names.canonical(parameter.shape()).equals(names.canonical(sourceShape.get()))) {
                boolean isParam = model.site(read.get().site()).isEmpty();
                problems.add(ShapeMessages.parameterShapeMismatch(parameter.ref(), parameter.parameter(),
                        ShapeText.print(parameter.shape()), isParam ? "@Param" : "site", read.get().site(),
                        ShapeText.print(sourceShape.get())));
                continue;
            }
            List<String> shape = parameter.declared() ? parameter.shape() : sourceShape.orElse(null);
            checkIndexedBy(site, parameter, shape);
        }
    }

    private void checkIndexedBy(SiteDeclaration site, ValueShape parameter, List<String> shape) {
        List<String> indices = parameter.indexedBy();
        if (indices.isEmpty()) {
            return;
        }
        if (shape != null && shape.size() < indices.size()) {
            problems.add(ShapeMessages.indexedByTooShort(parameter.ref(), parameter.parameter(),
                    ShapeText.print(shape), indices.size()));
            return;
        }
        for (int axis = 0; axis < indices.size(); axis++) {
            String index = indices.get(axis);
            Optional<Dependency> dependency = site.dependencies().stream()
                    .filter(d -> d.parameterName().equals(index)).findFirst();
            Optional<SiteDeclaration> indexSite = dependency.flatMap(d -> model.site(d.site()));
            if (dependency.isEmpty()) {
                problems.add(ShapeMessages.indexedByUnknown(parameter.ref(), parameter.parameter(), index,
                        "is not a parameter of " + site.methodName() + "()"));
                continue;
            }
            ValueType type = dependency.get().type();
            if (type != ValueType.INT && type != ValueType.BOXED_INT || indexSite.isEmpty()
                    || !indexSite.get().enumerated()) {
                problems.add(ShapeMessages.indexedByUnknown(parameter.ref(), parameter.parameter(), index,
                        "does not read an enumerated site as an int"));
                continue;
            }
            Optional<String> domain = shapes.site(indexSite.get().name()).flatMap(SiteShape::domain);
            if (shape != null && domain.isPresent()
                    && !names.canonical(shape.get(axis)).equals(names.canonical(domain.get()))) {
                problems.add(ShapeMessages.indexedByMismatch(parameter.ref(), parameter.parameter(),
                        ShapeText.print(shape), axis, shape.get(axis), index, indexSite.get().name(), domain.get()));
            }
        }
    }

    /**
     * The shape a parameter receives when it reads a site or {@code @Param}, as declared: the source's plates (a
     * chain's own plate excluded: a step's value has none), then batch and event (a {@code @Param}'s shape). Empty
     * when undeclared, or when the value is data that an enumerated model hands over in blocks of instances.
     */
    private Optional<List<String>> valueShape(Dependency dependency) {
        Optional<SiteDeclaration> site = model.site(dependency.site());
        if (site.isPresent()) {
            Optional<SiteShape> shape = shapes.site(site.get().name());
            if (shape.isEmpty() || shape.get().batch().isEmpty() || shape.get().event().isEmpty()
                    || site.get().observed() && model.usesEnumeration()) {
                return Optional.empty();
            }
            List<String> dims = new ArrayList<>();
            if (readsWholePlates()) {
                // A program hands over the whole value: each plate at its model-wide dim, size 1 where the site is
                // not in the plate (a site in users alone, beside a users x items site, is [users, 1, ...]).
                PlateLayout layout = PlateLayout.of(model);
                for (int dim = -layout.batchRank(site.get().plates()); dim < 0; dim++) {
                    String plate = layout.plates().get(layout.plates().size() + dim);
                    dims.add(site.get().plates().contains(plate) ? plate : "1");
                }
            } else {
                for (String plate : site.get().plates()) {
                    if (site.get().chain().map(c -> !c.over().equals(plate)).orElse(true)) {
                        dims.add(plate);
                    }
                }
            }
            dims.addAll(shape.get().batch().get());
            dims.addAll(shape.get().event().get());
            return Optional.of(dims);
        }
        Optional<ParamDeclaration> param = model.param(dependency.site());
        Optional<ValueShape> shape = param.flatMap(p -> shapes.param(p.name()));
        if (shape.isEmpty()) {
            return Optional.empty();
        }
        List<String> dims = new ArrayList<>(param.get().plates());
        dims.addAll(shape.get().shape());
        return Optional.of(dims);
    }

    /**
     * {@return whether a site reads another's whole value, plates laid out at their dims} True for programs without
     * enumerated sites or chains; an enumerated model and a chain hand values over per instance or step instead.
     */
    private boolean readsWholePlates() {
        return !model.usesEnumeration() && model.sites().stream().noneMatch(s -> s.chain().isPresent());
    }
}
