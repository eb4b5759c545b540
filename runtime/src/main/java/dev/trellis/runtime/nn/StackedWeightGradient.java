package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A weight's gradient {@code dW += g^T x} from every call of a layer in one backward pass, formed as one matrix
 * product over all the calls' rows instead of one product per call.
 *
 * <p>A recurrent model calls its layers once per time step on a few rows each (dmm.py: 113 steps of 20 rows), and a
 * product per step reads and writes the whole weight-sized gradient for 20 rows of work (with OpenBLAS, a copy of it in
 * and out of native memory at every step). Here the layer's calls take the weight through one shared node, the
 * {@linkplain #gateway gateway}; each call's backward pass only copies its rows ({@code g} and its input {@code x})
 * onto stacks kept under the gateway's adjoint buffer, and the gateway's own backward pass, which the engine runs after all
 * of its consumers, adds {@code G^T X} over the stacked rows to the weight's adjoint in one product.
 *
 * <p>Records are keyed by the identity of the gateway's adjoint buffer, which is private to one backward pass, so
 * passes over the same graph, on one thread or several, never see each other's rows; a pass that stops half-way leaves
 * records only under a buffer no one holds, which the weak map then drops.
 */
final class StackedWeightGradient {

    /** Rows recorded per gateway adjoint buffer (arrays have identity equality, as the key must). */
    private static final Map<double[], Rows> PENDING = Collections.synchronizedMap(new WeakHashMap<>());

    private StackedWeightGradient() {
    }

    /**
     * {@return a tensor of the weight's value whose consumers may {@link #record} their rows instead of adding to its
     * adjoint; the weight itself when it does not require grad}
     *
     * @param weight {@code [out, in]}
     */
    static Tensor gateway(Tensor weight) {
        if (!weight.requiresGrad()) {
            return weight;
        }
        return Tensor.withBackward(weight.detach(), "stackedWeight", List.of(weight), (g, adjoints) -> {
            Rows rows = PENDING.remove(g);
            double[] adjoint = adjoints[0];
            if (adjoint == null) {
                return;
            }
            for (int i = 0; i < g.length; i++) {
                adjoint[i] += g[i];   // anything added to the gateway directly (nothing, for the layers here)
            }
            if (rows != null) {
                rows.addProductTo(adjoint);
            }
        });
    }

    /**
     * Records {@code g^T x} for the gateway whose adjoint buffer is {@code gatewayAdjoint}.
     *
     * @param g {@code [rows, out]}, copied (the engine reuses it)
     * @param x {@code [rows, in]}
     * @param expectedRows how many rows the pass will record in all, as far as the caller knows (the backward pass
     *     runs the calls last to first, so the first call it sees can tell the rows of all the calls before it)
     */
    static void record(double[] gatewayAdjoint, int rows, int out, int in, double[] g, double[] x,
            int expectedRows) {
        pending(gatewayAdjoint, out, in, expectedRows).add(rows, g, x);
    }

    /**
     * {@link #record} of the rows {@code taken} of {@code g} and {@code x} only (rows whose adjoint is zero add
     * nothing to the product), copied straight from the full arrays.
     */
    static void record(double[] gatewayAdjoint, int[] taken, int out, int in, double[] g, double[] x,
            int expectedRows) {
        pending(gatewayAdjoint, out, in, expectedRows).add(taken, g, x);
    }

    private static Rows pending(double[] gatewayAdjoint, int out, int in, int expectedRows) {
        synchronized (PENDING) {
            return PENDING.computeIfAbsent(gatewayAdjoint, key -> new Rows(out, in, expectedRows));
        }
    }

    /** The rows of one gateway in one pass, stacked as they come; only the pass's thread touches it. */
    private static final class Rows {
        private final int out;
        private final int in;
        private double[] stackedG;
        private double[] stackedX;
        private int total;

        Rows(int out, int in, int capacity) {
            this.out = out;
            this.in = in;
            this.stackedG = new double[capacity * out];
            this.stackedX = new double[capacity * in];
        }

        void add(int rows, double[] g, double[] x) {
            makeRoom(rows);
            System.arraycopy(g, 0, stackedG, total * out, rows * out);
            System.arraycopy(x, 0, stackedX, total * in, rows * in);
            total += rows;
        }

        void add(int[] taken, double[] g, double[] x) {
            makeRoom(taken.length);
            for (int r : taken) {
                System.arraycopy(g, r * out, stackedG, total * out, out);
                System.arraycopy(x, r * in, stackedX, total * in, in);
                total++;
            }
        }

        private void makeRoom(int rows) {
            if ((total + rows) * out > stackedG.length) {
                int capacity = Math.max(2 * stackedG.length / out, total + rows);
                stackedG = Arrays.copyOf(stackedG, capacity * out);
                stackedX = Arrays.copyOf(stackedX, capacity * in);
            }
        }

        /** {@code adjoint[out, in] += G^T X} over all recorded rows, one product. */
        void addProductTo(double[] adjoint) {
            MatrixKernels.multAddTransA(out, total, in, stackedG, stackedX, adjoint);
        }
    }
}
