package dev.trellis.runtime.nn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;

/**
 * The golden files' closed-form parameter values: for the p-th tensor in a listed order, with fan-in f, entry i (flat,
 * row-major) is {@code (1 / sqrt(f)) * sin(((A i^2 + B i) + C p) + D)}, evaluated left to right in double precision.
 * Java's {@code StrictMath.sin} is fdlibm's, within 1 ulp of the C library's {@code sin} the files were written with.
 */
public final class ClosedFormParameters {

    private final double a;
    private final double b;
    private final double c;
    private final double d;

    public ClosedFormParameters(JsonNode constants) {
        this.a = constants.get("A").asDouble();
        this.b = constants.get("B").asDouble();
        this.c = constants.get("C").asDouble();
        this.d = constants.get("D").asDouble();
    }

    /** {@return the p-th tensor of the given shape and fan-in} */
    public Tensor value(int p, int fanIn, int... shape) {
        int count = Tensor.zeros(shape).numElements();
        double[] values = new double[count];
        double scale = 1.0 / StrictMath.sqrt(fanIn);
        for (int i = 0; i < count; i++) {
            double square = (double) ((long) i * i);
            double phase = ((a * square + b * i) + c * p) + d;
            values[i] = scale * StrictMath.sin(phase);
        }
        return Tensor.of(values, shape);
    }
}
