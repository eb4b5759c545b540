package dev.trellis.runtime.params;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.nio.file.Path;

/**
 * A child process for {@link ParamStoreFileTest}: saves two large, different stores to the same
 * file, alternately, until it is killed.
 */
public final class ParamStoreSaveLoop {
    private ParamStoreSaveLoop() {}

    static ParamStore store(double sign) {
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = sign * (i + 0.1234567890123);
        }
        var store = new ParamStore();
        store.define("big", Tensor.of(values, 400, 500), new Constraint.Real());
        store.define("tag", Tensor.scalar(sign), new Constraint.Real());
        return store;
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        ParamStore plus = store(1);
        ParamStore minus = store(-1);
        for (long round = 0; ; round++) {
            ParamStoreFile.save(round % 2 == 0 ? plus : minus, target);
        }
    }
}
