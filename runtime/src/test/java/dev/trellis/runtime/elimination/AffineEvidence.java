package dev.trellis.runtime.elimination;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * Evidence whose rows are computed from two tensors, {@code row[i][c] = x[i] * w[c] + v[c]} for fixed data
 * {@code x}, with the exact backward of that map: enough to follow an elimination's adjoints through
 * {@link Evidence#backward} to the tensors, for the gradient tests.
 */
final class AffineEvidence implements Evidence {

    private final String site;
    private final double[] x;
    private final Tensor w;
    private final Tensor v;
    private final int cells;

    AffineEvidence(String site, double[] x, Tensor w, Tensor v) {
        if (w.numElements() != v.numElements()) {
            throw new IllegalArgumentException(w.numElements() + " weights but " + v.numElements() + " offsets");
        }
        this.site = site;
        this.x = x.clone();
        this.w = w;
        this.v = v;
        this.cells = w.numElements();
    }

    /** {@return every row, row-major: what {@link #fill} writes} */
    double[] rows() {
        double[] out = new double[x.length * cells];
        fill(0, x.length, out, 0);
        return out;
    }

    @Override
    public String site() {
        return site;
    }

    @Override
    public int instances() {
        return x.length;
    }

    @Override
    public int cells() {
        return cells;
    }

    @Override
    public void fill(int from, int to, double[] out, int at) {
        double[] weights = w.toArray();
        double[] offsets = v.toArray();
        for (int i = from; i < to; i++) {
            for (int c = 0; c < cells; c++) {
                out[at + (i - from) * cells + c] = x[i] * weights[c] + offsets[c];
            }
        }
    }

    @Override
    public List<Tensor> inputs() {
        return List.of(w, v);
    }

    @Override
    public void backward(double[] rowAdjoints, double[][] inputAdjoints) {
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < cells; c++) {
                double adjoint = rowAdjoints[i * cells + c];
                inputAdjoints[0][c] += x[i] * adjoint;
                inputAdjoints[1][c] += adjoint;
            }
        }
    }
}
