package dev.trellis.samples.cli;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.samples.Golden;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbSplit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jsb decode} against Viterbi written out here from the models' definitions, on test chorale 4 (32 steps, one
 * of the shortest): hmm through the generated program's posterior, hmm2 through the reference's tables as a chain of
 * pairs, each checked against a plain max-product over the model's own indices.
 */
class JsbDecodeCommandTest {
    private static final int SEQUENCE = 4;
    private static final JsbSplit TEST =
            JsbChorales.load(Golden.sharedDir().resolve("data").resolve("jsb_chorales.json")).test();

    @Test
    void hmmPathIsTheMaxProductPath(@TempDir Path dir) throws IOException {
        JsonNode params = JsbCli.HMM.get("models").get("hmm").get("params");
        Path png = dir.resolve("roll.png");
        CliRun run = JsbCli.run("decode", "--model", "hmm", "--params", JsbCli.tables(dir, "hmm", params).toString(),
                "--sequence", "" + SEQUENCE, "--json", "--plot", png.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = JsbCli.json(run);
        double[][] y = TEST.sequence(SEQUENCE);
        double[][] probsX = Golden.matrix(params.get("probs_x"));
        double[][] emission = emissions(Golden.matrix(params.get("probs_y")), y);
        Best best = firstOrder(probsX, emission);
        assertArrayEquals(best.path(), ints(out.get("path")));
        // Same max over the same terms, summed in another order: 1e-12 relative of a ~1e3 log joint.
        assertRelative(best.logJoint(), out.get("log_joint").doubleValue(), 1e-12, "log_joint");
        assertEquals(y.length, out.get("notes").size());
        assertEquals(countOn(y[0]), out.get("notes").get(0).size());

        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 100 && image.getHeight() > 51 * 8, "piano roll size");
    }

    @Test
    void hmm2PathIsTheSecondOrderMaxProductPath(@TempDir Path dir) {
        JsonNode params = JsbCli.HMM.get("models").get("hmm2").get("params");
        CliRun run = JsbCli.run("decode", "--model", "hmm2", "--params", JsbCli.tables(dir, "hmm2", params).toString(),
                "--sequence", "" + SEQUENCE, "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode out = JsbCli.json(run);
        JsonNode probsX = params.get("probs_x");
        double[][] emission = emissions(Golden.matrix(params.get("probs_y")), TEST.sequence(SEQUENCE));
        int k = 16;
        int steps = emission.length;
        // delta[t][b][c]: best log joint of a path ending x_{t-1} = b, x_t = c; x_{-2} = x_{-1} = 0.
        double[][][] delta = new double[steps][k][k];
        int[][][] from = new int[steps][k][k];
        for (double[][] plane : delta) {
            for (double[] row : plane) {
                java.util.Arrays.fill(row, Double.NEGATIVE_INFINITY);
            }
        }
        for (int c = 0; c < k; c++) {
            delta[0][0][c] = Math.log(probsX.get(0).get(0).get(c).doubleValue()) + emission[0][c];
        }
        for (int t = 1; t < steps; t++) {
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < k; c++) {
                    for (int a = 0; a < k; a++) {
                        double score = delta[t - 1][a][b] + Math.log(probsX.get(a).get(b).get(c).doubleValue());
                        if (score > delta[t][b][c]) {
                            delta[t][b][c] = score;
                            from[t][b][c] = a;
                        }
                    }
                    delta[t][b][c] += emission[t][c];
                }
            }
        }
        int bestB = 0;
        int bestC = 0;
        for (int b = 0; b < k; b++) {
            for (int c = 0; c < k; c++) {
                if (delta[steps - 1][b][c] > delta[steps - 1][bestB][bestC]) {
                    bestB = b;
                    bestC = c;
                }
            }
        }
        double logJoint = delta[steps - 1][bestB][bestC];
        int[] path = new int[steps];
        for (int t = steps - 1; t >= 0; t--) {
            path[t] = bestC;
            int a = from[t][bestB][bestC];
            bestC = bestB;
            bestB = a;
        }
        assertArrayEquals(path, ints(out.get("path")));
        assertRelative(logJoint, out.get("log_joint").doubleValue(), 1e-12, "log_joint");
    }

    @Test
    void textListsEachStepWithItsStateAndNotes(@TempDir Path dir) {
        JsonNode params = JsbCli.HMM.get("models").get("hmm").get("params");
        CliRun run = JsbCli.run("decode", "--model", "hmm", "--params", JsbCli.tables(dir, "hmm", params).toString(),
                "--sequence", "" + SEQUENCE);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(" step  state  notes"), run.out());
        assertEquals(TEST.length(SEQUENCE) + 2, run.out().lines().count(), run.out());

        CliRun outside = JsbCli.run("decode", "--model", "hmm", "--params",
                JsbCli.tables(dir, "hmm", params).toString(), "--sequence", "77");
        assertEquals(2, outside.exitCode());
        assertTrue(outside.err().contains("sequence 77"), outside.err());
    }

    /** A plain first-order Viterbi from state 0 "before time 0". */
    private static Best firstOrder(double[][] probsX, double[][] emission) {
        int k = probsX.length;
        int steps = emission.length;
        double[][] delta = new double[steps][k];
        int[][] from = new int[steps][k];
        for (int j = 0; j < k; j++) {
            delta[0][j] = Math.log(probsX[0][j]) + emission[0][j];
        }
        for (int t = 1; t < steps; t++) {
            for (int j = 0; j < k; j++) {
                delta[t][j] = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < k; i++) {
                    double score = delta[t - 1][i] + Math.log(probsX[i][j]);
                    if (score > delta[t][j]) {
                        delta[t][j] = score;
                        from[t][j] = i;
                    }
                }
                delta[t][j] += emission[t][j];
            }
        }
        int last = 0;
        for (int j = 1; j < k; j++) {
            last = delta[steps - 1][j] > delta[steps - 1][last] ? j : last;
        }
        int[] path = new int[steps];
        path[steps - 1] = last;
        for (int t = steps - 1; t > 0; t--) {
            path[t - 1] = from[t][path[t]];
        }
        return new Best(path, delta[steps - 1][last]);
    }

    /** {@code [t][state] = sum_d log Bernoulli(y[t][d] | probsY[state][d])}. */
    private static double[][] emissions(double[][] probsY, double[][] y) {
        double[][] table = new double[y.length][probsY.length];
        for (int t = 0; t < y.length; t++) {
            for (int state = 0; state < probsY.length; state++) {
                for (int d = 0; d < y[t].length; d++) {
                    table[t][state] += Math.log(y[t][d] > 0.5 ? probsY[state][d] : 1 - probsY[state][d]);
                }
            }
        }
        return table;
    }

    private record Best(int[] path, double logJoint) {}

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }

    private static int countOn(double[] step) {
        int on = 0;
        for (double v : step) {
            on += v > 0.5 ? 1 : 0;
        }
        return on;
    }
}
