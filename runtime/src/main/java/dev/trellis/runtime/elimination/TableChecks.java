package dev.trellis.runtime.elimination;

/**
 * The checks on log values that enter an elimination: every entry finite or {@code -Infinity}. Messages name the
 * site, where (for evidence rows) and the entry with its assignment, e.g. {@code site y at sequences[0].time[3]:
 * entry 2 (x = 2) is NaN}.
 */
final class TableChecks {

    private TableChecks() {
    }

    /**
     * Checks {@code cells} entries from {@code from}.
     *
     * @param where where the row belongs, or null for a homogeneous table
     * @throws IllegalArgumentException naming the site, the place and the entry if one is NaN or {@code +Infinity}
     */
    static void checkEntries(String site, String where, double[] values, int from, int cells, int[] axes,
                             int[] sizes, Layout layout) {
        for (int c = 0; c < cells; c++) {
            double v = values[from + c];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("site " + site + (where == null ? "" : " at " + where)
                        + ": entry " + c + describe(c, axes, sizes, layout) + " is " + v
                        + "; log values must be finite or -Infinity");
            }
        }
    }

    /** {@code " (x = 1, x@1 = 2)"} for cell c of a row-major table over the axes; empty without axes. */
    static String describe(int cell, int[] axes, int[] sizes, Layout layout) {
        if (axes.length == 0) {
            return "";
        }
        int[] index = new int[axes.length];
        int rest = cell;
        for (int k = axes.length - 1; k >= 0; k--) {
            index[k] = rest % sizes[k];
            rest /= sizes[k];
        }
        StringBuilder out = new StringBuilder(" (");
        for (int k = 0; k < axes.length; k++) {
            out.append(k == 0 ? "" : ", ").append(layout.describeUse(axes[k])).append(" = ").append(index[k]);
        }
        return out.append(')').toString();
    }

    /**
     * Fills rows {@code from..to-1} of an evidence table into {@code out} at {@code at} and checks them.
     *
     * @throws IllegalArgumentException naming the site, the instance and the entry of a NaN or {@code +Infinity}
     */
    static void fillEvidence(Tape tape, Table table, int from, int to, double[] out, int at) {
        table.evidence.fill(from, to, out, at);
        for (int i = from; i < to; i++) {
            int row = at + (i - from) * table.cells;
            for (int c = 0; c < table.cells; c++) {
                double v = out[row + c];
                if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                    checkEntries(table.name, tape.instances.describe(table.plate, i), out, row, table.cells,
                            table.axes, table.sizes, tape.layout);
                }
            }
        }
    }

    /** Fills every row of lazy evidence (a no-op when the values are there). */
    static void materialise(Tape tape, Table table) {
        if (table.values == null) {
            double[] values = new double[Math.multiplyExact(table.rows, table.cells)];
            if (table.rows > 0) {
                fillEvidence(tape, table, 0, table.rows, values, 0);
            }
            table.values = values;
        }
    }
}
