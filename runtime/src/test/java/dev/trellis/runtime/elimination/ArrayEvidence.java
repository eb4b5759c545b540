package dev.trellis.runtime.elimination;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/** Evidence rows given as a plain array, row-major [instances][cells], for tests. */
final class ArrayEvidence implements Evidence {

    private final String site;
    private final double[] rows;
    private final int instances;
    private final int cells;
    /** How many rows {@link #fill} has written in all, to see streaming at work. */
    long rowsFilled;

    ArrayEvidence(String site, double[] rows, int instances, int cells) {
        if (rows.length != instances * cells) {
            throw new IllegalArgumentException(rows.length + " != " + instances + " x " + cells);
        }
        this.site = site;
        this.rows = rows;
        this.instances = instances;
        this.cells = cells;
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
        System.arraycopy(rows, from * cells, out, at, (to - from) * cells);
        rowsFilled += to - from;
    }

    @Override
    public List<Tensor> inputs() {
        return List.of();
    }

    @Override
    public void backward(double[] rowAdjoints, double[][] inputAdjoints) {
        // Nothing to differentiate: the rows are constants.
    }
}
