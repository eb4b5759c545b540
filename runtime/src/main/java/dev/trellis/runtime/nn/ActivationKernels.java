package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.ElementaryFunctions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * The activations whose gradients torch computes differently from {@link Tensor}'s own elementwise functions: the
 * logistic function differentiated from its output, and softplus with beta and threshold. Each is one autodiff node
 * over the whole tensor; a NaN input gives NaN in the value and in the gradient.
 */
final class ActivationKernels {

    private ActivationKernels() {
    }

    /** {@code sigmoid(x)}, with torch's derivative {@code y (1 - y)}. */
    static Tensor sigmoid(Tensor input) {
        double[] x = input.valuesWithoutCopy();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = logistic(x[i]);
        }
        return Tensor.withBackward(Tensor.ofWithoutCopy(y, input.shape()), "sigmoid", List.of(input), (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            if (adjoint != null) {
                for (int i = 0; i < g.length; i++) {
                    adjoint[i] += g[i] * (y[i] * (1 - y[i]));
                }
            }
        });
    }

    /** torch's softplus: {@code x} where {@code beta x > threshold}, else {@code log1p(exp(beta x)) / beta}. */
    static Tensor softplus(Tensor input, double beta, double threshold) {
        double[] x = input.valuesWithoutCopy();
        double[] y = new double[x.length];
        // e^-|bx|, kept for the slope: logistic(bx) is 1 / (1 + e) for bx >= 0 and e / (1 + e) below, the values
        // logistic() computes from the same exponential
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double bx = beta * x[i];
            if (bx > threshold) {
                y[i] = x[i];
            } else {
                // max(bx, 0) + log1p(e^-|bx|) is log1p(e^bx) without overflow for a large threshold
                e[i] = Math.exp(-Math.abs(bx));
                y[i] = (Math.max(bx, 0) + ElementaryFunctions.log1p(e[i])) / beta;
            }
        }
        return Tensor.withBackward(Tensor.ofWithoutCopy(y, input.shape()), "softplus", List.of(input), (g, adjoints) -> {
            double[] adjoint = adjoints[0];
            if (adjoint != null) {
                for (int i = 0; i < g.length; i++) {
                    double bx = beta * x[i];
                    // logistic(bx) from the kept e^-|bx|, its numerator picked as in logistic()
                    double slope = bx != bx ? Double.NaN : bx > threshold ? 1
                            : Math.max(e[i], positive(bx)) / (1 + e[i]);
                    adjoint[i] += g[i] * slope;
                }
            }
        });
    }

    /** {@code (tanh(input) + other) * 0.5} for two tensors of one shape; see {@link Tanh#averagedWith}. */
    static Tensor tanhAveragedWith(Tensor input, Tensor other) {
        if (!java.util.Arrays.equals(input.shape(), other.shape())) {
            return input.tanh().add(other).mul(0.5);
        }
        double[] x = input.valuesWithoutCopy();
        double[] h = other.valuesWithoutCopy();
        double[] t = new double[x.length];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            t[i] = ElementaryFunctions.tanh(x[i]);
            y[i] = (t[i] + h[i]) * 0.5;
        }
        return Tensor.withBackward(Tensor.ofWithoutCopy(y, input.shape()), "tanhAveragedWith", List.of(input, other),
                (g, adjoints) -> {
                    double[] adjointInput = adjoints[0];
                    double[] adjointOther = adjoints[1];
                    for (int i = 0; i < g.length; i++) {
                        // the sum is NaN exactly when tanh(x) or the other term is: the composition's NaN slopes
                        double half = g[i] * (y[i] != y[i] ? Double.NaN : 0.5);
                        if (adjointOther != null) {
                            adjointOther[i] += half;
                        }
                        if (adjointInput != null) {
                            adjointInput[i] += half * (x[i] != x[i] ? Double.NaN : 1 - t[i] * t[i]);
                        }
                    }
                });
    }

    /** {@code relu(input + row)} with the row broadcast over the input's rows; see {@link Relu#ofSum}. */
    static Tensor reluOfSum(Tensor input, Tensor row) {
        int[] shape = input.shape();
        int d = row.numElements();
        if (row.rank() != 1 || shape.length == 0 || shape[shape.length - 1] != d) {
            throw new IllegalArgumentException("relu of a sum: the row of shape " + java.util.Arrays.toString(
                    row.shape()) + " is not [d] for the input of shape " + java.util.Arrays.toString(shape));
        }
        double[] x = input.valuesWithoutCopy();
        double[] b = row.valuesWithoutCopy();
        double[] y = new double[x.length];
        for (int offset = 0; offset < x.length; offset += d) {
            for (int j = 0; j < d; j++) {
                double sum = x[offset + j] + b[j];
                y[offset + j] = Math.max(sum, 0.0);   // max(-0.0, 0.0) is 0.0 and NaN stays NaN, branch-free
            }
        }
        return Tensor.withBackward(Tensor.ofWithoutCopy(y, shape), "reluOfSum", List.of(input, row), (g, adjoints) -> {
            double[] adjointInput = adjoints[0];
            double[] adjointRow = adjoints[1];
            for (int offset = 0; offset < x.length; offset += d) {
                for (int j = 0; j < d; j++) {
                    double term = g[offset + j] * reluSlope(y[offset + j]);
                    if (adjointInput != null) {
                        adjointInput[offset + j] += term;
                    }
                    if (adjointRow != null) {
                        adjointRow[j] += term;
                    }
                }
            }
        });
    }

    /**
     * {@code relu(input + rows[k])} for every row {@code k}, stacked along a new leading dimension; see
     * {@link Relu#ofSums}.
     */
    static Tensor reluOfSums(Tensor input, Tensor rows) {
        int[] shape = input.shape();
        int[] rowsShape = rows.shape();
        if (rowsShape.length != 2 || shape.length == 0 || shape[shape.length - 1] != rowsShape[1]) {
            throw new IllegalArgumentException("relu of sums: the rows of shape " + java.util.Arrays.toString(
                    rowsShape) + " are not [k, d] for the input of shape " + java.util.Arrays.toString(shape));
        }
        int count = rowsShape[0];
        int d = rowsShape[1];
        double[] x = input.valuesWithoutCopy();
        double[] b = rows.valuesWithoutCopy();
        int size = x.length;
        double[] y = new double[count * size];
        for (int k = 0; k < count; k++) {
            int base = k * size;
            int row = k * d;
            for (int offset = 0; offset < size; offset += d) {
                for (int j = 0; j < d; j++) {
                    // max(-0.0, 0.0) is 0.0 and NaN stays NaN; no branch on the sign, so the loop is vectorised
                    y[base + offset + j] = Math.max(x[offset + j] + b[row + j], 0.0);
                }
            }
        }
        return Tensor.withBackward(Tensor.ofWithoutCopy(y, count * (size / d), d), "reluOfSums", List.of(input, rows), (g, adjoints) -> {
            double[] adjointInput = adjoints[0];
            double[] adjointRows = adjoints[1];
            for (int k = 0; k < count; k++) {
                int base = k * size;
                int row = k * d;
                for (int offset = 0; offset < size; offset += d) {
                    for (int j = 0; j < d; j++) {
                        double term = g[base + offset + j] * reluSlope(y[base + offset + j]);
                        if (adjointInput != null) {
                            adjointInput[offset + j] += term;
                        }
                        if (adjointRows != null) {
                            adjointRows[row + j] += term;
                        }
                    }
                }
            }
        });
    }

    /**
     * The logistic function: {@code 1 / (1 + e)} for {@code x >= 0} and {@code e / (1 + e)} below, {@code e} being
     * {@code exp(-|x|)}, so that nothing overflows. The numerator is picked without a branch (on inputs of varying sign
     * one is mispredicted half the time): {@code max(e, 1)} is 1 and {@code max(e, 0)} is {@code e}.
     */
    static double logistic(double x) {
        double e = Math.exp(-Math.abs(x));
        return Math.max(e, positive(x)) / (1 + e);
    }

    /** {@return 1 for {@code x > 0}, 0 at or below 0, NaN at NaN: {@link #reluSlope} of {@code relu(x)}} */
    static double positive(double x) {
        return reluSlope(Math.max(x, 0.0));
    }

    /**
     * {@return relu's slope read off its output {@code y} (0, positive or NaN): 1 where positive (times 2^60, even the
     * least subnormal reaches 1), 0 at 0, NaN at NaN} Without a branch, which activations of varying sign would
     * mispredict half the time, a loop of it is vectorised.
     */
    static double reluSlope(double y) {
        return Math.min(1.0, y * Double.MAX_VALUE * 0x1p60);
    }
}
