package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.assertRowsClose;
import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sparse Bernoulli evidence over ragged folded plates (each group its own number of items, each step its own number
 * of notes): rows against each row's own {@code Bernoulli.logProb} and against the dense evidence, a table broadcast
 * along the ragged plate only, soft counts, zero probabilities, boundary variants, streaming, the backward pass and
 * errors.
 */
class RaggedBernoulliEvidenceTest {

    private static final int K = 3;
    private static final DataLevels GROUPS = DataLevels.of("obs").plate("groups").folded("items").build();
    private static final DataLevels STEPS = DataLevels.of("y").plate("sequences").plate("time").folded("notes")
            .build();
    private static final EnumeratedParents Z = EnumeratedParents.current(new String[] {"z"}, new int[] {K});
    private static final EnumeratedParents X_AND_BEFORE = EnumeratedParents.of(new String[] {"x", "before"},
            new int[] {K, K}, new int[] {0, 1});

    private final SplittableRandom random = new SplittableRandom(81);
    private final Tensor logits = Tensor.of(EvidenceChecks.uniform(random, K, -2, 2), K);
    private final Tensor shift = Tensor.of(EvidenceChecks.uniform(random, K, -1, 1), K);
    private final ObservedData groups = GROUPS.bind(bits(new int[] {3, 0, 5, 1, 5, 2, 0}, 0.4));
    private final ObservedData steps = STEPS.bind(sequences(new int[] {4, 0, 3, 1}));

    @Test
    void rowsAreEachGroupsLogProbabilitySummedOverItsItems() {
        assertTrue(groups.isRagged());
        BernoulliEvidence evidence = BernoulliEvidence.of(groups, Z, (v, p) -> Bernoulli.ofLogits(logits.select(0,
                p[0])));
        assertTrue(evidence.isBinary());
        double[] expected = new double[groups.instances() * K];
        for (int i = 0; i < groups.instances(); i++) {
            for (int z = 0; z < K; z++) {
                expected[i * K + z] = groups.rowWidth(i) == 0 ? 0.0 : Bernoulli.ofLogits(logits.select(0, z))
                        .logProb(groups.row(i)).sum().item();
            }
        }
        double[] actual = rows(evidence);
        assertRowsClose(expected, actual, "rows");
        assertEquals(0.0, actual[K], "a group without items");
        assertRowsClose(rows(DenseEvidence.of(groups, Z, (v, p) -> Bernoulli.ofLogits(logits.select(0, p[0])))),
                actual, "dense");
        assertArrayEquals(actual, EvidenceChecks.rowsInBlocks(evidence, 3));
        BernoulliEvidence tracked = BernoulliEvidence.of(groups, Z, (v, p) -> Bernoulli.ofLogits(
                Tensor.variable(logits).select(0, p[0])));
        assertArrayEquals(new int[] {K, 1}, tracked.inputs().get(0).shape(), "one table member, broadcast");
    }

    @Test
    void aTableAlongADensePlateIsBroadcastAlongTheRaggedOne() {
        // Every row has 2 voices (dense), each with its own number of notes (ragged): the batch is [2, 1].
        DataLevels levels = DataLevels.of("y").plate("bars").folded("voices").folded("notes").build();
        List<double[][]> bars = new ArrayList<>();
        for (int notes : new int[] {3, 1, 0, 4}) {
            bars.add(new double[][] {bits(notes, 0.5), bits(notes, 0.5)});
        }
        ObservedData data = levels.bind(bars);
        assertTrue(data.isRagged());
        Tensor byVoice = Tensor.of(EvidenceChecks.uniform(random, K * 2, -2, 2), K, 2, 1);
        EvidenceMethod.OfParents method = (v, p) -> Bernoulli.ofLogits(byVoice.select(0, p[0]));
        BernoulliEvidence evidence = BernoulliEvidence.of(data, Z, method);
        double[] expected = new double[data.instances() * K];
        for (int i = 0; i < data.instances(); i++) {
            for (int z = 0; z < K; z++) {
                expected[i * K + z] = data.rowWidth(i) == 0 ? 0.0 : method.call(0, new int[] {z})
                        .logProb(data.row(i)).sum().item();
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
        assertRowsClose(rows(DenseEvidence.of(data, Z, method)), rows(evidence), "dense");
        GradientChecker.check("voices broadcast along notes", inputs -> EvidenceChecks.differentiableRows(
                BernoulliEvidence.of(data, Z, (v, p) -> Bernoulli.ofLogits(inputs[0].select(0, p[0])))), byVoice);
    }

    @Test
    void aTableOverTwoDenseFoldedPlatesIsBroadcastAlongARaggedOuterOne() {
        // Each bar has its own number of voices, each voice 2 parts of 3 notes: the batch [2, 3] covers parts and notes.
        DataLevels levels = DataLevels.of("y").plate("bars").folded("voices").folded("parts").folded("notes").build();
        List<double[][][]> bars = new ArrayList<>();
        for (int voices : new int[] {1, 3, 2, 1}) {
            double[][][] bar = new double[voices][][];
            for (int v = 0; v < voices; v++) {
                bar[v] = new double[][] {bits(3, 0.5), bits(3, 0.5)};
            }
            bars.add(bar);
        }
        ObservedData data = levels.bind(bars);
        assertTrue(data.isRagged());
        Tensor byMember = Tensor.of(EvidenceChecks.uniform(random, K * 6, -2, 2), K, 2, 3);
        EvidenceMethod.OfParents method = (v, p) -> Bernoulli.ofLogits(byMember.select(0, p[0]));
        double[] expected = new double[data.instances() * K];
        for (int i = 0; i < data.instances(); i++) {
            for (int z = 0; z < K; z++) {
                expected[i * K + z] = data.rowWidth(i) == 0 ? 0.0 : method.call(0, new int[] {z})
                        .logProb(data.row(i)).sum().item();
            }
        }
        assertRowsClose(expected, rows(BernoulliEvidence.of(data, Z, method)), "rows");
    }

    @Test
    void boundaryRowsOfRaggedStepsComeFromTheVariantWithoutTheLaggedParent() {
        BernoulliEvidence evidence = BernoulliEvidence.of(steps, X_AND_BEFORE, (v, p) -> emission(logits, shift, v,
                p));
        int[] step = steps.steps();
        double[] expected = new double[steps.instances() * K * K];
        for (int i = 0; i < steps.instances(); i++) {
            for (int c = 0; c < K * K; c++) {
                int[] assignment = {c / K, step[i] == 0 ? -1 : c % K};
                expected[i * K * K + c] = steps.rowWidth(i) == 0 ? 0.0 : emission(logits, shift,
                        Math.min(step[i], 1), assignment).logProb(steps.row(i)).sum().item();
            }
        }
        double[] actual = rows(evidence);
        assertRowsClose(expected, actual, "rows");
        for (int block : new int[] {1, 2, 5}) {
            assertArrayEquals(actual, EvidenceChecks.rowsInBlocks(evidence, block), "blocks of " + block);
        }
    }

    @Test
    void fractionalDataAreSoftCounts() {
        List<double[]> soft = bits(new int[] {2, 0, 4, 1}, 0.5);
        soft.get(2)[1] = 0.25;
        soft.get(3)[0] = 0.9;
        ObservedData data = GROUPS.bind(soft);
        double[] p = EvidenceChecks.uniform(random, K, 0.05, 0.95);
        BernoulliEvidence evidence = BernoulliEvidence.of(data, Z, (v, a) -> Bernoulli.of(p[a[0]]));
        assertFalse(evidence.isBinary());
        double[] expected = new double[data.instances() * K];
        for (int i = 0; i < data.instances(); i++) {
            for (int z = 0; z < K; z++) {
                for (int d = 0; d < data.rowWidth(i); d++) {
                    double y = data.value(i, d);
                    expected[i * K + z] += y * Math.log(p[z]) + (1 - y) * Math.log1p(-p[z]);
                }
            }
        }
        assertRowsClose(expected, rows(evidence), "soft counts");
        GradientChecker.check("ragged soft counts", inputs -> EvidenceChecks.differentiableRows(
                BernoulliEvidence.of(data, Z, (v, a) -> Bernoulli.ofLogits(inputs[0].select(0, a[0])))), logits);
    }

    @Test
    void zeroProbabilitiesRuleCellsOutExactlyAsTheDenseEvidenceDoes() {
        double[] p = {0.0, 0.4, 1.0};
        EvidenceMethod.OfParents method = (v, a) -> Bernoulli.of(p[a[0]]);
        double[] dense = rows(DenseEvidence.of(groups, Z, method));
        double[] sparse = rows(BernoulliEvidence.of(groups, Z, method));
        assertRowsClose(dense, sparse, "with zero probabilities");
        assertEquals(0.0, sparse[K], "a group without items is not ruled out");
        assertEquals(0.0, sparse[K + 2]);
        long ruledOut = java.util.Arrays.stream(sparse).filter(r -> r == Double.NEGATIVE_INFINITY).count();
        assertTrue(ruledOut > 0 && ruledOut < sparse.length, "some but not all entries ruled out: " + ruledOut);
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        GradientChecker.check("ragged Bernoulli evidence", inputs -> EvidenceChecks.differentiableRows(
                BernoulliEvidence.of(steps, X_AND_BEFORE, (v, p) -> emission(inputs[0], inputs[1], v, p))),
                logits, shift);
    }

    @Test
    void aBatchThatDoesNotBroadcastToARowNamesTheRow() {
        SiteException e = assertThrows(SiteException.class, () -> BernoulliEvidence.of(groups, Z,
                (v, p) -> Bernoulli.of(Tensor.full(0.5, 3))));
        assertEquals("site 'obs' at groups[1], z = 0: returned a distribution with batch shape [3] and event shape "
                + "[], but this row of its data has folded plates [0] and event shape []; the batch shape must "
                + "broadcast to the folded plates of every row (right-aligned, 1 broadcasts; their members differ "
                + "between rows here, so a batch of [] is usual) and the event shape must be the data's",
                e.getMessage());
    }

    /** {@code y ~ Bernoulli(logits = logits[x] + shift[before])}, without the shift at a first step. */
    private static Bernoulli emission(Tensor logits, Tensor shift, int variant, int[] p) {
        Tensor logit = logits.select(0, p[0]);
        return Bernoulli.ofLogits(variant >= 1 ? logit.add(shift.select(0, p[1])) : logit);
    }

    private List<double[]> bits(int[] counts, double on) {
        List<double[]> result = new ArrayList<>();
        for (int count : counts) {
            result.add(bits(count, on));
        }
        return result;
    }

    private double[] bits(int count, double on) {
        double[] values = new double[count];
        for (int d = 0; d < count; d++) {
            values[d] = random.nextDouble() < on ? 1 : 0;
        }
        return values;
    }

    /** Ragged sequences whose every step has its own number of notes, 0 to 4. */
    private List<double[][]> sequences(int[] lengths) {
        List<double[][]> result = new ArrayList<>();
        for (int length : lengths) {
            double[][] sequence = new double[length][];
            for (int t = 0; t < length; t++) {
                sequence[t] = bits(random.nextInt(5), 0.4);
            }
            result.add(sequence);
        }
        return result;
    }
}
