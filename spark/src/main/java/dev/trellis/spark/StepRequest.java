package dev.trellis.spark;

import dev.trellis.runtime.parallel.StepTables;
import dev.trellis.runtime.tensor.Tensor;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the driver broadcasts for one step: the globals' values (flat, with their shapes), whether gradients are
 * wanted, the step's members, ascending — or null when the step uses every member, so that a full-batch step ships
 * the parameters alone, however many members the cluster holds — and the layout of the driver's tabulation: the name
 * and size of each shared input ({@link dev.trellis.runtime.parallel.StepTables}), where the executors put the
 * adjoints of their own tabulation's inputs.
 */
record StepRequest(double[][] values, int[][] shapes, boolean gradient, int @Nullable [] members,
                   List<String> inputNames, int[] inputSizes) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static StepRequest of(Tensor[] globals, boolean gradient, int @Nullable [] sortedMembers, StepTables tables) {
        double[][] values = new double[globals.length][];
        int[][] shapes = new int[globals.length][];
        for (int g = 0; g < globals.length; g++) {
            values[g] = globals[g].toArray();
            shapes[g] = globals[g].shape();
        }
        List<Tensor> inputs = tables.inputs();
        int[] sizes = new int[inputs.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = inputs.get(i).numElements();
        }
        return new StepRequest(values, shapes, gradient, sortedMembers, List.copyOf(tables.inputNames()), sizes);
    }

    /** {@return the globals as tensors (constants)} */
    Tensor[] globals() {
        Tensor[] globals = new Tensor[values.length];
        for (int g = 0; g < values.length; g++) {
            globals[g] = Tensor.of(values[g], shapes[g]);
        }
        return globals;
    }

    /** {@return the length of a block's vector in the driver's layout: 1 + the inputs' entries + the globals'} */
    int length() {
        int length = 1;
        for (int size : inputSizes) {
            length = Math.addExact(length, size);
        }
        for (double[] value : values) {
            length = Math.addExact(length, value.length);
        }
        return length;
    }
}
