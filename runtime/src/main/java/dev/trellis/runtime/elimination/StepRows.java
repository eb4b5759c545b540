package dev.trellis.runtime.elimination;

/**
 * The rows of one per-step input of a scan, read step by step: straight from the table when its values are there,
 * otherwise pulled from its {@link Evidence} in blocks of consecutive steps of one sequence (a LIKELIHOOD query
 * streams them, so memory does not grow with the sequences' length). A block may be pulled again (a sequence redone
 * in log space re-reads its rows).
 */
final class StepRows {

    /** About this many doubles per streamed block. */
    private static final int BLOCK_DOUBLES = 1 << 12;

    private final Tape tape;
    private final Table table;
    private final double[] block;
    private final int blockRows;
    private int blockStart;
    private int blockEnd;

    StepRows(Tape tape, Table table) {
        this.tape = tape;
        this.table = table;
        boolean streamed = table.values == null;
        this.blockRows = streamed ? Math.max(1, BLOCK_DOUBLES / Math.max(1, table.cells)) : 0;
        this.block = streamed ? new double[blockRows * table.cells] : null;
    }

    /**
     * Makes row r available, pulling a block that starts at r and stops before {@code end} (the end of r's sequence)
     * when the rows are streamed.
     */
    void ensure(int r, int end) {
        if (block == null || (r >= blockStart && r < blockEnd)) {
            return;
        }
        int to = Math.min(end, r + blockRows);
        TableChecks.fillEvidence(tape, table, r, to, block, 0);
        blockStart = r;
        blockEnd = to;
    }

    /** The array that holds row r (after {@link #ensure}). */
    double[] array() {
        return block == null ? table.values : block;
    }

    /** Where row r starts in {@link #array()}. */
    int offset(int r) {
        return block == null ? table.valueOffset(r) : (r - blockStart) * table.cells;
    }
}
