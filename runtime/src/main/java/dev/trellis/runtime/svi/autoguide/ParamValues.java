package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;

/** Reads a trained parameter outside a run: its constrained value, {@code transform_to(constraint)} of the stored one. */
final class ParamValues {

    private ParamValues() {
    }

    /**
     * {@return the constrained value of parameter {@code name}, detached}
     *
     * @throws IllegalArgumentException naming the parameter if the store has none (the guide has not been run with it)
     */
    static Tensor constrained(ParamStore store, String name) {
        ParamStore.Entry entry = store.entry(name);
        return ConstraintTransforms.transformTo(entry.constraint()).forward(entry.unconstrained()).detach();
    }
}
