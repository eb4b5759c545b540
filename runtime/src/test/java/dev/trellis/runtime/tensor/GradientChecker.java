package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Checks an operation's vector-Jacobian product against finite differences, Stan Math style.
 *
 * <p>For a function {@code f} of tensors and a random adjoint {@code w} of its output's shape, the gradient of
 * the scalar {@code F(x) = sum(w * f(x))} computed by {@link Autodiff} must match a central difference in every
 * input element: the five-point stencil {@code (-F(x+2h) + 8F(x+h) - 8F(x-h) + F(x-2h)) / 12h} at steps
 * {@code h = 1e-3 max(1, |x|)} and {@code h/2}, combined by one Richardson extrapolation, so the truncation
 * error is {@code O(h^6)} (below 1e-12 of the derivative for the smooth functions here). Its rounding error is
 * about {@code 3 eps S / h}, where {@code S = sum |w f(x)|} is the size of the terms summed into F; the tolerance
 * is {@value #RELATIVE_TOLERANCE} relative plus 100 times {@code 1.5 eps S / h}. Random adjoints make one check
 * cover every output element of a non-scalar result.
 *
 * <p>Public so that packages built on tensors (transforms, distributions) check their own compositions the
 * same way.
 *
 * <p>Along the way it checks that evaluating on constants records nothing, that recording does not change the
 * values, and that differentiating with respect to one input at a time (the others constant, so their backward
 * buffers are null) gives the same gradient as with respect to all at once.
 */
public final class GradientChecker {

    /** Relative agreement required between the analytic and the numerical derivative. */
    public static final double RELATIVE_TOLERANCE = 1e-8;

    private static final double EPSILON = Math.ulp(1.0);

    /** With {@code -Dtrellis.gradcheck.report=true}, each check prints its worst relative error. */
    private static final boolean REPORT = Boolean.getBoolean("trellis.gradcheck.report");

    /** A function of tensors to differentiate. */
    public interface TensorFunction {
        Tensor apply(Tensor... inputs);
    }

    private GradientChecker() {
    }

    /**
     * Asserts that the gradients of {@code function} at {@code inputs} match finite differences.
     *
     * @param what a name for failure messages
     * @param function the function; it must be smooth within {@code 2h} of every input element
     * @param inputs constant input values
     */
    public static void check(String what, TensorFunction function, Tensor... inputs) {
        Tensor constantOutput = function.apply(inputs);
        assertFalse(constantOutput.requiresGrad(), what + ": constants must not record a graph");

        Tensor[] leaves = new Tensor[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            leaves[k] = Tensor.variable(inputs[k]);
        }
        Tensor output = function.apply(leaves);
        assertTrue(output.requiresGrad(), what + ": the output of variables must require grad");
        assertEquals(constantOutput, output, what + ": recording must not change the values");

        Tensor adjoint = randomAdjoint(what, output.shape());
        Gradients gradients = Autodiff.gradients(List.of(output), List.of(adjoint));
        double scale = termScale(function, inputs, adjoint);
        for (int k = 0; k < inputs.length; k++) {
            double[] analytic = gradients.of(leaves[k]).toArray();
            assertArrayEquals(analytic, gradientOfOneInput(function, inputs, k, adjoint),
                    what + ": gradient of input " + k + " alone differs from the joint gradient");
            double[] values = inputs[k].toArray();
            double worst = 0;
            for (int j = 0; j < values.length; j++) {
                double numeric = centralDifference(function, inputs, k, j, adjoint);
                double h = step(values[j]);
                double tolerance = RELATIVE_TOLERANCE * Math.abs(numeric) + 100 * 1.5 * EPSILON * scale / h;
                if (!(Math.abs(analytic[j] - numeric) <= tolerance)) {
                    fail(what + ": d/d input " + k + " element " + j + " (x = " + values[j] + "): autodiff "
                            + analytic[j] + " but finite differences " + numeric + " (tolerance " + tolerance + ")");
                }
                double floor = tolerance - RELATIVE_TOLERANCE * Math.abs(numeric);
                if (Math.abs(numeric) > 1e3 * floor) {
                    double relative = Math.abs(analytic[j] - numeric) / Math.abs(numeric);
                    if (REPORT && relative > 1e-9) {
                        System.out.printf("gradcheck %s x=%s autodiff %s numeric %s%n", what, values[j], analytic[j],
                                numeric);
                    }
                    worst = Math.max(worst, relative);
                }
            }
            if (REPORT) {
                System.out.printf("gradcheck %-45s input %d worst relative error %.1e%n", what, k, worst);
            }
        }
    }

    private static double[] gradientOfOneInput(TensorFunction function, Tensor[] inputs, int k, Tensor adjoint) {
        Tensor[] mixed = inputs.clone();
        mixed[k] = Tensor.variable(inputs[k]);
        Tensor output = function.apply(mixed);
        return Autodiff.gradients(List.of(output), List.of(adjoint)).of(mixed[k]).toArray();
    }

    /** The five-point stencil at steps h and h/2, combined by one Richardson step: error O(h^6). */
    private static double centralDifference(TensorFunction function, Tensor[] inputs, int k, int j,
            Tensor adjoint) {
        double x = inputs[k].toArray()[j];
        double h = step(x);
        double coarse = stencil(function, inputs, k, j, x, h, adjoint);
        double fine = stencil(function, inputs, k, j, x, h / 2, adjoint);
        return fine + (fine - coarse) / 15;
    }

    private static double stencil(TensorFunction function, Tensor[] inputs, int k, int j, double x, double h,
            Tensor adjoint) {
        double plus1 = objective(function, inputs, k, j, x + h, adjoint);
        double minus1 = objective(function, inputs, k, j, x - h, adjoint);
        double plus2 = objective(function, inputs, k, j, x + 2 * h, adjoint);
        double minus2 = objective(function, inputs, k, j, x - 2 * h, adjoint);
        return (-plus2 + 8 * plus1 - 8 * minus1 + minus2) / (12 * h);
    }

    /** A step such that {@code x + h}, {@code x + h/2}, {@code x + 2h} and their mirrors are exact. */
    private static double step(double x) {
        double h = 1e-3 * Math.max(1, Math.abs(x));
        return (x + h) - x;
    }

    private static double objective(TensorFunction function, Tensor[] inputs, int k, int j, double value,
            Tensor adjoint) {
        Tensor[] perturbed = inputs.clone();
        double[] values = inputs[k].toArray();
        values[j] = value;
        perturbed[k] = Tensor.of(values, inputs[k].shape());
        double[] out = function.apply(perturbed).toArray();
        double[] w = adjoint.toArray();
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += w[i] * out[i];
        }
        return sum;
    }

    private static double termScale(TensorFunction function, Tensor[] inputs, Tensor adjoint) {
        double[] out = function.apply(inputs).toArray();
        double[] w = adjoint.toArray();
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += Math.abs(w[i] * out[i]);
        }
        return Math.max(sum, Double.MIN_NORMAL);
    }

    private static Tensor randomAdjoint(String what, int[] shape) {
        Random random = new Random(what.hashCode());
        double[] values = new double[Shapes.numElements(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Tensor.of(values, shape);
    }

    /** Random inputs: uniform in {@code [low, high)}, seeded, so tests are reproducible. */
    public static final class Inputs {
        private final Random random;

        public Inputs(long seed) {
            random = new Random(seed);
        }

        public Tensor uniform(double low, double high, int... shape) {
            double[] values = new double[Shapes.numElements(shape)];
            for (int i = 0; i < values.length; i++) {
                values[i] = low + (high - low) * random.nextDouble();
            }
            return Tensor.of(values, shape);
        }

        /** Uniform in {@code [low, high)} but at least {@code margin} from every point of {@code kinks}. */
        public Tensor awayFrom(double[] kinks, double margin, double low, double high, int... shape) {
            double[] values = new double[Shapes.numElements(shape)];
            for (int i = 0; i < values.length; i++) {
                double v;
                do {
                    v = low + (high - low) * random.nextDouble();
                } while (near(v, kinks, margin));
                values[i] = v;
            }
            return Tensor.of(values, shape);
        }

        /** Distinct values (no two within {@code 0.05}), for max/min and sorting-like operations. */
        public Tensor distinct(double low, double high, int... shape) {
            List<Double> taken = new ArrayList<>();
            double[] values = new double[Shapes.numElements(shape)];
            for (int i = 0; i < values.length; i++) {
                double v;
                do {
                    v = low + (high - low) * random.nextDouble();
                } while (near(v, taken.stream().mapToDouble(Double::doubleValue).toArray(), 0.05));
                taken.add(v);
                values[i] = v;
            }
            return Tensor.of(values, shape);
        }

        private static boolean near(double v, double[] points, double margin) {
            for (double p : points) {
                if (Math.abs(v - p) < margin) {
                    return true;
                }
            }
            return false;
        }
    }
}
