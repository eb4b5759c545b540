package dev.trellis.processor.shapes;

import dev.trellis.processor.check.Suggestions;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dimension names a model can use and what each one stands for: its {@code @Dim}s, and its plates, each bound
 * to the {@code @Dim} of the same name, to the one that lists it in {@code plates}, or else a dimension of its own
 * name sized by the data. Two names for one size (a plate bound to a differently named {@code @Dim}) compare equal.
 */
public final class DimensionNames {
    private final ModelShapes shapes;
    private final Map<String, String> plateDims = new LinkedHashMap<>();
    private final Set<String> plates = new LinkedHashSet<>();

    /** Binds the plates of {@code model}; a plate bound twice is left with its first binding (the validator reports it). */
    DimensionNames(ModelDeclaration model, ModelShapes shapes) {
        this.shapes = shapes;
        model.plates().forEach(p -> plates.add(p.name()));
        for (ParamDeclaration param : model.params()) {
            plates.addAll(param.plates());
        }
        for (Dimension dim : shapes.dimensions()) {
            if (plates.contains(dim.name())) {
                plateDims.putIfAbsent(dim.name(), dim.name());
            }
            dim.plates().forEach(p -> plateDims.putIfAbsent(p, dim.name()));
        }
    }

    /** The plates some site or {@code @Param} is inside. */
    Set<String> plates() {
        return plates;
    }

    /** The dimension a plate is bound to ({@code @Dim}), if any. */
    Optional<String> boundDimension(String plate) {
        return Optional.ofNullable(plateDims.get(plate));
    }

    /** The canonical name of a dimension: a plate's bound {@code @Dim}, else the name itself (literals included). */
    String canonical(String name) {
        return plateDims.getOrDefault(name, name);
    }

    /** The canonical names of a shape. */
    List<String> canonical(List<String> dims) {
        return dims.stream().map(this::canonical).toList();
    }

    /** Whether {@code name} is a declared dimension, a plate or an integer literal. */
    boolean isKnown(String name) {
        return ShapeText.isLiteral(name) || plates.contains(name) || shapes.dimension(name).isPresent();
    }

    /** The constant size of a dimension, if it is a literal or a {@code @Dim(size = ...)}. */
    Optional<Integer> constantSize(String name) {
        if (ShapeText.isLiteral(name)) {
            return Optional.of(Integer.parseInt(name));
        }
        return shapes.dimension(canonical(name)).filter(d -> d.source() == Dimension.Source.CONSTANT)
                .map(Dimension::size);
    }

    /** {@code " (did you mean 'x'?)"} for the known name closest to {@code unknown}, or {@code ""}. */
    String suggestion(String unknown) {
        List<String> names = new ArrayList<>(plates);
        shapes.dimensions().forEach(d -> names.add(d.name()));
        return closest(unknown, names);
    }

    /** {@code " (did you mean 'x'?)"} for the name among {@code names} closest to {@code unknown}, or {@code ""}. */
    static String closest(String unknown, List<String> names) {
        return Suggestions.closest(unknown, names);
    }
}
