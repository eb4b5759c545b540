package dev.trellis.runtime.inference;

/**
 * The T rows of K doubles a chain kernel reads or writes step by step: the rows of a {@code double[T][K]}, or T
 * consecutive blocks of K in one flat array (how the elimination engine keeps every instance's evidence and
 * posterior, so that a sequence is a range of a table and needs no copy). A reusable cursor: a kernel points it at
 * its arrays once per sequence, so nothing is allocated per sequence or step.
 */
final class RowView {

    private double[][] rows;
    private double[] flat;
    private int from;
    private int width;

    /** Points the view at the rows of a T x K array; returns it. */
    RowView rows(double[][] table) {
        this.rows = table;
        this.flat = null;
        this.from = 0;
        this.width = 0;
        return this;
    }

    /** Points the view at rows of {@code width} doubles starting at {@code from} in {@code table}; returns it. */
    RowView flat(double[] table, int from, int width) {
        this.rows = null;
        this.flat = table;
        this.from = from;
        this.width = width;
        return this;
    }

    /** {@return the array that holds row t} */
    double[] array(int t) {
        return rows != null ? rows[t] : flat;
    }

    /** {@return where row t starts in {@link #array}} */
    int offset(int t) {
        return rows != null ? 0 : from + t * width;
    }
}
