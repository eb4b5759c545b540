package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a nested data argument (arrays, {@code List}s, {@code Tensor}s, numbers) at a site's {@link DataLevels}, depth
 * first, into the counts of every plate level, each row's shape and one array of values, row after row. One walker
 * per argument.
 *
 * <p>Plate levels record one count per parent instance, in the order the parents are visited, which is the order of
 * the instances ("grouped by parent instance"). A row (an instance of the innermost plate) is dense: each folded plate
 * takes its extent in the row from where the row first reaches it, and another extent elsewhere in the same row is an
 * error naming both places. Rows may differ in their folded extents (ragged folded plates): while they all agree, only
 * the first row's extents are kept, so uniform data costs nothing per row; from the first row that differs, every
 * row's extents are recorded. Event dimensions take their extent from the first row that has them and must have it
 * in every row.
 */
final class DataWalker {

    private final DataLevels levels;
    private final String site;
    private final int depth;
    private final int plates;
    private final int folded;
    /** Per plate level, the count of each parent instance. */
    private final int[][] counts;
    private final int[] countSizes;
    /** Per event level (index level - plates - folded): the extent, or -1 while no row has been seen. */
    private final int[] eventExtents;
    private final String[] eventWitness;
    /** The current row's folded extents, -1 where the row has not reached that level. */
    private final int[] rowExtents;
    /** The first row's folded extents, null before the first row ends. */
    private int @Nullable [] firstExtents;
    private int rows;
    /** Every row's folded extents, row-major, once two rows differ; null while they all agree. */
    private int @Nullable [] raggedExtents;
    private final int[] path;
    private double[] values = new double[64];
    private int size;
    private boolean integral = true;

    DataWalker(DataLevels levels) {
        this.levels = levels;
        this.site = levels.site();
        this.depth = levels.depth();
        this.plates = levels.plateLevels();
        this.folded = levels.foldedLevels();
        this.counts = new int[plates][4];
        this.countSizes = new int[plates];
        this.eventExtents = new int[depth - plates - folded];
        Arrays.fill(eventExtents, -1);
        this.eventWitness = new String[eventExtents.length];
        this.rowExtents = new int[folded];
        this.path = new int[depth];
    }

    ObservedData walk(@Nullable Object argument) {
        if (argument == null) {
            throw new SiteException(site, "", "the data argument is null");
        }
        visit(argument, 0);
        int[][] offsets = new int[plates][];
        for (int level = 0; level < plates; level++) {
            offsets[level] = new int[countSizes[level] + 1];
            for (int q = 0; q < countSizes[level]; q++) {
                offsets[level][q + 1] = offsets[level][q] + counts[level][q];
            }
        }
        int[] eventShape = new int[eventExtents.length];
        for (int k = 0; k < eventShape.length; k++) {
            eventShape[k] = Math.max(eventExtents[k], 0);   // no row at all: the extent is unknown, nothing reads it
        }
        RowShapes shapes;
        if (raggedExtents != null) {
            shapes = RowShapes.of(folded, rows, Arrays.copyOf(raggedExtents, rows * folded), eventShape);
        } else {
            int[] rowShape = new int[folded + eventShape.length];
            if (firstExtents != null) {
                System.arraycopy(firstExtents, 0, rowShape, 0, folded);
            }
            System.arraycopy(eventShape, 0, rowShape, folded, eventShape.length);
            shapes = RowShapes.uniform(rowShape, folded);
        }
        return new ObservedData(levels, offsets, shapes, Arrays.copyOf(values, size), integral);
    }

    private void visit(@Nullable Object node, int level) {
        if (node == null) {
            throw new SiteException(site, where(level), "is null");
        }
        if (node instanceof Tensor tensor) {
            visitTensor(tensor, level);
            return;
        }
        if (level == plates) {
            startRow();
            visitInRow(node, level);
            endRows(1);
        } else {
            visitInRow(node, level);
        }
    }

    /** Visits a node that is not a tensor; at a plate level, or inside the row that {@link #visit} started. */
    private void visitInRow(Object node, int level) {
        if (level == depth) {
            leaf(node, level);
            return;
        }
        if (node instanceof double[] doubles && level == depth - 1) {
            enter(level, doubles.length);
            appendDoubles(doubles, level);
            integral = false;
        } else if (node instanceof int[] ints && level == depth - 1) {
            enter(level, ints.length);
            for (int value : ints) {
                append(value);
            }
        } else if (node instanceof Object[] array) {
            enter(level, array.length);
            for (int i = 0; i < array.length; i++) {
                path[level] = i;
                visit(array[i], level + 1);
            }
        } else if (node instanceof List<?> list) {
            enter(level, list.size());
            int i = 0;
            for (Object element : list) {
                path[level] = i++;
                visit(element, level + 1);
            }
        } else {
            throw new SiteException(site, where(level), "is " + typeName(node) + " but " + (depth - level)
                    + " more level(s) are expected (" + remaining(level) + "); give an array or List for "
                    + describe(level));
        }
    }

    private void leaf(Object node, int level) {
        if (!(node instanceof Number number)) {
            throw new SiteException(site, where(level), "is " + typeName(node) + ", not a number");
        }
        boolean whole = node instanceof Integer || node instanceof Long || node instanceof Short
                || node instanceof Byte;
        integral &= whole;
        double value = number.doubleValue();
        if (Double.isNaN(value)) {
            throw new SiteException(site, where(level), "observed value is NaN");
        }
        append(value);
    }

    /**
     * A tensor stands for every level from {@code level} down, densely: at or above the row level, for whole rows that
     * all have its folded extents; below it, for part of the current row.
     */
    private void visitTensor(Tensor tensor, int level) {
        int[] shape = tensor.shape();
        if (shape.length != depth - level) {
            throw new SiteException(site, where(level), "is a Tensor of shape " + Arrays.toString(shape) + " but "
                    + (depth - level) + " level(s) remain (" + remaining(level) + ")");
        }
        Arrays.fill(path, level, depth, 0);   // the tensor's first row witnesses its extents
        boolean wholeRows = level <= plates;
        if (wholeRows) {
            startRow();
        }
        int parents = 1;
        for (int j = 0; j < shape.length; j++) {
            int lvl = level + j;
            if (lvl < plates) {
                for (int q = 0; q < parents; q++) {
                    addCount(lvl, shape[j]);
                }
            } else {
                checkExtent(lvl, shape[j], parents == 0);
            }
            parents *= shape[j];
        }
        integral = false;
        double[] entries = tensor.toArray();
        for (int i = 0; i < entries.length; i++) {
            if (Double.isNaN(entries[i])) {
                int rest = i;
                for (int j = shape.length - 1; j >= 0; j--) {
                    path[level + j] = rest % shape[j];
                    rest /= shape[j];
                }
                throw new SiteException(site, where(depth), "observed value is NaN");
            }
            append(entries[i]);
        }
        if (wholeRows) {
            endRows(RowShapes.product(shape, 0, plates - level));
        }
    }

    private void startRow() {
        Arrays.fill(rowExtents, -1);
    }

    /** Ends {@code count} rows that all have the current row's folded extents. */
    private void endRows(int count) {
        for (int k = 0; k < folded; k++) {
            rowExtents[k] = Math.max(rowExtents[k], 0);   // a level the row never reached: an empty row
        }
        if (count == 0) {
            return;
        }
        if (firstExtents == null) {
            firstExtents = rowExtents.clone();
        } else if (raggedExtents == null && !Arrays.equals(firstExtents, rowExtents)) {
            raggedExtents = new int[Math.max(16, 2 * (rows + count)) * folded];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(firstExtents, 0, raggedExtents, r * folded, folded);
            }
        }
        if (raggedExtents != null) {
            if ((rows + count) * folded > raggedExtents.length) {
                raggedExtents = Arrays.copyOf(raggedExtents, Math.max(2 * raggedExtents.length,
                        (rows + count) * folded));
            }
            for (int r = rows; r < rows + count; r++) {
                System.arraycopy(rowExtents, 0, raggedExtents, r * folded, folded);
            }
        }
        rows += count;
    }

    private void enter(int level, int length) {
        if (level < plates) {
            addCount(level, length);
        } else {
            checkExtent(level, length, false);
        }
    }

    private void addCount(int level, int count) {
        if (countSizes[level] == counts[level].length) {
            counts[level] = Arrays.copyOf(counts[level], 2 * counts[level].length);
        }
        counts[level][countSizes[level]++] = count;
    }

    /** @param unseen the extent comes from a tensor with no row there, so it is not a row's extent to compare */
    private void checkExtent(int level, int length, boolean unseen) {
        if (levels.kind(level) == DataLevels.Kind.FOLDED) {
            checkFolded(level, length, unseen);
            return;
        }
        int k = level - plates - folded;
        if (length == 0) {
            throw new SiteException(site, where(level), "has an empty event dimension; one draw of the family has at "
                    + "least one entry in each of its event dimensions");
        }
        if (unseen) {
            return;
        }
        if (eventExtents[k] < 0) {
            eventExtents[k] = length;
            eventWitness[k] = where(level);
        } else if (eventExtents[k] != length) {
            String witness = eventWitness[k].isEmpty() ? "the first row" : eventWitness[k];
            throw new SiteException(site, where(level), "has " + length + " " + describe(level) + " but " + witness
                    + " has " + eventExtents[k] + "; every draw has the same event shape");
        }
    }

    /**
     * A folded plate's extent in the current row: the first one the row reaches it with, and the same elsewhere in
     * the row (where the folded plates above it are at member 0 is where the row first reached it).
     */
    private void checkFolded(int level, int length, boolean unseen) {
        int k = level - plates;
        if (unseen) {
            return;
        }
        if (rowExtents[k] < 0) {
            rowExtents[k] = length;
        } else if (rowExtents[k] != length) {
            int[] first = path.clone();
            Arrays.fill(first, plates, level, 0);
            throw new SiteException(site, where(level), "has " + length + " " + describe(level) + " but "
                    + ObservedData.path(levels, first, 0, level) + " has " + rowExtents[k] + "; the folded plates of "
                    + "one observation are dense: every member of plate '" + levels.name(level - 1) + "' there has "
                    + "the same members of plate '" + levels.name(level) + "'");
        }
    }

    private void appendDoubles(double[] doubles, int level) {
        for (int i = 0; i < doubles.length; i++) {
            if (Double.isNaN(doubles[i])) {
                path[level] = i;
                throw new SiteException(site, where(level + 1), "observed value is NaN");
            }
        }
        ensure(doubles.length);
        System.arraycopy(doubles, 0, values, size, doubles.length);
        size += doubles.length;
    }

    private void append(double value) {
        ensure(1);
        values[size++] = value;
    }

    private void ensure(int more) {
        if (size + more > values.length) {
            values = Arrays.copyOf(values, Math.max(2 * values.length, size + more));
        }
    }

    /** The index path of the levels above {@code level}, e.g. {@code sequences[3].time[17]}. */
    private String where(int level) {
        return ObservedData.path(levels, path, 0, level);
    }

    private String describe(int level) {
        return switch (levels.kind(level)) {
            case PLATE -> "plate '" + levels.name(level) + "'";
            case FOLDED -> "members of plate '" + levels.name(level) + "'";
            case EVENT -> "entries in event dimension " + (level - plates - levels.foldedLevels());
        };
    }

    private String remaining(int level) {
        StringBuilder text = new StringBuilder();
        for (int l = level; l < depth; l++) {
            text.append(l == level ? "" : ", ").append(levels.kind(l) == DataLevels.Kind.EVENT ? "an event dimension"
                    : levels.kind(l).name().toLowerCase(java.util.Locale.ROOT) + " '" + levels.name(l) + "'");
        }
        return text.toString();
    }

    private static String typeName(Object node) {
        return "a " + node.getClass().getSimpleName();
    }
}
