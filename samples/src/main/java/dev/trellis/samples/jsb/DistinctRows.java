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
            Row row = new Row(Arrays.copyOfRange(values, r * width, (r + 1) * width));
            Integer number = numbers.putIfAbsent(row, numbers.size());
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

    /** A row as a map key, compared by its entries. */
    private record Row(double[] entries) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Row row && Arrays.equals(entries, row.entries);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(entries);
        }
    }
}
