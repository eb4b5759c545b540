package dev.trellis.spark;

import dev.trellis.runtime.tensor.Tensor;
import java.io.Serial;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What the driver broadcasts for one step: the globals' values (flat, with their shapes), whether gradients are
 * wanted, and the step's members, ascending — or null when the step uses every member, so that a full-batch step
 * ships the parameters alone, however many members the cluster holds.
 */
record StepRequest(double[][] values, int[][] shapes, boolean gradient, int @Nullable [] members)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static StepRequest of(Tensor[] globals, boolean gradient, int @Nullable [] sortedMembers) {
        double[][] values = new double[globals.length][];
        int[][] shapes = new int[globals.length][];
        for (int g = 0; g < globals.length; g++) {
            values[g] = globals[g].toArray();
            shapes[g] = globals[g].shape();
        }
        return new StepRequest(values, shapes, gradient, sortedMembers);
    }

    /** {@return the globals as tensors (constants)} */
    Tensor[] globals() {
        Tensor[] globals = new Tensor[values.length];
        for (int g = 0; g < values.length; g++) {
            globals[g] = Tensor.of(values[g], shapes[g]);
        }
        return globals;
    }
}
