package dev.trellis.runtime.elimination;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * Evidence rows computed on demand from a hash of (row, column), in [-4, -0.5]: any number of rows without storing
 * them, and no allocation per {@link #fill}, for tests of long scans and of the likelihood's memory.
 */
final class HashedEvidence implements Evidence {

    private final String site;
    private final int instances;
    private final int cells;
    private final long seed;

    HashedEvidence(String site, int instances, int cells, long seed) {
        this.site = site;
        this.instances = instances;
        this.cells = cells;
        this.seed = seed;
    }

    /** The entry of row i, column c. */
    double value(int i, int c) {
        long z = seed + 0x9E3779B97F4A7C15L * ((long) i * cells + c + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return -0.5 - 3.5 * ((z >>> 11) * 0x1p-53);
    }

    @Override
    public String site() {
        return site;
    }

    @Override
    public int instances() {
        return instances;
    }

    @Override
    public int cells() {
        return cells;
    }

    @Override
    public void fill(int from, int to, double[] out, int at) {
        for (int i = from; i < to; i++) {
            for (int c = 0; c < cells; c++) {
                out[at + (i - from) * cells + c] = value(i, c);
            }
        }
    }

    @Override
    public List<Tensor> inputs() {
        return List.of();
    }

    @Override
    public void backward(double[] rowAdjoints, double[][] inputAdjoints) {
        // The rows are constants.
    }
}
