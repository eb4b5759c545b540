package dev.trellis.runtime.elimination.tables;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shape of every row of an {@link ObservedData}: the extents of the site's folded plates, then of its event
 * dimensions. Event dimensions are the same in every row; folded plates may have other members in each row (a
 * ragged folded plate, e.g. a group's items), and then the rows fall into <em>shape classes</em>, numbered in order of
 * first occurrence, each with the first row that has it (its witness, for messages).
 *
 * <p>Uniform rows (the common case: every step has 51 tones) keep one class and no per-row arrays, so row i starts
 * at {@code i * width}; ragged rows keep each row's class and start. Immutable.
 */
final class RowShapes {

    private final int folded;
    /** Per class: its row shape, folded extents then event extents. */
    private final int[][] shapes;
    private final int[] widths;
    private final int[] witnesses;
    /** Per row its class, and per row (plus one) its first entry; both null for uniform rows. */
    private final int @Nullable [] classOf;
    private final int @Nullable [] starts;

    private RowShapes(int folded, int[][] shapes, int[] witnesses, int @Nullable [] classOf, int @Nullable [] starts) {
        this.folded = folded;
        this.shapes = shapes;
        this.widths = new int[shapes.length];
        for (int c = 0; c < shapes.length; c++) {
            widths[c] = product(shapes[c], 0, shapes[c].length);
        }
        this.witnesses = witnesses;
        this.classOf = classOf;
        this.starts = starts;
    }

    /** Rows that all have {@code rowShape}, whose first {@code folded} extents are the folded plates'. */
    static RowShapes uniform(int[] rowShape, int folded) {
        return new RowShapes(folded, new int[][] {rowShape.clone()}, new int[] {0}, null, null);
    }

    /**
     * Rows with their own folded extents; uniform if they all agree.
     *
     * @param folded the number of folded plates
     * @param rows the number of rows
     * @param foldedExtents row-major {@code [rows][folded]}: each row's folded extents
     * @param eventShape the event extents, shared by every row
     */
    static RowShapes of(int folded, int rows, int[] foldedExtents, int[] eventShape) {
        boolean same = true;
        for (int i = folded; same && i < rows * folded; i++) {
            same = foldedExtents[i] == foldedExtents[i % folded];
        }
        if (same) {
            int[] shape = new int[folded + eventShape.length];
            if (rows > 0) {
                System.arraycopy(foldedExtents, 0, shape, 0, folded);
            }
            System.arraycopy(eventShape, 0, shape, folded, eventShape.length);
            return uniform(shape, folded);
        }
        Map<Key, Integer> numbers = new HashMap<>();
        int[][] shapes = new int[rows][];
        int[] witnesses = new int[rows];
        int[] classOf = new int[rows];
        int[] starts = new int[rows + 1];
        int eventWidth = product(eventShape, 0, eventShape.length);
        int classes = 0;
        for (int r = 0; r < rows; r++) {
            int[] extents = Arrays.copyOfRange(foldedExtents, r * folded, (r + 1) * folded);
            Integer number = numbers.get(new Key(extents));
            if (number == null) {
                number = classes++;
                numbers.put(new Key(extents), number);
                int[] shape = Arrays.copyOf(extents, folded + eventShape.length);
                System.arraycopy(eventShape, 0, shape, folded, eventShape.length);
                shapes[number] = shape;
                witnesses[number] = r;
            }
            classOf[r] = number;
            starts[r + 1] = starts[r] + product(extents, 0, folded) * eventWidth;
        }
        return new RowShapes(folded, Arrays.copyOf(shapes, classes), Arrays.copyOf(witnesses, classes), classOf,
                starts);
    }

    /** {@return the shapes of the given rows, in that order} */
    RowShapes select(int[] rows) {
        if (classOf == null) {
            return this;
        }
        int[] extents = new int[rows.length * folded];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(shapes[classOf[rows[r]]], 0, extents, r * folded, folded);
        }
        int[] shape = shapes[0];
        return of(folded, rows.length, extents, Arrays.copyOfRange(shape, folded, shape.length));
    }

    /** {@return whether some folded plate has other members in some row} */
    boolean ragged() {
        return classOf != null;
    }

    /** {@return the number of shape classes: 1 for uniform rows} */
    int classes() {
        return shapes.length;
    }

    /** {@return the shape class of a row} */
    int classOf(int row) {
        return classOf == null ? 0 : classOf[row];
    }

    /** {@return a class's row shape; not copied, never modify it} */
    int[] shape(int shapeClass) {
        return shapes[shapeClass];
    }

    /** {@return a class's folded extents, a new array} */
    int[] foldedShape(int shapeClass) {
        return Arrays.copyOf(shapes[shapeClass], folded);
    }

    /** {@return the number of entries of a row of a class} */
    int width(int shapeClass) {
        return widths[shapeClass];
    }

    /** {@return the first row of a class} */
    int witness(int shapeClass) {
        return witnesses[shapeClass];
    }

    /** {@return the index of a row's first entry in the values} */
    int start(int row) {
        return starts == null ? row * widths[0] : starts[row];
    }

    /** {@return the number of entries of a row} */
    int rowWidth(int row) {
        return widths[classOf(row)];
    }

    /** {@return the row that holds entry {@code entry} of the values} */
    int rowOf(int entry) {
        if (starts == null) {
            return entry / widths[0];
        }
        // The last row starting at or before the entry; empty rows share their start with the next one.
        int low = 0;
        int high = starts.length - 2;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= entry) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    static int product(int[] extents, int from, int to) {
        int product = 1;
        for (int k = from; k < to; k++) {
            product *= extents[k];
        }
        return product;
    }

    /** An int array compared by content, as a map key. */
    private record Key(int[] extents) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(extents, key.extents);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(extents);
        }

        @Override
        public String toString() {
            return Arrays.toString(extents);
        }
    }
}
