package dev.trellis.runtime.shapes;

import java.util.OptionalInt;

/**
 * Fills the sizes a run knows into a shapes report written at compile time (the {@code REPORT} of a generated
 * {@code <Model>Shapes} class): the dimension table's size column, {@code ?} until a size is known, is fixed-width,
 * so the table stays aligned.
 *
 * <p>Thread-safe: static methods without state.
 */
public final class ShapesReports {
    private static final int SIZE_WIDTH = 10;

    private ShapesReports() {
    }

    /**
     * {@return the report with the size of every dimension {@code dimensions} knows in place of its {@code ?}}
     *
     * @param report a report as the processor writes it
     * @param dimensions the sizes known
     */
    public static String fill(String report, Dimensions dimensions) {
        String[] lines = report.split("\n", -1);
        int column = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (column < 0) {
                if (line.startsWith("dimension ")) {
                    column = line.indexOf("size");
                }
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            String name = line.substring(0, line.indexOf(' ') < 0 ? line.length() : line.indexOf(' '));
            OptionalInt size = dimensions.size(name);
            if (size.isPresent() && line.length() > column && line.charAt(column) == '?') {
                String cell = Integer.toString(size.getAsInt());
                cell = cell + " ".repeat(Math.max(1, SIZE_WIDTH - cell.length()));
                int end = Math.min(line.length(), column + SIZE_WIDTH);
                lines[i] = line.substring(0, column) + cell + line.substring(end);
            }
        }
        return String.join("\n", lines);
    }
}
