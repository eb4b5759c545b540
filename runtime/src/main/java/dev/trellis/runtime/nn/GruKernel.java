package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.ElementaryFunctions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * torch's GRU recurrence over a whole batch of sequences as one autodiff operation, with a hand-written backward
 * pass. With {@code gi = x W_ih^T + b_ih} and {@code gh = h W_hh^T + b_hh}, each split into its reset, update and
 * new thirds (torch's row layout {@code [W_r; W_z; W_n]}):
 * <pre>
 * r = sigmoid(gi_r + gh_r)    z = sigmoid(gi_z + gh_z)    n = tanh(gi_n + r * gh_n)
 * h' = (h - n) * z + n        (= (1 - z) * n + z * h, in torch's order of operations)
 * </pre>
 * Forward: one product ({@link MatrixKernels}) for every step's {@code gi} at once, one {@code [active, H] x [H, 3H]} product per step.
 * Backward, per step and row, from the adjoint {@code dh'}:
 * <pre>
 * dn = dh' (1 - z)   dz = dh' (h - n)   dh (direct) = dh' z
 * dgi_n = dn (1 - n^2)   dgh_n = dgi_n r   dr = dgi_n gh_n
 * dgi_z = dgh_z = dz z (1 - z)   dgi_r = dgh_r = dr r (1 - r)
 * dh = dh (direct) + dgh W_hh
 * </pre>
 * with the sigmoid's and tanh's derivatives taken from their outputs, as torch does. Weight gradients: one product
 * per step for {@code W_hh}, one for the whole batch for {@code W_ih}. Memory {@code O(T B H)}.
 */
final class GruKernel {

    private final RecurrentBatch layout;
    private final int inputSize;
    private final int hidden;
    private final double[] x;
    private final double[] wIh;
    private final double[] wHh;
    /** {@code states[t]}: the hidden state before step t, rows in the layout's order; likewise the gates below. */
    private final double[][] states;
    private final double[][] reset;
    private final double[][] update;
    private final double[][] candidate;
    /** The recurrent part of the candidate's pre-activation, {@code W_hn h + b_hn}, which dr needs. */
    private final double[][] recurrentCandidate;

    private GruKernel(RecurrentBatch layout, int inputSize, int hidden, double[] x, double[] wIh, double[] wHh) {
        this.layout = layout;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.x = x;
        this.wIh = wIh;
        this.wHh = wHh;
        int steps = layout.steps();
        int size = layout.batch() * hidden;
        this.states = new double[steps + 1][size];
        this.reset = new double[steps][size];
        this.update = new double[steps][size];
        this.candidate = new double[steps][size];
        this.recurrentCandidate = new double[steps][size];
    }

    /**
     * Runs the recurrence.
     *
     * @param x the input, batch-major {@code [B, T, I]}
     * @param h0 the initial state {@code [B, H]}
     * @return the states {@code [B, T, H]}: {@code h_t} of sequence b at {@code [b, t]}, 0 past its length
     */
    static Tensor run(RecurrentBatch layout, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        int hidden = wHh.size(1);
        GruKernel kernel = new GruKernel(layout, wIh.size(1), hidden, x.valuesWithoutCopy(), wIh.valuesWithoutCopy(),
                wHh.valuesWithoutCopy());
        double[] out = kernel.forward(h0.valuesWithoutCopy(), bIh.valuesWithoutCopy(), bHh.valuesWithoutCopy());
        Tensor value = Tensor.ofWithoutCopy(out, layout.batch(), layout.steps(), hidden);
        return Tensor.withBackward(value, "gru", List.of(x, h0, wIh, wHh, bIh, bHh), kernel::backward);
    }

    private double[] forward(double[] h0, double[] bIh, double[] bHh) {
        int batch = layout.batch();
        int steps = layout.steps();
        int h = hidden;
        int g = 3 * h;
        double[] gi = new double[batch * steps * g];
        MatrixKernels.multAdd(batch * steps, inputSize, g, x, MatrixKernels.transpose(wIh, g, inputSize), gi);
        double[] wHhTransposed = MatrixKernels.transpose(wHh, g, h);
        for (int row = 0; row < batch * steps; row++) {
            for (int j = 0; j < g; j++) {
                gi[row * g + j] += bIh[j];
            }
        }
        for (int i = 0; i < batch; i++) {
            System.arraycopy(h0, layout.sequence(i) * h, states[0], i * h, h);
        }
        double[] gh = new double[batch * g];
        double[] out = new double[batch * steps * h];
        for (int t = 0; t < steps; t++) {
            int active = layout.active(t);
            Arrays.fill(gh, 0, active * g, 0.0);
            MatrixKernels.multAdd(active, h, g, states[t], wHhTransposed, gh);
            double[] before = states[t];
            double[] after = states[t + 1];
            for (int i = 0; i < active; i++) {
                int row = layout.batchMajorRow(layout.sequence(i), t);
                int in = row * g;
                int rec = i * g;
                for (int j = 0; j < h; j++) {
                    double r = ActivationKernels.logistic(gi[in + j] + (gh[rec + j] + bHh[j]));
                    double z = ActivationKernels.logistic(gi[in + h + j] + (gh[rec + h + j] + bHh[h + j]));
                    double recurrentN = gh[rec + 2 * h + j] + bHh[2 * h + j];
                    double n = ElementaryFunctions.tanh(gi[in + 2 * h + j] + recurrentN * r);
                    double previous = before[i * h + j];
                    double next = (previous - n) * z + n;
                    int k = i * h + j;
                    reset[t][k] = r;
                    update[t][k] = z;
                    candidate[t][k] = n;
                    recurrentCandidate[t][k] = recurrentN;
                    after[k] = next;
                    out[row * h + j] = next;
                }
            }
        }
        return out;
    }

    private void backward(double[] gOut, double[] @Nullable [] adjoints) {
        int batch = layout.batch();
        int steps = layout.steps();
        int h = hidden;
        int g = 3 * h;
        double[] dState = new double[batch * h];
        double[] dGatesInput = new double[batch * steps * g];
        double[] dGatesHidden = new double[batch * g];
        double[] propagated = new double[batch * h];
        double @Nullable [] dWhh = adjoints[3];
        double[] dBhh = adjoints[5];
        for (int t = steps - 1; t >= 0; t--) {
            int active = layout.active(t);
            double[] before = states[t];
            for (int i = 0; i < active; i++) {
                int row = layout.batchMajorRow(layout.sequence(i), t);
                int in = row * g;
                int rec = i * g;
                for (int j = 0; j < h; j++) {
                    int k = i * h + j;
                    double dNext = dState[k] + gOut[row * h + j];
                    double r = reset[t][k];
                    double z = update[t][k];
                    double n = candidate[t][k];
                    double dn = dNext * (1 - z);
                    double dz = dNext * (before[k] - n);
                    double dCandidate = dn * (1 - n * n);
                    double dReset = dCandidate * recurrentCandidate[t][k] * (r * (1 - r));
                    double dUpdate = dz * (z * (1 - z));
                    dGatesInput[in + j] = dReset;
                    dGatesInput[in + h + j] = dUpdate;
                    dGatesInput[in + 2 * h + j] = dCandidate;
                    dGatesHidden[rec + j] = dReset;
                    dGatesHidden[rec + h + j] = dUpdate;
                    dGatesHidden[rec + 2 * h + j] = dCandidate * r;
                    dState[k] = dNext * z;
                }
            }
            if (dWhh != null) {
                MatrixKernels.multAddTransA(g, active, h, dGatesHidden, before, dWhh);
            }
            if (dBhh != null) {
                AffineKernels.addColumnSums(dGatesHidden, active, g, dBhh);
            }
            Arrays.fill(propagated, 0, active * h, 0.0);
            MatrixKernels.multAdd(active, g, h, dGatesHidden, wHh, propagated);
            for (int k = 0; k < active * h; k++) {
                dState[k] += propagated[k];
            }
        }
        if (adjoints[1] != null) {
            for (int i = 0; i < batch; i++) {
                int offset = layout.sequence(i) * h;
                for (int j = 0; j < h; j++) {
                    adjoints[1][offset + j] += dState[i * h + j];
                }
            }
        }
        RecurrentGradients.inputSide(dGatesInput, batch * steps, g, inputSize, x, wIh, adjoints[0], adjoints[2]);
        if (adjoints[4] != null) {
            AffineKernels.addColumnSums(dGatesInput, batch * steps, g, adjoints[4]);
        }
    }
}
