package dev.trellis.processor.shapes;

import dev.trellis.processor.ir.SourceRef;
import java.util.List;

/**
 * A {@code @Shape("...")} on a {@code @Param} method, a field or a {@code Tensor} parameter of a site method.
 *
 * @param owner the {@code @Param}'s name, the field's name, or the method name of the site whose parameter it is
 * @param parameter the parameter's name; empty for a {@code @Param} or a field
 * @param shape the declared dimensions, when {@code @Shape} is present (empty list: a scalar)
 * @param declared whether {@code @Shape} was present
 * @param indexedBy the {@code @IndexedBy} parameter names, in order (empty when absent)
 * @param ref the element (with its {@code @Shape} or {@code @IndexedBy} annotation)
 */
public record ValueShape(String owner, String parameter, List<String> shape, boolean declared,
                         List<String> indexedBy, SourceRef ref) {

    public ValueShape {
        shape = List.copyOf(shape);
        indexedBy = List.copyOf(indexedBy);
    }
}
