package dev.trellis.samples.jsb;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers the distinct rows of a row-major matrix in order of first appearance, comparing rows entry by entry as
 * {@link Arrays#equals(double[], double[])} does (bit patterns: equal 0/1 notes are equal; -0.0 and 0.0 are not, which
 * only forgoes sharing). {@link TonesGenerator} runs its network once per distinct row of previous notes.
 */
final class DistinctRows {

    private DistinctRows() {
    }

    /**
     * Numbers the rows.
     *
     * @param values {@code [rows, width]}, row-major
     * @return for each row, the number of its distinct row: 0 for the first row, the next number for each row unlike
     *     every earlier one
     */
    static int[] of(double[] values, int rows, int width) {
        Map<Row, Integer> numbers = new HashMap<>();
        int[] distinct = new int[rows];
        for (int r = 0; r < rows; r++) {
            Integer number = numbers.putIfAbsent(new Row(values, r * width, width), numbers.size());
            distinct[r] = number == null ? numbers.size() - 1 : number;
        }
        return distinct;
    }

    /** {@return for each distinct row (by number), the first row that is it} */
    static int[] firstOccurrences(int[] distinct) {
        int count = 0;
        for (int number : distinct) {
            count = Math.max(count, number + 1);
        }
        int[] first = new int[count];
        Arrays.fill(first, -1);
        for (int r = 0; r < distinct.length; r++) {
            if (first[distinct[r]] < 0) {
                first[distinct[r]] = r;
            }
        }
        return first;
    }

    /** A row of the matrix as a map key (read in place, not copied), compared by its entries. */
    private static final class Row {
        private final double[] values;
        private final int offset;
        private final int width;
        private final int hash;

        Row(double[] values, int offset, int width) {
            this.values = values;
            this.offset = offset;
            this.width = width;
            int h = 1;
            for (int j = offset; j < offset + width; j++) {
                h = 31 * h + mix(Double.doubleToLongBits(values[j]));
            }
            this.hash = h;
        }

        /**
         * MurmurHash3's 64-bit finaliser: {@code Double.hashCode(1.0)} has its low 20 bits zero, so notes hashed as
         * {@link Arrays#hashCode(double[])} does share their low bits and crowd a few of HashMap's bins.
         */
        private static int mix(long bits) {
            long h = (bits ^ (bits >>> 33)) * 0xff51afd7ed558ccdL;
            h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return (int) (h ^ (h >>> 33));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Row row && row.width == width
                    && Arrays.equals(values, offset, offset + width, row.values, row.offset, row.offset + width);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
