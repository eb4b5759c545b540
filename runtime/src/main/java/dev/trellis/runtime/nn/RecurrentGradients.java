package dev.trellis.runtime.nn;

import org.jspecify.annotations.Nullable;

/** The input side of a recurrent layer's backward pass, shared by {@link RnnKernel} and {@link GruKernel}. */
final class RecurrentGradients {

    private RecurrentGradients() {
    }

    /**
     * Adds the gradients that flow through the input projection {@code x W_ih^T}, for the whole batch at once:
     * {@code dx += dGates W_ih} and {@code dW_ih += dGates^T x}.
     *
     * @param dGates the adjoints of the projected inputs, batch-major {@code [rows, gates]}
     * @param x the input, {@code [rows, inputSize]}
     * @param wIh the input weights, {@code [gates, inputSize]}
     * @param dx the input's adjoint buffer, or null
     * @param dWIh the input weights' adjoint buffer, or null
     */
    static void inputSide(double[] dGates, int rows, int gates, int inputSize, double[] x, double[] wIh,
            double @Nullable [] dx, double @Nullable [] dWIh) {
        if (dx != null) {
            MatrixKernels.multAdd(rows, gates, inputSize, dGates, wIh, dx);
        }
        if (dWIh != null) {
            MatrixKernels.multAddTransA(gates, rows, inputSize, dGates, x, dWIh);
        }
    }
}
