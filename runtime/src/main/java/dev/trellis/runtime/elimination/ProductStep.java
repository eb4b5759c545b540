package dev.trellis.runtime.elimination;

import java.util.Arrays;

/**
 * The product over a plate's instances, into its parent: {@code out[q, c] = scale * sum_{i in q} in[i, c]} in log
 * space (max-product uses the same sum: the plate's instances are independent given the parent's variables).
 *
 * <p>The sum runs in instance order with Neumaier compensation, so a plate of 10^6 instances loses about one ulp; a
 * {@code -inf} term makes the cell {@code -inf} without entering the compensation. A homogeneous input counts once
 * per instance, and a parent instance with no instances gets {@code log 1 = 0}. The same code serves both kernel
 * sets: there is nothing to choose in a sum.
 */
final class ProductStep implements TapeStep {

    private final int plate;
    private final Table input;
    private final Table output;
    private final double scale;

    private ProductStep(int plate, Table input, Table output, double scale) {
        this.plate = plate;
        this.input = input;
        this.output = output;
        this.scale = scale;
    }

    /** Computes the product into {@code output} (whose values are allocated here) and returns the step. */
    static ProductStep run(Tape tape, int plate, Table input, Table output) {
        ProductStep step = new ProductStep(plate, input, output, tape.instances.scale(plate));
        step.forward(tape);
        return step;
    }

    private void forward(Tape tape) {
        int cells = input.cells;
        int[] offsets = tape.instances.offsetsView(plate);
        int parents = offsets.length - 1;
        double[] in = input.values;
        double[] out = new double[parents * cells];
        double[] sum = new double[cells];
        double[] compensation = new double[cells];
        boolean[] impossible = new boolean[cells];
        for (int q = 0; q < parents; q++) {
            int base = q * cells;
            if (!input.batched) {
                int n = offsets[q + 1] - offsets[q];
                if (n > 0 && allImpossible(in, 0, cells)) {
                    tape.recordDead(plate, offsets[q]);
                }
                for (int c = 0; c < cells; c++) {
                    // A product over no instances is log 1, even of an impossible table.
                    out[base + c] = n == 0 ? 0.0 : scale * (n * in[c]);
                }
                continue;
            }
            Arrays.fill(sum, 0.0);
            Arrays.fill(compensation, 0.0);
            Arrays.fill(impossible, false);
            for (int i = offsets[q]; i < offsets[q + 1]; i++) {
                int row = i * cells;
                boolean allImpossible = true;   // a table has a cell at least: every domain has a value
                for (int c = 0; c < cells; c++) {
                    double term = in[row + c];
                    if (term == Double.NEGATIVE_INFINITY) {
                        impossible[c] = true;
                        continue;
                    }
                    allImpossible = false;
                    double next = sum[c] + term;
                    compensation[c] += Math.abs(sum[c]) >= Math.abs(term) ? (sum[c] - next) + term
                            : (term - next) + sum[c];
                    sum[c] = next;
                }
                if (allImpossible) {
                    tape.recordDead(plate, i);
                }
            }
            for (int c = 0; c < cells; c++) {
                out[base + c] = impossible[c] ? Double.NEGATIVE_INFINITY : scale * (sum[c] + compensation[c]);
            }
        }
        output.values = out;
    }

    private static boolean allImpossible(double[] values, int from, int cells) {
        for (int c = from; c < from + cells; c++) {
            if (values[c] > Double.NEGATIVE_INFINITY) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void backward(Tape tape) {
        double[] adjOut = output.adjoint;
        if (adjOut == null || !tape.needsAdjoint(input)) {
            return;
        }
        double[] adjIn = input.adjointArray();
        int cells = input.cells;
        int[] offsets = tape.instances.offsetsView(plate);
        for (int q = 0; q + 1 < offsets.length; q++) {
            int from = q * cells;
            for (int i = offsets[q]; i < offsets[q + 1]; i++) {
                int to = input.adjointOffset(i);
                for (int c = 0; c < cells; c++) {
                    adjIn[to + c] += scale * adjOut[from + c];
                }
            }
        }
    }

    @Override
    public void traceback(Tape tape) {
        // Nothing is eliminated by a product.
    }
}
