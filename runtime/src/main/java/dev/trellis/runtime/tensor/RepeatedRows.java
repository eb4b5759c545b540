package dev.trellis.runtime.tensor;

import java.util.Arrays;

/**
 * Which rows of a row-major matrix repeat an earlier row, bit for bit ({@link Arrays#equals(double[], int, int,
 * double[], int, int)}: -0.0 and 0.0 differ, which only forgoes sharing; every NaN is one value), for
 * work done once per distinct row: a network run on each distinct row of its input (hmm.py's nnHMM on the previous
 * step's notes; chorales hold chords, so about half of a batch's rows are repeats), and the batched Bernoulli scoring
 * of each distinct row of logits.
 *
 * <p>Thread-safe as long as its arrays are not modified: they are handed out as they are, for the kernels that read
 * them, and never written after {@link #of}.
 *
 * @param slotOfRow for each row, the number of its distinct row, numbered in order of first appearance
 * @param firstRows for each distinct row (by number), the first row that is it
 */
public record RepeatedRows(int[] slotOfRow, int[] firstRows) {

    /**
     * Numbers the distinct rows through a hash table of the rows' contents.
     *
     * @param values {@code [rows, width]}, row-major
     * @param rows the rows
     * @param width the entries per row
     * @return the numbering
     */
    public static RepeatedRows of(double[] values, int rows, int width) {
        int capacity = Integer.highestOneBit(Math.max(4, rows * 2 - 1)) << 1;
        int[] table = new int[capacity];   // slot + 1, 0 for empty
        int[] hashes = new int[rows];
        int[] slotOfRow = new int[rows];
        int[] firstRows = new int[rows];
        int slots = 0;
        for (int r = 0; r < rows; r++) {
            int offset = r * width;
            int hash = hash(values, offset, width);
            int at = hash & (capacity - 1);
            int slot = -1;
            while (table[at] != 0) {
                int candidate = table[at] - 1;
                int first = firstRows[candidate];
                if (hashes[first] == hash
                        && Arrays.equals(values, first * width, first * width + width, values, offset, offset + width)) {
                    slot = candidate;
                    break;
                }
                at = (at + 1) & (capacity - 1);
            }
            if (slot < 0) {
                slot = slots++;
                firstRows[slot] = r;
                table[at] = slot + 1;
            }
            hashes[r] = hash;
            slotOfRow[r] = slot;
        }
        return new RepeatedRows(slotOfRow, Arrays.copyOf(firstRows, slots));
    }

    /** {@return the number of distinct rows} */
    public int distinct() {
        return firstRows.length;
    }

    /**
     * {@return whether every row of {@code values} equals the first row of its slot} — whether this numbering, made for
     * another matrix, may serve {@code values} (it may then miss repeats, which only forgoes sharing)
     */
    public boolean holdsFor(double[] values, int width) {
        if (values.length != slotOfRow.length * width) {
            return false;
        }
        for (int r = 0; r < slotOfRow.length; r++) {
            int first = firstRows[slotOfRow[r]];
            if (first != r && !Arrays.equals(values, first * width, first * width + width, values, r * width,
                    r * width + width)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(double[] values, int offset, int width) {
        int hash = 1;
        for (int j = offset; j < offset + width; j++) {
            long bits = Double.doubleToLongBits(values[j]);
            hash = 31 * hash + (int) (bits ^ (bits >>> 32));
        }
        return hash ^ (hash >>> 16);
    }
}
