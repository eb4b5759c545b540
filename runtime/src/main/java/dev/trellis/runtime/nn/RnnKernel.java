package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.ElementaryFunctions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Elman recurrence {@code h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} over a whole batch of sequences as
 * one autodiff operation, with a hand-written backward pass (backpropagation through time).
 *
 * <p>Forward: one product ({@link MatrixKernels}) for every step's input projection at once, then one
 * {@code [active, H] x [H, H]} product per step. Backward: the adjoint of each step's pre-activation is propagated
 * through {@code W_hh} with one product per step; the weight gradients are one product each over all the active
 * (step, sequence) rows. The input-side products (projection, {@code dx}, {@code dW_ih}) run on the active rows
 * only, stacked from the last step to the first, not on the padded {@code [B T]} rows: a ragged mini-batch (dmm.py's
 * JSB chorales: 1,253 of 2,260 rows) would otherwise multiply its padding's zeros. Memory: the hidden states and pre-activation adjoints,
 * {@code O(T B H)}. The activation's derivative is taken from the output, as torch does: {@code 1 - h^2} for tanh,
 * {@code h > 0} for relu (0 at exactly 0).
 */
final class RnnKernel {

    private final RecurrentBatch layout;
    private final boolean relu;
    private final int inputSize;
    private final int hidden;
    private final double[] wIh;
    private final double[] wHh;
    /** {@code states[t]}: the hidden state before step t (states[0] = h_0), rows in the layout's order. */
    private final double[][] states;
    /**
     * The active (step, sequence) rows stacked from the last step to the first: step t's {@code active(t)} rows,
     * in the layout's order, start at row {@code stackedStart[t]}; {@code stackedRows} in all.
     */
    private final int[] stackedStart;
    private final int stackedRows;
    /** The input's active rows, {@code [stackedRows, I]}, stacked. */
    private final double[] xStacked;

    /** {@code x}, the input {@code [B, T, I]}, is only read here, for its active rows. */
    private RnnKernel(RecurrentBatch layout, boolean relu, int inputSize, int hidden, double[] x, double[] wIh,
            double[] wHh) {
        this.layout = layout;
        this.relu = relu;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.wIh = wIh;
        this.wHh = wHh;
        this.states = new double[layout.steps() + 1][layout.batch() * hidden];
        int steps = layout.steps();
        this.stackedStart = new int[steps];
        int rows = 0;
        for (int t = steps - 1; t >= 0; t--) {
            stackedStart[t] = rows;
            rows += layout.active(t);
        }
        this.stackedRows = rows;
        this.xStacked = new double[rows * inputSize];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < layout.active(t); i++) {
                System.arraycopy(x, layout.batchMajorRow(layout.sequence(i), t) * inputSize, xStacked,
                        (stackedStart[t] + i) * inputSize, inputSize);
            }
        }
    }

    /**
     * Runs the recurrence.
     *
     * @param x the input, batch-major {@code [B, T, I]}
     * @param h0 the initial state {@code [B, H]}
     * @return the states {@code [B, T, H]}: {@code h_t} of sequence b at {@code [b, t]}, 0 past its length
     */
    static Tensor run(RecurrentBatch layout, boolean relu, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh,
            Tensor bHh) {
        int hidden = wIh.size(0);
        RnnKernel kernel = new RnnKernel(layout, relu, wIh.size(1), hidden, x.valuesWithoutCopy(), wIh.valuesWithoutCopy(),
                wHh.valuesWithoutCopy());
        double[] out = kernel.forward(h0.valuesWithoutCopy(), bIh.valuesWithoutCopy(), bHh.valuesWithoutCopy());
        Tensor value = Tensor.ofWithoutCopy(out, layout.batch(), layout.steps(), hidden);
        return Tensor.withBackward(value, relu ? "rnn_relu" : "rnn_tanh", List.of(x, h0, wIh, wHh, bIh, bHh),
                kernel::backward);
    }

    private double[] forward(double[] h0, double[] bIh, double[] bHh) {
        int batch = layout.batch();
        int steps = layout.steps();
        int h = hidden;
        double[] projected = new double[stackedRows * h];
        MatrixKernels.multAdd(stackedRows, inputSize, h, xStacked, MatrixKernels.transpose(wIh, h, inputSize),
                projected);
        for (int i = 0; i < batch; i++) {
            System.arraycopy(h0, layout.sequence(i) * h, states[0], i * h, h);
        }
        double[] recurrent = new double[batch * h];
        double[] out = new double[batch * steps * h];
        // h_t W_hh^T: the right-hand matrix W_hh^T given as its transpose, W_hh
        try (MatrixKernels.FixedRight recurrentWeight = MatrixKernels.FixedRight.ofTransposed(wHh, h, h, batch)) {
            for (int t = 0; t < steps; t++) {
                step(t, projected, bIh, bHh, recurrent, out, recurrentWeight);
            }
        }
        return out;
    }

    /** {@code h_{t+1} = act(W_ih x_t + b_ih + W_hh h_t + b_hh)} for the sequences active at {@code t}. */
    private void step(int t, double[] projected, double[] bIh, double[] bHh, double[] recurrent, double[] out,
            MatrixKernels.FixedRight recurrentWeight) {
        int h = hidden;
        int active = layout.active(t);
        recurrentWeight.multInto(active, states[t], recurrent);
        double[] next = states[t + 1];
        for (int i = 0; i < active; i++) {
            int row = layout.batchMajorRow(layout.sequence(i), t) * h;
            int input = (stackedStart[t] + i) * h;
            for (int j = 0; j < h; j++) {
                double a = (projected[input + j] + bIh[j]) + (recurrent[i * h + j] + bHh[j]);
                // relu: max(-0.0, 0.0) is 0.0 and NaN stays NaN, without a branch that signs would mispredict
                double value = relu ? Math.max(a, 0.0) : ElementaryFunctions.tanh(a);
                next[i * h + j] = value;
                out[row + j] = value;
            }
        }
    }

    private void backward(double[] g, double[] @Nullable [] adjoints) {
        int batch = layout.batch();
        int steps = layout.steps();
        int h = hidden;
        double[] dState = new double[batch * h];
        double[] dPre = new double[batch * h];
        // every step's pre-activation adjoints, stacked as xStacked: for dW_hh, dW_ih, dx and the biases
        double[] dPreStacked = new double[stackedRows * h];
        double @Nullable [] dWhh = adjoints[3];
        // dW_hh = sum_t dPre_t^T h_t as one product over every (step, active sequence) row, after the loop
        double[] statesStacked = new double[dWhh == null ? 0 : stackedRows * h];
        try (MatrixKernels.FixedRight recurrentWeight = new MatrixKernels.FixedRight(wHh, h, h, batch)) {
            for (int t = steps - 1; t >= 0; t--) {
                int active = layout.active(t);
                double[] after = states[t + 1];
                for (int i = 0; i < active; i++) {
                    int row = layout.batchMajorRow(layout.sequence(i), t) * h;
                    for (int j = 0; j < h; j++) {
                        double adjoint = dState[i * h + j] + g[row + j];
                        double value = after[i * h + j];
                        double slope = relu ? reluSlope(value) : 1 - value * value;
                        dPre[i * h + j] = adjoint * slope;
                    }
                }
                System.arraycopy(dPre, 0, dPreStacked, stackedStart[t] * h, active * h);
                if (dWhh != null) {
                    System.arraycopy(states[t], 0, statesStacked, stackedStart[t] * h, active * h);
                }
                // the state's adjoint before step t: only what flows back through W_hh (its first active rows)
                recurrentWeight.multInto(active, dPre, dState);
            }
        }
        if (dWhh != null) {
            MatrixKernels.multAddTransA(h, stackedRows, h, dPreStacked, statesStacked, dWhh);
        }
        if (adjoints[1] != null) {
            for (int i = 0; i < batch; i++) {
                int offset = layout.sequence(i) * h;
                for (int j = 0; j < h; j++) {
                    adjoints[1][offset + j] += dState[i * h + j];
                }
            }
        }
        double @Nullable [] dx = adjoints[0];
        double @Nullable [] dxStacked = dx == null ? null : new double[stackedRows * inputSize];
        RecurrentGradients.inputSide(dPreStacked, stackedRows, h, inputSize, xStacked, wIh, dxStacked, adjoints[2]);
        if (dx != null && dxStacked != null) {
            // back to the input's batch-major rows; the padding's rows get nothing, as before
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < layout.active(t); i++) {
                    int row = layout.batchMajorRow(layout.sequence(i), t) * inputSize;
                    int stacked = (stackedStart[t] + i) * inputSize;
                    for (int p = 0; p < inputSize; p++) {
                        dx[row + p] += dxStacked[stacked + p];
                    }
                }
            }
        }
        for (int bias = 4; bias <= 5; bias++) {
            if (adjoints[bias] != null) {
                AffineKernels.addColumnSums(dPreStacked, stackedRows, h, adjoints[bias]);
            }
        }
    }

    /**
     * {@return {@link ActivationKernels#reluSlope}, but 0 at NaN, as torch's recurrent layers} The only branch is the
     * NaN test, which data do not make unpredictable.
     */
    private static double reluSlope(double value) {
        double slope = ActivationKernels.reluSlope(value);
        return slope == slope ? slope : 0;
    }

}
