package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.assertRowsClose;
import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Batched evidence for {@code Tensor} data parents: a Bernoulli over tones whose member d reads its neighbours'
 * previous values (hmm.py's nnHMM in miniature, where the autoregressive kind does not apply), scored block by block
 * and checked against a plain per-instance computation; the blocks the method sees, absent parents, ragged rows,
 * the backward pass, and the message for a method that was not written for a leading batch dimension.
 */
class BatchedEvidenceTest {

    private static final int K = 3;
    private static final int TONES = 4;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").folded("tones")
            .build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {K});

    private final SplittableRandom random = new SplittableRandom(83);
    private final Tensor bias = Tensor.of(EvidenceChecks.uniform(random, K * TONES, -1, 1), K, TONES);
    private final Tensor neighbour = Tensor.scalar(0.8);
    private final Tensor self = Tensor.scalar(-0.6);
    private final List<double[][]> sequences = EvidenceChecks.binarySequences(random, new int[] {5, 0, 3, 1}, TONES);
    private final ObservedData data = LEVELS.bind(sequences);

    @Test
    void eachMemberMayReadItsNeighboursAndTheMethodRunsOncePerBlockAndAssignment() {
        AtomicInteger calls = new AtomicInteger();
        Map<Tensor, Boolean> blocks = new IdentityHashMap<>();
        BatchedEvidence evidence = BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)),
                (v, p, d) -> {
                    calls.incrementAndGet();
                    blocks.put(d[0], true);
                    assertEquals(v == 0 ? 3 : 6, d[0].size(0), "the block of variant " + v);
                    return convolved(bias, neighbour, self, p[0], d[0]);
                });
        double[] actual = rows(evidence);
        assertEquals(2 * K, calls.get(), "one call per variant and assignment, not per instance");
        assertEquals(2, blocks.size(), "every assignment of a block sees the same tensor");
        assertRowsClose(expected(bias.toArray(), neighbour.item(), self.item()), actual, "rows");
        assertArrayEquals(actual, EvidenceChecks.rowsInBlocks(evidence, 2), "streamed in blocks");
        evidence.inputs();
        assertArrayEquals(actual, EvidenceChecks.rowsInBlocks(evidence, 3), "after inputs()");
    }

    @Test
    void anAbsentParentWithoutAnInitialIsNullAndItsDistributionFitsOneRow() {
        BatchedEvidence evidence = BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1)),
                (v, p, d) -> {
                    if (v == 0) {
                        assertNull(d[0], "nothing before the first step");
                        return Bernoulli.ofLogits(bias.select(0, p[0]));
                    }
                    return convolved(bias, neighbour, self, p[0], d[0]);
                });
        assertRowsClose(expected(bias.toArray(), neighbour.item(), self.item()), rows(evidence),
                "zeros and the bias alone agree at a first step");
    }

    @Test
    void aDistributionWithoutTheLeadingDimensionIsTheSameForEveryInstanceOfTheBlock() {
        BatchedEvidence evidence = BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)),
                (v, p, d) -> p[0] == 1 ? Bernoulli.ofLogits(bias.select(0, 1))
                        : convolved(bias, neighbour, self, p[0], d[0]));
        double[] actual = rows(evidence);
        double[] steps = data.rows().toArray();
        for (int i = 0; i < data.instances(); i++) {
            double expected = 0;
            for (int d = 0; d < TONES; d++) {
                expected += bernoulli(steps[i * TONES + d], bias.get(1, d));
            }
            EvidenceChecks.assertClose(expected, actual[i * K + 1], "instance " + i + ", x = 1");
        }
    }

    @Test
    void raggedFoldedPlatesAreScoredInBlocksOfOneShape() {
        List<double[][]> ragged = new ArrayList<>();
        for (int[] counts : new int[][] {{2, 2, 2}, {}, {3, 3}, {3}}) {   // each sequence its own tones
            double[][] steps = new double[counts.length][];
            for (int t = 0; t < counts.length; t++) {
                steps[t] = random.doubles(counts[t]).map(u -> u < 0.4 ? 1 : 0).toArray();
            }
            ragged.add(steps);
        }
        ObservedData raggedData = LEVELS.bind(ragged);
        assertTrue(raggedData.isRagged());
        List<int[]> shapes = new ArrayList<>();
        BatchedEvidence evidence = BatchedEvidence.of(raggedData, X, List.of(DataParent.of("previous", raggedData, 1,
                0.0)), (v, p, d) -> {
                    shapes.add(d[0].shape());
                    int members = d[0].size(1);
                    return Bernoulli.ofLogits(d[0].mul(self).add(bias.select(0, p[0]).slice(0, 0, members)));
                });
        double[] actual = rows(evidence);
        for (int[] shape : shapes) {
            assertTrue(shape[1] == 2 || shape[1] == 3, "one row shape per block");
        }
        int i = 0;
        for (double[][] sequence : ragged) {
            for (int t = 0; t < sequence.length; t++, i++) {
                for (int x = 0; x < K; x++) {
                    double expected = 0;
                    for (int d = 0; d < sequence[t].length; d++) {
                        double before = t == 0 ? 0 : sequence[t - 1][d];   // zeros of this step's shape at t = 0
                        expected += bernoulli(sequence[t][d], self.item() * before + bias.get(x, d));
                    }
                    EvidenceChecks.assertClose(expected, actual[i * K + x], "instance " + i + ", x = " + x);
                }
            }
        }
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        GradientChecker.check("batched evidence", inputs -> EvidenceChecks.differentiableRows(
                BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)),
                        (v, p, d) -> convolved(inputs[0], inputs[1], inputs[2], p[0], d[0]))),
                bias, neighbour, self);
    }

    @Test
    void anotherSitesContinuousValuesAreStackedAtTheSameInstances() {
        DataLevels z = DataLevels.of("z").plate("data").build();
        DataLevels u = DataLevels.of("u").plate("data").folded("sensors").build();
        List<double[]> covariates = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            covariates.add(EvidenceChecks.uniform(random, 2, -1, 1));
        }
        ObservedData uData = u.bind(covariates);
        ObservedData zData = z.bind(EvidenceChecks.uniform(random, 5, -2, 2));
        Tensor weights = Tensor.of(EvidenceChecks.uniform(random, K * 2, -1, 1), K, 2);
        BatchedEvidence evidence = BatchedEvidence.of(zData, X, List.of(DataParent.of("u", uData, 0)),
                (v, p, d) -> Normal.of(d[0].matmul(weights.select(0, p[0]).reshape(2, 1)).reshape(-1),
                        Tensor.scalar(0.5)));
        double[] actual = rows(evidence);
        for (int n = 0; n < 5; n++) {
            for (int x = 0; x < K; x++) {
                double mean = covariates.get(n)[0] * weights.get(x, 0) + covariates.get(n)[1] * weights.get(x, 1);
                double expected = Normal.of(mean, 0.5).logProb(Tensor.scalar(zData.value(n, 0))).item();
                EvidenceChecks.assertClose(expected, actual[n * K + x], "data[" + n + "], x = " + x);
            }
        }
    }

    @Test
    void aMethodWrittenForOneRowIsToldToTakeABatchDimension() {
        BatchedEvidence evidence = BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)),
                (v, p, d) -> Bernoulli.ofLogits(d[0].reshape(-1).mul(self)));   // flattens the block: [n * tones]
        SiteException e = assertThrows(SiteException.class, () -> rows(evidence));
        assertEquals("site 'y' at x = 0, step 0, a block of 3 instances from sequences[0].time[0]: was given its data "
                + "parents as blocks (previous [3, 4]) and returned a distribution with batch shape [12] and event "
                + "shape [], but the batch shape must broadcast to [3, 4] (the block's 3 instances, then the folded "
                + "plates [4]; right-aligned, 1 broadcasts) and the event shape must be the data's []. A site that "
                + "reads Tensor observations is called once per block of instances, each data parent's rows stacked "
                + "along a new leading dimension, as in Pyro's vectorised models: write the method for any number of "
                + "leading batch dimensions (e.g. reshape(-1, ...) rather than a fixed size)", e.getMessage());
        SiteException thrown = assertThrows(SiteException.class, () -> rows(BatchedEvidence.of(data, X,
                List.of(DataParent.of("previous", data, 1, 0.0)), (v, p, d) -> {
                    throw new IllegalArgumentException("cannot reshape " + d[0].size(0) + " rows");
                })));
        assertEquals("site 'y' at x = 0, step 0, a block of 3 instances from sequences[0].time[0]: cannot reshape 3 "
                + "rows", thrown.getMessage());
    }

    @Test
    void aDistributionThatFitsNoRowIsRefusedWhenTheBlockHasNoDataParents() {
        // at a first step the parent without an initial is absent: the method gets no block and must fit one row
        BatchedEvidence evidence = BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1)),
                (v, p, d) -> v == 0 ? Bernoulli.ofLogits(Tensor.zeros(3))
                        : convolved(bias, neighbour, self, p[0], d[0]));
        SiteException e = assertThrows(SiteException.class, () -> rows(evidence));
        assertEquals("site 'y' at x = 0, step 0, a block of 3 instances from sequences[0].time[0]: returned a "
                + "distribution with batch shape [3] and event shape [], but one row of its data has folded plates [4] "
                + "and event shape []; the batch shape must be that of the folded plates (right-aligned, 1 broadcasts) "
                + "and the event shape the data's", e.getMessage());
    }

    @Test
    void anInitialBeforeTheStartMustBeFinite() {
        assertThrows(IllegalArgumentException.class, () -> DataParent.of("previous", data, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DataParent.of("previous", data, 0, 0.0));
    }

    /**
     * {@code logits[n, d] = bias[x, d] + self * before[n, d] + neighbour * (before[n, d-1] + before[n, d+1])}: a
     * convolution of the previous notes, written for any number of leading dimensions.
     */
    private static Distribution convolved(Tensor bias, Tensor neighbour, Tensor self, int x, Tensor before) {
        double[] band = new double[TONES * TONES];
        for (int d = 0; d < TONES; d++) {
            band[d * TONES + d] = 1;
        }
        Tensor identity = Tensor.of(band, TONES, TONES);
        double[] sides = new double[TONES * TONES];
        for (int d = 0; d + 1 < TONES; d++) {
            sides[d * TONES + d + 1] = 1;
            sides[(d + 1) * TONES + d] = 1;
        }
        Tensor mixing = identity.mul(self).add(Tensor.of(sides, TONES, TONES).mul(neighbour));
        return Bernoulli.ofLogits(before.matmul(mixing).add(bias.select(0, x)));
    }

    /** The rows computed instance by instance with plain arithmetic. */
    private double[] expected(double[] bias, double neighbour, double self) {
        double[] steps = data.rows().toArray();
        int[] step = data.steps();
        double[] expected = new double[data.instances() * K];
        for (int i = 0; i < data.instances(); i++) {
            for (int x = 0; x < K; x++) {
                double total = 0;
                for (int d = 0; d < TONES; d++) {
                    double logit = bias[x * TONES + d];
                    if (step[i] > 0) {
                        int previous = (i - 1) * TONES;
                        logit += self * steps[previous + d];
                        logit += d > 0 ? neighbour * steps[previous + d - 1] : 0;
                        logit += d + 1 < TONES ? neighbour * steps[previous + d + 1] : 0;
                    }
                    total += bernoulli(steps[i * TONES + d], logit);
                }
                expected[i * K + x] = total;
            }
        }
        return expected;
    }

    /** {@code log Bernoulli(y | logit)}. */
    private static double bernoulli(double y, double logit) {
        double logOne = -Math.log1p(Math.exp(-logit));
        double logZero = -Math.log1p(Math.exp(logit));
        return y * logOne + (1 - y) * logZero;
    }

    @Test
    void theSameBlockTensorIsPassedForEveryAssignment() {
        List<Tensor> seen = new ArrayList<>();
        rows(BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)), (v, p, d) -> {
            if (v == 1) {
                seen.add(d[0]);
            }
            return convolved(bias, neighbour, self, p[0], d[0]);
        }));
        assertEquals(K, seen.size());
        assertSame(seen.get(0), seen.get(K - 1));
    }

    @Test
    void dataOtherThanZeroAndOneIsRefusedNamingTheSiteTheStepAndTheValue() {
        List<double[][]> bad = new ArrayList<>();
        for (double[][] sequence : sequences) {
            double[][] copy = new double[sequence.length][];
            for (int t = 0; t < sequence.length; t++) {
                copy[t] = sequence[t].clone();
            }
            bad.add(copy);
        }
        bad.get(2)[1][3] = 0.5;
        ObservedData badData = LEVELS.bind(bad);
        BatchedEvidence evidence = BatchedEvidence.of(badData, X, List.of(DataParent.of("previous", badData, 1, 0.0)),
                (v, p, d) -> convolved(bias, neighbour, self, p[0], d[0]));
        SiteException e = assertThrows(SiteException.class, () -> rows(evidence));
        assertTrue(e.getMessage().contains("y") && e.getMessage().contains("0.5")
                && e.getMessage().contains("sequences[2].time[1]"), e.getMessage());
    }

    @Test
    void aBlockOutsideTheRowsOrTheBufferIsRefused() {
        BatchedEvidence evidence = BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)),
                (v, p, d) -> convolved(bias, neighbour, self, p[0], d[0]));
        int cells = evidence.cells();
        IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class,
                () -> evidence.fill(0, evidence.instances() + 1, new double[(evidence.instances() + 1) * cells], 0));
        assertEquals("rows 0..10 of site 'y', which has 9", past.getMessage());
        IndexOutOfBoundsException small = assertThrows(IndexOutOfBoundsException.class,
                () -> evidence.fill(0, 2, new double[2 * cells - 1], 0));
        assertTrue(small.getMessage().contains("do not fit an array of length " + (2 * cells - 1)), small.getMessage());
    }

    @Test
    void rowsStreamedInBlocksBeforeAnyWholeFillAreTheWholeRows() {
        EvidenceMethod.OfDataBlocks method = (v, p, d) -> convolved(bias, neighbour, self, p[0], d[0]);
        double[] whole = rows(BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)), method));
        for (int block : new int[] {1, 2, 4}) {
            assertArrayEquals(whole, EvidenceChecks.rowsInBlocks(
                    BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)), method), block),
                    "blocks of " + block);
        }
    }

    @Test
    void aFillOfEveryRowKeepsTheScoresAndAFillOfSomeRowsKeepsNothing() {
        AtomicInteger calls = new AtomicInteger();
        EvidenceMethod.OfDataBlocks method = (v, p, d) -> {
            calls.incrementAndGet();
            return convolved(bias, neighbour, self, p[0], d[0]);
        };
        BatchedEvidence whole = BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)), method);
        double[] first = rows(whole);
        assertEquals(2 * K, calls.get(), "scored once: every variant and assignment");
        assertArrayEquals(first, rows(whole));
        whole.inputs();
        assertArrayEquals(first, EvidenceChecks.rowsInBlocks(whole, 2));
        assertEquals(2 * K, calls.get(), "kept: later fills and inputs() copy the first fill's scores");

        calls.set(0);
        BatchedEvidence some = BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)), method);
        double[] out = new double[(some.instances() - 1) * some.cells()];
        some.fill(1, some.instances(), out, 0);
        int once = calls.get();
        some.fill(1, some.instances(), out, 0);
        assertEquals(2 * once, calls.get(), "streamed: a fill of some rows scores them again");
    }

    @Test
    void aNaNScoreIsRefusedNamingTheSiteAndTheInstanceWholeOrInBlocks() {
        // the method's distribution scores its block's first row NaN under assignment 1
        EvidenceMethod.OfDataBlocks poisoned = (v, p, d) -> new FirstRowNaN(convolved(bias, neighbour, self, p[0], d[0]),
                p[0] == 1);
        SiteException whole = assertThrows(SiteException.class,
                () -> rows(BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)), poisoned)));
        SiteException blocks = assertThrows(SiteException.class, () -> EvidenceChecks.rowsInBlocks(
                BatchedEvidence.of(data, X, List.of(DataParent.of("previous", data, 1, 0.0)), poisoned), 2));
        for (SiteException e : List.of(whole, blocks)) {
            assertEquals("site 'y' at sequences[0].time[0], x = 1: the log-likelihood of the data is NaN",
                    e.getMessage());
        }
    }

    /** Another distribution's scores, with the first entry NaN when {@code poison}: a method's bad row. */
    private static final class FirstRowNaN extends ForwardingDistribution {
        private final boolean poison;

        FirstRowNaN(Distribution inner, boolean poison) {
            super(inner);
            this.poison = poison;
        }

        @Override
        public Tensor logProb(Tensor value) {
            Tensor scores = inner.logProb(value);
            if (!poison) {
                return scores;
            }
            double[] values = scores.toArray();
            values[0] = Double.NaN;
            return Tensor.of(values, scores.shape());
        }
    }
}
