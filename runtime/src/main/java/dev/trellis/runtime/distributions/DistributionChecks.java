package dev.trellis.runtime.distributions;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The validation every distribution does, in one place so that messages have one shape: what distribution, which
 * parameter or value, the flat index, the offending number and the constraint it breaks.
 */
final class DistributionChecks {

    private DistributionChecks() {
    }

    /**
     * Checks a constructor parameter, as torch's {@code arg_constraints} with validation on.
     *
     * @throws IllegalArgumentException e.g. {@code Normal: scale[1] = -0.5 is outside positive}
     */
    static Tensor requireParameter(String distribution, String name, Tensor value, Constraint constraint) {
        OptionalInt bad = constraint.firstViolation(value);
        if (bad.isPresent()) {
            throw new IllegalArgumentException(distribution + ": parameter " + name + describeEntry(value,
                    bad.getAsInt()) + " is outside " + constraint.spec());
        }
        return value;
    }

    /**
     * Checks that a parameter given as rows of a shared tensor holds no NaN (torch's {@code real}), reading the rows in
     * place; the message is {@link #requireParameter}'s for {@code value.tensor()}.
     *
     * @throws IllegalArgumentException e.g. {@code Bernoulli: parameter logits[103] = NaN is outside real}
     */
    static void requireNoNaN(String distribution, String name, SharedRows value) {
        int bad = value.firstNaN();
        if (bad >= 0) {
            throw new IllegalArgumentException(distribution + ": parameter " + name + (value.shape().length == 0
                    ? " = NaN" : "[" + bad + "] = NaN") + " is outside " + new Constraint.Real().spec());
        }
    }

    /**
     * Checks a value handed to {@link Distribution#logProb(Tensor)} against the support, as torch's
     * {@code _validate_sample}: its trailing dimensions must be the event shape, and every entry must lie inside.
     *
     * @throws IllegalArgumentException e.g. {@code value[0] = 3.5 is outside the support interval(-2.0, 3.0) of
     *     Uniform(low=-2.0, high=3.0)}
     */
    static void requireInSupport(Distribution distribution, Tensor value) {
        int[] event = distribution.eventShape();
        int[] shape = value.shape();
        boolean eventMatches = shape.length >= event.length && Arrays.equals(
                Arrays.copyOfRange(shape, shape.length - event.length, shape.length), event);
        if (!eventMatches) {
            throw new IllegalArgumentException("a value of shape " + Arrays.toString(shape) + " does not end in the "
                    + "event shape " + Arrays.toString(event) + " of " + distribution);
        }
        OptionalInt bad = distribution.support().firstViolation(value);
        if (bad.isPresent()) {
            throw new IllegalArgumentException("value" + describeEntry(value, bad.getAsInt())
                    + " is outside the support " + distribution.support().spec() + " of " + distribution);
        }
    }

    /** The broadcast batch shape of several parameters, with the distribution named if they conflict. */
    static int[] batchShapeOf(String distribution, int eventDims, Tensor... parameters) {
        int[][] shapes = new int[parameters.length][];
        for (int i = 0; i < parameters.length; i++) {
            int[] shape = parameters[i].shape();
            if (shape.length < eventDims) {
                throw new IllegalArgumentException(distribution + ": a parameter of shape " + Arrays.toString(shape)
                        + " has fewer than the " + eventDims + " event dimension(s)");
            }
            shapes[i] = Arrays.copyOf(shape, shape.length - eventDims);
        }
        try {
            return Tensor.broadcastShapes(shapes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(distribution + ": parameter shapes do not broadcast: " + e.getMessage(),
                    e);
        }
    }

    /** {@code [i] = x} for a flat index, or {@code  = x} for a scalar. */
    private static String describeEntry(Tensor value, int flatIndex) {
        double x = value.toArray()[flatIndex];
        return value.rank() == 0 ? " = " + x : "[" + flatIndex + "] = " + x;
    }
}
