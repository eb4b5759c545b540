package dev.trellis.runtime.elimination.tables;

/**
 * Bernoulli observations over ragged folded plates, prepared once for {@link BernoulliEvidence}'s sparse kernels.
 *
 * <p>A distribution fits every row it scores, so along a folded plate whose members differ between rows its batch
 * dimension is 1: the Bernoulli tables of a variant, {@code logP[c][t]} over the <em>table shape</em> T (per folded
 * plate, the largest batch extent of that variant's distributions: the plate's extent, or 1), are constant along
 * the dimensions where T is 1. A row of shape S then holds {@code replicas = prod_{j: T_j = 1} S_j} copies of the
 * table, and its member {@code a} is table entry {@code t(a)}, {@code a} with those coordinates set to 0. The
 * row's evidence is
 * <pre>
 * row[c] = replicas * offBase[c] + sum over the members a that are on of onDelta[t(a)][c]</pre>
 * as {@link BernoulliEmissionTables} computes it from the on-members' table entries, repeats allowed: O(on-members
 * x cells) per row, without allocating. A row without members scores 0. Fractional data (soft counts) keep every
 * member's value and entry instead.
 *
 * <p>Immutable.
 */
final class RaggedBernoulliRows {

    private final boolean binary;
    private final int[] replicas;
    /** The entries of row i are {@code start[i] .. start[i+1]-1}: on-members (binary) or every member. */
    private final int[] start;
    private final int[] entries;
    /** Fractional data: each entry's value; null for binary data. */
    private final double @org.jspecify.annotations.Nullable [] weights;

    private RaggedBernoulliRows(boolean binary, int[] replicas, int[] start, int[] entries, double[] weights) {
        this.binary = binary;
        this.replicas = replicas;
        this.start = start;
        this.entries = entries;
        this.weights = binary ? null : weights;
    }

    /**
     * Maps every row's members to table entries.
     *
     * @param rows the evidence's rows; every value in [0, 1]
     * @param tableShapes per variant, its table shape T (null where no row has that variant)
     */
    static RaggedBernoulliRows of(EvidenceRows rows, int[][] tableShapes) {
        ObservedData data = rows.data;
        RowShapes shapes = data.shapes();
        double[] values = data.values();
        boolean binary = true;
        int on = 0;
        for (double value : values) {
            binary &= value == 0.0 || value == 1.0;
            on += value == 1.0 ? 1 : 0;
        }
        int[] replicas = new int[rows.instances];
        int[] start = new int[rows.instances + 1];
        int[] entries = new int[binary ? on : values.length];
        double[] weights = new double[binary ? 0 : values.length];
        int next = 0;
        for (int i = 0; i < rows.instances; i++) {
            int[] table = tableShapes[rows.variant(i)];
            int[] shape = shapes.shape(shapes.classOf(i));
            int[] strides = strides(table, shape);
            replicas[i] = 1;
            for (int j = 0; j < table.length; j++) {
                replicas[i] *= table[j] == 1 ? shape[j] : 1;
            }
            int first = shapes.start(i);
            int width = shapes.rowWidth(i);
            for (int member = 0; member < width; member++) {
                double value = values[first + member];
                if (binary && value == 0.0) {
                    continue;
                }
                entries[next] = entry(member, shape, strides);
                if (!binary) {
                    weights[next] = value;
                }
                next++;
            }
            start[i + 1] = next;
        }
        return new RaggedBernoulliRows(binary, replicas, start, entries, weights);
    }

    /** {@return whether every value is 0 or 1, so that rows are scored sparsely} */
    boolean isBinary() {
        return binary;
    }

    /** Writes row i's evidence under the tables of its variant into {@code out[at ..]}. */
    void logEvidence(BernoulliEmissionTables tables, int i, double[] out, int at) {
        if (binary) {
            tables.logEvidence(entries, start[i], start[i + 1], replicas[i], out, at);
        } else {
            assert weights != null;
            tables.logEvidenceWeighted(weights, entries, start[i], start[i + 1], out, at);
        }
    }

    /** Adds row i's contribution, its adjoints read from {@code dEvidence[at ..]}, to its variant's adjoints. */
    void addAdjoints(BernoulliEmissionAdjoints adjoints, int i, double[] dEvidence, int at) {
        if (binary) {
            adjoints.add(entries, start[i], start[i + 1], replicas[i], dEvidence, at);
        } else {
            assert weights != null;
            adjoints.addWeighted(weights, entries, start[i], start[i + 1], dEvidence, at);
        }
    }

    /** The stride of each folded dimension of a row in the table, 0 where the table has extent 1. */
    private static int[] strides(int[] table, int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int j = table.length - 1; j >= 0; j--) {
            strides[j] = table[j] == 1 ? 0 : stride;
            stride *= table[j];
        }
        return strides;
    }

    /** The table entry of a row's member (row-major in the row's shape). */
    private static int entry(int member, int[] shape, int[] strides) {
        int entry = 0;
        int rest = member;
        for (int j = shape.length - 1; j >= 0; j--) {
            entry += (rest % shape[j]) * strides[j];
            rest /= shape[j];
        }
        return entry;
    }
}
