package dev.trellis.processor.shapes;

import java.util.List;
import java.util.Optional;

/**
 * Everything a model or guide declares about its shapes, read from its declarations (see docs/design/shapes.md).
 * Plain data, no {@code javax.lang.model}.
 *
 * @param dimensions the {@code @Dim}s, in declaration order
 * @param sites one entry per {@code @Sample} method carrying {@code @Shape} or {@code @Enumerate(domain)}
 * @param params the {@code @Param} methods carrying {@code @Shape}
 * @param parameters the {@code Tensor} parameters of site methods carrying {@code @Shape} or {@code @IndexedBy}
 * @param fields the fields carrying {@code @Shape}
 */
public record ModelShapes(List<Dimension> dimensions, List<SiteShape> sites, List<ValueShape> params,
                          List<ValueShape> parameters, List<ValueShape> fields) {

    public ModelShapes {
        dimensions = List.copyOf(dimensions);
        sites = List.copyOf(sites);
        params = List.copyOf(params);
        parameters = List.copyOf(parameters);
        fields = List.copyOf(fields);
    }

    /** A model that declares no shapes. */
    public static final ModelShapes NONE = new ModelShapes(List.of(), List.of(), List.of(), List.of(), List.of());

    /** The dimension of this name, if declared. */
    public Optional<Dimension> dimension(String name) {
        return dimensions.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The declarations of this site, if any. */
    public Optional<SiteShape> site(String name) {
        return sites.stream().filter(s -> s.site().equals(name)).findFirst();
    }

    /** The declared shape of this {@code @Param}, if any. */
    public Optional<ValueShape> param(String name) {
        return params.stream().filter(p -> p.owner().equals(name)).findFirst();
    }

    /** Whether nothing at all is declared (the generated code then checks nothing either). */
    public boolean isEmpty() {
        return dimensions.isEmpty() && sites.isEmpty() && params.isEmpty() && parameters.isEmpty() && fields.isEmpty();
    }
}
