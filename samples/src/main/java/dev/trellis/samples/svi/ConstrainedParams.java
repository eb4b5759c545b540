package dev.trellis.samples.svi;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The learned parameters as a user reads them: each stored unconstrained value mapped back through
 * {@code transform_to(constraint)} (exp for a positive parameter), as {@code pyro.param(name)} returns it.
 */
public final class ConstrainedParams {

    private ConstrainedParams() {
    }

    /** {@return every parameter's constrained value, by name, in the order the store defined them} */
    public static Map<String, Tensor> of(ParamStore store) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        store.snapshot().forEach((name, entry) -> values.put(name,
                ConstraintTransforms.transformTo(entry.constraint()).forward(entry.unconstrained()).detach()));
        return Collections.unmodifiableMap(values);
    }
}
