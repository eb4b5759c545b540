package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.elimination.Evidence;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** What the evidence tests share: reading rows, comparing them, and connecting evidence to the autodiff tape. */
final class EvidenceChecks {

    /** Relative agreement of rows computed two ways (summation order may differ). */
    static final double RELATIVE = 1e-12;

    private EvidenceChecks() {
    }

    /** {@return every row, filled in one call} */
    static double[] rows(Evidence evidence) {
        double[] out = new double[evidence.instances() * evidence.cells()];
        evidence.fill(0, evidence.instances(), out, 0);
        return out;
    }

    /** {@return every row, filled in blocks of {@code block} rows into an offset buffer} */
    static double[] rowsInBlocks(Evidence evidence, int block) {
        int cells = evidence.cells();
        double[] out = new double[evidence.instances() * cells];
        double[] buffer = new double[3 + block * cells];
        for (int from = 0; from < evidence.instances(); from += block) {
            int to = Math.min(evidence.instances(), from + block);
            java.util.Arrays.fill(buffer, Double.NaN);
            evidence.fill(from, to, buffer, 3);
            System.arraycopy(buffer, 3, out, from * cells, (to - from) * cells);
        }
        return out;
    }

    /**
     * The rows as a tensor whose backward pass is the evidence's: how a generated program hands the elimination's
     * adjoints of the rows back to the tape.
     */
    static Tensor differentiableRows(Evidence evidence) {
        List<Tensor> inputs = evidence.inputs();
        Tensor rows = Tensor.of(rows(evidence), evidence.instances(), evidence.cells());
        return Tensor.withBackward(rows, "evidence rows", inputs, evidence::backward);
    }

    static void assertClose(double expected, double actual, String what) {
        if (expected == Double.NEGATIVE_INFINITY || actual == Double.NEGATIVE_INFINITY) {
            assertEquals(expected, actual, what);
            return;
        }
        assertTrue(Math.abs(expected - actual) <= RELATIVE * Math.abs(expected),
                what + ": expected " + expected + " but was " + actual);
    }

    static void assertRowsClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": number of entries");
        for (int e = 0; e < expected.length; e++) {
            assertClose(expected[e], actual[e], what + ", entry " + e);
        }
    }

    /** Ragged 0/1 (or fractional) sequences over {@code tones} members, an empty one among them. */
    static List<double[][]> binarySequences(SplittableRandom random, int[] lengths, int tones) {
        List<double[][]> sequences = new ArrayList<>();
        for (int length : lengths) {
            double[][] steps = new double[length][tones];
            for (double[] step : steps) {
                for (int d = 0; d < tones; d++) {
                    step[d] = random.nextDouble() < 0.35 ? 1 : 0;
                }
            }
            sequences.add(steps);
        }
        return sequences;
    }

    /** Uniform doubles in [low, high). */
    static double[] uniform(SplittableRandom random, int n, double low, double high) {
        return random.doubles(n, low, high).toArray();
    }
}
