package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.SharedRows;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Bernoulli logits given as rows of a shared tensor ({@link SharedRows}) are scored in place: the values are those of
 * scoring each assignment's gathered logits to the bit, and so is the gradient into the shared tensor where each
 * source row is read by one block row; where several block rows read one (repeated notes), their upstream values are
 * summed before the slopes multiply them, which rounds in another order. Directly
 * ({@link BernoulliLogitsRows#scoreShared}) and through {@link BatchedEvidence}, where bad data and NaN logits are
 * still named.
 */
class SharedLogitRowsTest {

    private static final int K = 3;
    private static final int TONES = 5;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").folded("tones")
            .build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {K});

    private final SplittableRandom random = new SplittableRandom(97);

    private double[] binary(int size) {
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            y[i] = random.nextInt(2);
        }
        return y;
    }

    private Tensor source(int rows, int members, double scale) {
        return Tensor.variable(Tensor.of(EvidenceChecks.uniform(random, rows * members, -scale, scale), rows,
                members));
    }

    /** The block's scores and the gradient of a weighted sum of them in every source, bit patterns. */
    private static double[][] scoresAndGradients(Tensor scores, Tensor weights, Tensor... sources) {
        Gradients gradients = Autodiff.gradients(scores.mul(weights).sum());
        double[][] out = new double[sources.length + 1][];
        out[0] = scores.toArray();
        for (int s = 0; s < sources.length; s++) {
            out[s + 1] = gradients.of(sources[s]).toArray();
        }
        return out;
    }

    private static void assertSameBits(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], actual[k], 0.0, k == 0 ? "scores" : "gradient of source " + (k - 1));
        }
    }

    /** Scores to the bit, gradients to the rounding of the sums' order (relative to the entry, or absolute below 1). */
    private static void assertSameScoresAndCloseGradients(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        assertArrayEquals(expected[0], actual[0], 0.0, "scores");
        for (int k = 1; k < expected.length; k++) {
            for (int i = 0; i < expected[k].length; i++) {
                assertEquals(expected[k][i], actual[k][i], 1e-14 * Math.max(1, Math.abs(expected[k][i])),
                        "gradient of source " + (k - 1) + ", entry " + i);
            }
        }
    }

    @Test
    void shared_rows_score_as_their_gathered_logits_to_the_bit_and_differentiate_to_rounding() {
        int members = 51;
        int n = 12;
        double[] y = binary(n * members);
        Tensor first = source(10, members, 6);
        Tensor second = source(4, members, 40);   // saturated logits
        int[] chords = {0, 0, 1, 2, 2, 2, 0, 3, 4, 3, 3, 0};   // repeats, as a network's distinct rows of notes
        // each assignment its own rows of a source, as the nnHMM's states
        SharedRows[] cells = {SharedRows.of(first, chords, n, members),
            SharedRows.of(first, shifted(chords, 5), n, members),
            SharedRows.of(second, new int[] {3, 2, 1, 0, 0, 1, 2, 3, 3, 3, 0, 1}, n, members)};
        Tensor weights = Tensor.of(EvidenceChecks.uniform(random, n * cells.length, -1, 1), n, cells.length);
        Tensor[] gathered = new Tensor[cells.length];
        for (int cell = 0; cell < cells.length; cell++) {
            gathered[cell] = cells[cell].tensor();
        }
        assertSameScoresAndCloseGradients(scoresAndGradients(BernoulliLogitsRows.score(y, n, gathered), weights,
                first, second), scoresAndGradients(BernoulliLogitsRows.scoreShared(y, n, cells), weights, first,
                second));
    }

    @Test
    void source_rows_read_once_differentiate_as_their_gathered_logits_to_the_bit() {
        int members = 9;
        int n = 6;
        double[] y = binary(n * members);
        Tensor first = source(2 * n, members, 5);
        int[] once = {4, 0, 7, 2, 11, 5};
        SharedRows[] cells = {SharedRows.of(first, once, n, members), SharedRows.of(first,
            new int[] {10, 3, 9, 1, 6, 8}, n, members)};
        Tensor weights = Tensor.of(EvidenceChecks.uniform(random, n * cells.length, -1, 1), n, cells.length);
        assertSameBits(scoresAndGradients(BernoulliLogitsRows.score(y, n, new Tensor[] {cells[0].tensor(),
            cells[1].tensor()}), weights, first), scoresAndGradients(BernoulliLogitsRows.scoreShared(y, n, cells),
                weights, first));
    }

    @Test
    void a_saturated_ones_small_slope_survives_the_summed_upstream() {
        // rows 0 and 1 read one source row whose first logit is 40: both are ones there, so its adjoint is
        // (u0 + u1) sigmoid(-40), about 4e-18 of the upstream; a form that took it as 1 + slopeOfZero would cancel
        double[] y = {1, 0, 1, 1};
        Tensor source = Tensor.variable(Tensor.of(new double[] {40, -3}, 1, 2));
        SharedRows rows = SharedRows.of(source, new int[] {0, 0}, 2, 2);
        Tensor weights = Tensor.of(new double[] {0.75, 1.5}, 2, 1);
        double[] gradient = scoresAndGradients(BernoulliLogitsRows.scoreShared(y, 2, new SharedRows[] {rows}),
                weights, source)[1];
        double e = Math.exp(-40);
        assertEquals(2.25 * (e / (1 + e)), gradient[0], 1e-15 * 2.25 * e, "the ones' logit");
        double sigmoid = 1 / (1 + Math.exp(3));
        assertEquals(0.75 * -sigmoid + 1.5 * (1 - sigmoid), gradient[1], 1e-15, "a zero and a one");
    }

    @Test
    void rows_read_by_several_assignments_collect_every_share() {
        int members = 7;
        int n = 9;
        double[] y = binary(n * members);
        Tensor first = source(8, members, 4);
        int[] chords = {0, 0, 1, 2, 2, 0, 3, 4, 3};
        SharedRows a = SharedRows.of(first, chords, n, members);
        SharedRows b = SharedRows.of(first, shifted(chords, 3), n, members);   // overlaps a's rows 3 and 4
        SharedRows d = SharedRows.of(first, chords, n, members);   // a's rows in another object
        SharedRows[] cells = {a, b, a, d};   // a serves two cells, as a representative's distribution
        Tensor[] gathered = {a.tensor(), b.tensor(), a.tensor(), d.tensor()};
        Tensor weights = Tensor.of(EvidenceChecks.uniform(random, n * cells.length, -1, 1), n, cells.length);
        double[][] expected = scoresAndGradients(BernoulliLogitsRows.score(y, n, gathered), weights, first);
        double[][] actual = scoresAndGradients(BernoulliLogitsRows.scoreShared(y, n, cells), weights, first);
        assertArrayEquals(expected[0], actual[0], 0.0, "scores");
        // the shares of a row are summed in another order than through the gathers: rounding apart, the same
        for (int i = 0; i < expected[1].length; i++) {
            assertEquals(expected[1][i], actual[1][i], 1e-14 * Math.max(1, Math.abs(expected[1][i])), "entry " + i);
        }
    }

    @Test
    void infinite_logits_and_ones_at_them_give_the_gathered_values() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor source = Tensor.variable(Tensor.of(new double[] {inf, -2, 3, -inf, 0.5, 1, 2, -inf, 800, -800, 0, 1},
                3, 4));
        double[] y = {1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1};
        SharedRows rows = SharedRows.of(source, new int[] {0, 1, 2, 0}, 4, 4);
        Tensor weights = Tensor.of(EvidenceChecks.uniform(random, 4, -1, 1), 4, 1);
        assertSameBits(scoresAndGradients(BernoulliLogitsRows.score(y, 4, new Tensor[] {rows.tensor()}), weights,
                source), scoresAndGradients(BernoulliLogitsRows.scoreShared(y, 4, new SharedRows[] {rows}), weights,
                source));
    }

    @Test
    void the_gradient_into_the_shared_tensor_agrees_with_finite_differences() {
        int n = 7;
        int members = 4;
        double[] y = binary(n * members);
        int[] rows = {0, 2, 2, 5, 0, 1, 2};
        GradientChecker.check("shared Bernoulli rows", inputs -> BernoulliLogitsRows.scoreShared(y, n,
                new SharedRows[] {SharedRows.of(inputs[0], rows, n, members),
                    SharedRows.of(inputs[0], shifted(rows, 1), n, members)}), source(6 + 1, members, 3).detach());
    }

    /** {@return the rows, each {@code by} further on} */
    private static int[] shifted(int[] rows, int by) {
        int[] out = rows.clone();
        for (int r = 0; r < out.length; r++) {
            out[r] += by;
        }
        return out;
    }

    /**
     * A method in the manner of the nnHMM's network: every assignment's logits for the block at once ({@code [K n,
     * tones]}, the block's notes times a weight plus a bias per assignment), handed out as each assignment's rows.
     */
    private static Function<Tensor, SharedRows[]> everyAssignment(Tensor weight, Tensor bias, boolean elementRows) {
        return block -> {
            int n = block.size(0);
            Tensor fromNotes = block.matmul(weight);
            Tensor[] parts = new Tensor[K];
            for (int x = 0; x < K; x++) {
                parts[x] = fromNotes.add(bias.select(0, x));
            }
            Tensor all = Tensor.cat(0, parts);
            int width = elementRows ? 1 : TONES;   // element rows: one source row per logit, n * TONES of them
            Tensor source = elementRows ? all.reshape(K * n * TONES, 1) : all;
            SharedRows[] rows = new SharedRows[K];
            for (int x = 0; x < K; x++) {
                int[] mine = new int[n * TONES / width];
                for (int i = 0; i < mine.length; i++) {
                    mine[i] = x * mine.length + i;
                }
                rows[x] = SharedRows.of(source, mine, block.shape());
            }
            return rows;
        };
    }

    private BatchedEvidence evidence(ObservedData data, Tensor weight, Tensor bias, boolean gathered) {
        return evidence(data, weight, bias, gathered, false);
    }

    private BatchedEvidence evidence(ObservedData data, Tensor weight, Tensor bias, boolean gathered,
                                     boolean elementRows) {
        Function<Tensor, SharedRows[]> network = everyAssignment(weight, bias, elementRows);
        java.util.Map<Tensor, SharedRows[]> memo = new java.util.IdentityHashMap<>();
        return BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)), (v, p, d) -> {
            SharedRows rows = memo.computeIfAbsent(d[0], network)[p[0]];
            return gathered ? Bernoulli.ofLogits(rows.tensor()) : Bernoulli.ofLogits(rows);
        });
    }

    @Test
    void batched_evidence_scores_shared_rows_as_the_gathered_logits_to_the_bit() {
        assertSharedRowsScoreAsGathered(false);
    }

    @Test
    void shared_rows_of_another_width_viewed_in_the_blocks_shape_are_gathered_first() {
        // one source row per logit: the block's shape, but not one source row per block row, which the in-place
        // scoring reads; they must be scored as their gathered logits
        assertSharedRowsScoreAsGathered(true);
    }

    private void assertSharedRowsScoreAsGathered(boolean elementRows) {
        ObservedData data = LEVELS.bind(EvidenceChecks.binarySequences(random, new int[] {6, 0, 4, 1, 3}, TONES));
        Tensor weight = source(TONES, TONES, 1);
        Tensor bias = source(K, TONES, 2);
        double[][] results = new double[2][];
        double[][] weightGradients = new double[2][];
        double[][] biasGradients = new double[2][];
        for (int way = 0; way < 2; way++) {
            Tensor rows = EvidenceChecks.differentiableRows(evidence(data, weight, bias, way == 0, elementRows));
            Tensor adjoint = Tensor.of(EvidenceChecks.uniform(new SplittableRandom(3), rows.numElements(), -1, 1),
                    rows.shape());
            Gradients gradients = Autodiff.gradients(rows.mul(adjoint).sum());
            results[way] = rows.toArray();
            weightGradients[way] = gradients.of(weight).toArray();
            biasGradients[way] = gradients.of(bias).toArray();
        }
        assertArrayEquals(results[0], results[1], 0.0, "rows");
        assertArrayEquals(weightGradients[0], weightGradients[1], 0.0, "the weight's gradient");
        assertArrayEquals(biasGradients[0], biasGradients[1], 0.0, "the bias's gradient");
    }

    @Test
    void bad_data_and_nan_logits_are_still_named_with_shared_rows() {
        List<double[][]> sequences = EvidenceChecks.binarySequences(random, new int[] {4, 3}, TONES);
        sequences.get(1)[2][3] = 0.5;
        ObservedData bad = LEVELS.bind(sequences);
        SiteException data = assertThrows(SiteException.class,
                () -> rows(evidence(bad, source(TONES, TONES, 1), source(K, TONES, 2), false)));
        assertTrue(data.getMessage().contains("0.5") && data.getMessage().contains("sequences[1].time[2]"),
                data.getMessage());
        ObservedData good = LEVELS.bind(EvidenceChecks.binarySequences(random, new int[] {4, 3}, TONES));
        double[] poisoned = source(K, TONES, 2).toArray();
        poisoned[TONES + 2] = Double.NaN;   // assignment 1's bias
        SiteException nan = assertThrows(SiteException.class, () -> rows(evidence(good, source(TONES, TONES, 1),
                Tensor.of(poisoned, K, TONES), false)));
        assertTrue(nan.getMessage().startsWith("site 'y' at x = 1, step 0, a block of 2 instances")
                && nan.getMessage().contains("Bernoulli: parameter logits[2] = NaN is outside real"), nan.getMessage());
    }
}
