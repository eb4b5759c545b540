package dev.trellis.runtime.inference;

import dev.trellis.runtime.tensor.Tensor;

/**
 * Builds the tables of one first-order chain over a product state space from the tables of the chains a model
 * declares, with tensor operations, so that the gradient of the joint tables flows back into each chain's own: a
 * factorial pair of chains (Pyro's hmm.py model_3), a pair where the second reads the first's current state
 * (model_4), and a second-order chain over pairs of consecutive states (model_6). The joint state of two chains w and x
 * is {@code w * Kx + x}; the pair state of a second-order chain is {@code previous * K + current}.
 */
public final class JointChains {
    private static final double IMPOSSIBLE = Double.NEGATIVE_INFINITY;

    private JointChains() {
    }

    /** {@return [Kw * Kx]: log p(w_0) + log p(x_0), for independent first steps} */
    public static Tensor independentInit(Tensor wInit, Tensor xInit) {
        return wInit.unsqueeze(1).add(xInit.unsqueeze(0)).reshape(wInit.size(0) * xInit.size(0));
    }

    /** {@return [Kw * Kx]: log p(w_0) + log p(x_0 | w_0), with {@code xInitGivenW} of shape [Kw, Kx]} */
    public static Tensor dependentInit(Tensor wInit, Tensor xInitGivenW) {
        return wInit.unsqueeze(1).add(xInitGivenW).reshape(wInit.size(0) * xInitGivenW.size(1));
    }

    /** {@return [Kw Kx, Kw Kx]: log p(w_t | w_{t-1}) + log p(x_t | x_{t-1}), for independent chains} */
    public static Tensor independentTransitions(Tensor wTrans, Tensor xTrans) {
        int kw = wTrans.size(0);
        int kx = xTrans.size(0);
        Tensor w = wTrans.reshape(kw, 1, kw, 1);
        Tensor x = xTrans.reshape(1, kx, 1, kx);
        return w.add(x).reshape(kw * kx, kw * kx);
    }

    /**
     * {@return [Kw Kx, Kw Kx]: log p(w_t | w_{t-1}) + log p(x_t | x_{t-1}, w_t)} with {@code xTransGivenW} of shape
     * [Kw, Kx, Kx] indexed by (w_t, x_{t-1}, x_t).
     */
    public static Tensor dependentTransitions(Tensor wTrans, Tensor xTransGivenW) {
        int kw = wTrans.size(0);
        int kx = xTransGivenW.size(1);
        Tensor w = wTrans.reshape(kw, 1, kw, 1);
        Tensor x = xTransGivenW.permute(1, 0, 2).unsqueeze(0);     // [1, x_{t-1}, w_t, x_t]
        return w.add(x).reshape(kw * kx, kw * kx);
    }

    /**
     * {@return [K K]: the first pair (initial, x_0), where {@code first} [K] is log p(x_0); every pair whose earlier
     * state is not {@code initial} is impossible}
     */
    public static Tensor secondOrderInit(Tensor first, int initial) {
        int k = first.size(0);
        double[] mask = new double[k * k];
        double[] impossible = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                mask[a * k + b] = a == initial ? 1 : 0;
                impossible[a * k + b] = IMPOSSIBLE;
            }
        }
        Tensor spread = first.unsqueeze(0).expand(k, k).reshape(k * k);
        return Tensor.where(Tensor.of(mask, k * k), spread, Tensor.of(impossible, k * k));
    }

    /**
     * {@return [K K, K K]: from pair (a, b) to pair (b, c) with log p(c | a, b) = {@code trans[a][b][c]}; every other
     * move is impossible}
     */
    public static Tensor secondOrderTransitions(Tensor trans) {
        int k = trans.size(0);
        int pairs = k * k;
        // Row (a, b), column (b', c): the entry trans[a][b][c] when b' = b.
        Tensor spread = trans.reshape(k, k, 1, k).expand(k, k, k, k).reshape(pairs, pairs);
        double[] mask = new double[pairs * pairs];
        double[] impossible = new double[pairs * pairs];
        java.util.Arrays.fill(impossible, IMPOSSIBLE);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < k; c++) {
                    mask[(a * k + b) * pairs + (b * k + c)] = 1;
                }
            }
        }
        return Tensor.where(Tensor.of(mask, pairs, pairs), spread, Tensor.of(impossible, pairs, pairs));
    }

    /** {@return [K K, ...]: a per-state table of the current state, repeated for each earlier state of the pair} */
    public static Tensor perPairOfCurrent(Tensor perState) {
        int k = perState.size(0);
        int[] shape = perState.shape();
        int[] expanded = new int[shape.length + 1];
        expanded[0] = k;
        System.arraycopy(shape, 0, expanded, 1, shape.length);
        int[] flat = shape.clone();
        flat[0] = k * k;
        return perState.unsqueeze(0).expand(expanded).reshape(flat);
    }
}
