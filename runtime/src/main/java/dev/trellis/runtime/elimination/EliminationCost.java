package dev.trellis.runtime.elimination;

import java.util.List;
import java.util.Locale;

/**
 * What a model's elimination costs at bound sizes: the numbers of an {@link EliminationCostModel}, the plan's
 * symbolic cost. Entries are table entries (doubles, 8 bytes each); work counts the entries of the products the
 * contractions form (one multiply-add each).
 *
 * <p>Thread-safe: immutable.
 *
 * @param largestFactor the largest table anywhere in the plan, scan programs included
 * @param work the work of the contractions, grouped by where they run, per step or instance and in total
 * @param likelihoodMemory entries a log-likelihood keeps (evidence a scan streams not counted, one message per scan)
 * @param marginalsMemory entries kept with marginals, gradients, MAP or samples (every table, each scan's messages at
 *     every step)
 */
public record EliminationCost(Factor largestFactor, List<Work> work, long likelihoodMemory, long marginalsMemory) {

    public EliminationCost {
        work = List.copyOf(work);
    }

    /**
     * The largest table.
     *
     * @param name the table's name in the plan, or a scan and step of its slot programs
     * @param axes its axes, e.g. {@code [x@1, x]}
     * @param size its size as a formula, e.g. {@code |x|^2}
     * @param entries its number of entries per instance
     */
    public record Factor(String name, String axes, String size, long entries) {}

    /**
     * The work of some contractions.
     *
     * @param where a scan's name, a plate, or "contractions" for those that run once
     * @param per what {@code perUnit} is counted per, e.g. "per step of time", "per instance of data", "once"
     * @param cost the work per unit as a formula
     * @param perUnit the work per step or instance
     * @param total the work over every step or instance of the run
     */
    public record Work(String where, String per, String cost, long perUnit, long total) {}

    /** {@return the work of the whole run: the sum of every group's total} */
    public long totalWork() {
        long sum = 0;
        for (Work w : work) {
            sum = Math.addExact(sum, w.total());
        }
        return sum;
    }

    /**
     * {@return the cost as text, one line per figure, each formula with its value, e.g. {@code largest factor:
     * xTransition over [x@1, x], |x|^2 = 256 entries}}
     */
    public String print() {
        var out = new StringBuilder();
        out.append("largest factor: ").append(largestFactor.name()).append(" over ").append(largestFactor.axes())
                .append(", ").append(largestFactor.size()).append(" = ").append(entries(largestFactor.entries()))
                .append('\n');
        for (Work w : work) {
            out.append("work: ").append(w.where()).append(' ').append(w.cost()).append(" = ")
                    .append(String.format(Locale.ROOT, "%,d", w.perUnit())).append(' ').append(w.per());
            if (!w.per().equals("once")) {
                out.append(String.format(Locale.ROOT, ", %,d in all", w.total()));
            }
            out.append('\n');
        }
        out.append("memory: likelihood ").append(entries(likelihoodMemory)).append('\n');
        out.append("memory: with marginals ").append(entries(marginalsMemory)).append('\n');
        return out.toString();
    }

    private static String entries(long entries) {
        return String.format(Locale.ROOT, "%,d entries (%s)", entries, bytes(entries * 8.0));
    }

    /** Bytes in binary units, e.g. "1.5 MiB". */
    static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", value)
                : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    @Override
    public String toString() {
        return print();
    }
}
