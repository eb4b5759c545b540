package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.assertRowsClose;
import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Sparse Bernoulli evidence over a folded plate of tones (hmm.py's model_1 emission): rows against each instance's
 * own {@code Bernoulli.logProb}, against the dense evidence and a Categorical lookup, soft counts, zero
 * probabilities, boundary variants, streaming, the backward pass and errors.
 */
class BernoulliEvidenceTest {

    private static final int K = 3;
    private static final int D = 5;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").folded("tones")
            .build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {K});
    private static final EnumeratedParents X_AND_BEFORE = EnumeratedParents.of(new String[] {"x", "before"},
            new int[] {K, K}, new int[] {0, 1});

    private final SplittableRandom random = new SplittableRandom(31);
    private final Tensor logits = Tensor.of(EvidenceChecks.uniform(random, K * D, -2, 2), K, D);
    private final Tensor shift = Tensor.of(EvidenceChecks.uniform(random, K, -1, 1), K);
    private final ObservedData data = LEVELS.bind(EvidenceChecks.binarySequences(random, new int[] {5, 0, 7, 2}, D));

    @Test
    void rowsAreEachInstancesLogProbabilitySummedOverTheTones() {
        BernoulliEvidence evidence = BernoulliEvidence.of(data, X, (v, p) -> Bernoulli.ofLogits(logits.select(0, p[0])));
        assertTrue(evidence.isBinary());
        double[] expected = new double[data.instances() * K];
        for (int i = 0; i < data.instances(); i++) {
            for (int x = 0; x < K; x++) {
                expected[i * K + x] = Bernoulli.ofLogits(logits.select(0, x)).logProb(data.row(i)).sum().item();
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
        assertArrayEquals(rows(evidence), EvidenceChecks.rowsInBlocks(evidence, 3));
    }

    @Test
    void sparseDenseAndCategoricalLookupGiveTheSameRows() {
        EvidenceMethod.OfParents method = (v, p) -> Bernoulli.ofLogits(logits.select(0, p[0]));
        assertRowsClose(rows(DenseEvidence.of(data, X, method)), rows(BernoulliEvidence.of(data, X, method)),
                "dense and sparse over tones");
        DataLevels single = DataLevels.of("s").plate("sequences").plate("time").build();
        ObservedData bits = single.bind(List.of(new int[] {1, 0, 0, 1, 1}, new int[] {}, new int[] {0, 1}));
        double[] p = {0.2, 0.7, 0.95};
        double[] sparse = rows(BernoulliEvidence.of(bits, X, (v, a) -> Bernoulli.of(p[a[0]])));
        assertRowsClose(rows(DenseEvidence.of(bits, X, (v, a) -> Bernoulli.of(p[a[0]]))), sparse, "dense");
        assertRowsClose(rows(CategoricalEvidence.of(bits, X, (v, a) -> Categorical.ofProbs(1 - p[a[0]], p[a[0]]))),
                sparse, "categorical lookup");
    }

    @Test
    void fractionalDataAreSoftCounts() {
        List<double[][]> soft = EvidenceChecks.binarySequences(random, new int[] {3, 4}, D);
        soft.get(1)[2][3] = 0.25;
        ObservedData fractional = LEVELS.bind(soft);
        double[] p = EvidenceChecks.uniform(random, K * D, 0.05, 0.95);
        BernoulliEvidence evidence = BernoulliEvidence.of(fractional, X,
                (v, a) -> Bernoulli.of(Tensor.of(p, K, D).select(0, a[0])));
        assertFalse(evidence.isBinary());
        double[] expected = new double[fractional.instances() * K];
        for (int i = 0; i < fractional.instances(); i++) {
            for (int x = 0; x < K; x++) {
                for (int d = 0; d < D; d++) {
                    double y = fractional.value(i, d);
                    expected[i * K + x] += y * Math.log(p[x * D + d]) + (1 - y) * Math.log1p(-p[x * D + d]);
                }
            }
        }
        assertRowsClose(expected, rows(evidence), "soft counts");
    }

    @Test
    void zeroProbabilitiesRuleCellsOutExactlyAsTheDenseEvidenceDoes() {
        double[] p = EvidenceChecks.uniform(random, K * D, 0.05, 0.95);
        p[2] = 0.0;
        p[D + 4] = 1.0;
        p[2 * D] = 0.0;
        p[2 * D + 1] = 1.0;
        EvidenceMethod.OfParents method = (v, a) -> Bernoulli.of(Tensor.of(p, K, D).select(0, a[0]));
        double[] dense = rows(DenseEvidence.of(data, X, method));
        double[] sparse = rows(BernoulliEvidence.of(data, X, method));
        assertRowsClose(dense, sparse, "with zero probabilities");
        long ruledOut = java.util.Arrays.stream(sparse).filter(r -> r == Double.NEGATIVE_INFINITY).count();
        assertTrue(ruledOut > 0 && ruledOut < sparse.length, "some but not all entries ruled out: " + ruledOut);
    }

    @Test
    void boundaryRowsComeFromTheVariantWithoutTheLaggedParent() {
        BernoulliEvidence evidence = BernoulliEvidence.of(data, X_AND_BEFORE, (v, p) -> emission(logits, shift, v,
                p));
        int[] steps = data.steps();
        double[] expected = new double[data.instances() * K * K];
        for (int i = 0; i < data.instances(); i++) {
            for (int c = 0; c < K * K; c++) {
                int[] assignment = {c / K, steps[i] == 0 ? -1 : c % K};
                expected[i * K * K + c] = emission(logits, shift, Math.min(steps[i], 1), assignment)
                        .logProb(data.row(i)).sum().item();
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
        assertRowsClose(rows(DenseEvidence.of(data, X_AND_BEFORE, (v, p) -> emission(logits, shift, v, p))),
                rows(evidence), "dense");
        assertEquals(List.of(), evidence.inputs());
        BernoulliEvidence tracked = BernoulliEvidence.of(data, X_AND_BEFORE, (v, p) -> emission(
                Tensor.variable(logits), shift, v, p));
        assertEquals(4, tracked.inputs().size(), "logP1 and logP0 for each of the two variants");
        assertArrayEquals(new int[] {K * K, D}, tracked.inputs().get(2).shape());
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        List<double[][]> soft = EvidenceChecks.binarySequences(random, new int[] {4, 3}, D);
        soft.get(0)[1][0] = 0.6;
        for (ObservedData y : List.of(data, LEVELS.bind(soft))) {
            GradientChecker.check("Bernoulli evidence", inputs -> EvidenceChecks.differentiableRows(
                    BernoulliEvidence.of(y, X_AND_BEFORE, (v, p) -> emission(inputs[0], inputs[1], v, p))),
                    logits, shift);
        }
    }

    @Test
    void dataScoredAgainGiveBitIdenticalRowsFromObservationsPreparedOnce() {
        List<double[][]> sequences = EvidenceChecks.binarySequences(new SplittableRandom(5), new int[] {6, 0, 9}, D);
        List<double[][]> soft = List.<double[][]>of(new double[][] {{0, 0.25, 1, 0, 1}, {1, 1, 0, 0, 0.5}});
        for (List<double[][]> values : List.of(sequences, soft)) {
            ObservedData bound = LEVELS.bind(values);
            EvidenceMethod.OfParents method = (v, p) -> Bernoulli.ofLogits(logits.select(0, p[0]));
            double[] first = rows(BernoulliEvidence.of(bound, X, method));
            BernoulliObservations prepared = bound.bernoulliObservations();
            double[] again = rows(BernoulliEvidence.of(bound, X, method));
            assertTrue(prepared == bound.bernoulliObservations(), "prepared once");
            assertArrayEquals(first, again, "the same data scored twice");
            assertArrayEquals(rows(BernoulliEvidence.of(LEVELS.bind(values), X, method)), again,
                    "freshly bound data");
            assertArrayEquals(rows(BernoulliEvidence.of(bound.subsample(new int[] {0}), X, method)),
                    java.util.Arrays.copyOf(again, values.get(0).length * K), "a subsample prepares its own");
        }
    }

    @Test
    void subsamplesOfZeroOneDataSelectTheWholeDatasSparseFormWithTheBitsOfTheirOwn() {
        List<double[][]> sequences = EvidenceChecks.binarySequences(new SplittableRandom(8), new int[] {4, 0, 6, 3},
                D);
        ObservedData bound = LEVELS.bind(sequences);
        EvidenceMethod.OfParents method = (v, p) -> Bernoulli.ofLogits(logits.select(0, p[0]));
        for (int[] members : new int[][] {{2, 0}, {1}, {3, 2, 1, 0}, {2, 2}}) {
            ObservedData subsample = bound.subsample(members);
            List<double[][]> chosen = new java.util.ArrayList<>();
            for (int member : members) {
                chosen.add(sequences.get(member));
            }
            ObservedData fresh = LEVELS.bind(chosen);
            assertArrayEquals(rows(BernoulliEvidence.of(fresh, X, method)),
                    rows(BernoulliEvidence.of(subsample, X, method)), java.util.Arrays.toString(members));
            BernoulliObservations selected = subsample.bernoulliObservations();
            BernoulliObservations own = fresh.bernoulliObservations();
            assertTrue(selected.isBinary());
            assertEquals(own.numSteps(), selected.numSteps());
            for (int t = 0; t < own.numSteps(); t++) {
                for (int d = 0; d < D; d++) {
                    assertEquals(own.get(t, d), selected.get(t, d), "step " + t + ", tone " + d);
                }
            }
            assertArrayEquals(rows(BernoulliEvidence.of(subsample.subsample(new int[] {0}), X, method)),
                    rows(BernoulliEvidence.of(fresh.subsample(new int[] {0}), X, method)), "a subsample's subsample");
        }
    }

    @Test
    void aSubsampleIsCheckedOnItsOwnWhenTheWholeDataHaveBadOrFractionalValues() {
        ObservedData bad = LEVELS.bind(List.of(new double[][] {{0, 1, 0, 0, 0}}, new double[][] {{0, 0, 0, 2, 0}},
                new double[][] {{1, 0, 0.5, 0, 0}}));
        EvidenceMethod.OfParents method = (v, p) -> Bernoulli.ofLogits(logits.select(0, p[0]));
        for (int call = 0; call < 2; call++) {
            assertArrayEquals(rows(BernoulliEvidence.of(LEVELS.bind(List.<double[][]>of(new double[][] {{0, 1, 0, 0,
                    0}})), X, method)), rows(BernoulliEvidence.of(bad.subsample(new int[] {0}), X, method)),
                    "the good member alone");
            assertMessage("site 'y' at sequences[0].time[0].tones[3]: observed value 2.0 is outside [0, 1]; a "
                    + "Bernoulli observation must lie in [0, 1]", () -> BernoulliEvidence.of(bad.subsample(
                            new int[] {1}), X, method));
        }
        ObservedData soft = LEVELS.bind(List.of(new double[][] {{0, 1, 0, 0, 0}}, new double[][] {{1, 0, 0.5, 0,
                0}}));
        ObservedData binaryPart = soft.subsample(new int[] {0});
        assertTrue(binaryPart.bernoulliObservations().isBinary(), "a 0/1 subsample of soft data is sparse");
        assertArrayEquals(rows(BernoulliEvidence.of(soft.subsample(new int[] {1}), X, method)),
                rows(BernoulliEvidence.of(LEVELS.bind(List.<double[][]>of(new double[][] {{1, 0, 0.5, 0, 0}})), X,
                        method)), "the soft member");
    }

    @Test
    void badDataFailEveryTimeItIsScored() {
        ObservedData bad = LEVELS.bind(List.of(new double[][] {{0, 0, 0, 0, 0}}, new double[][] {{0, 0, 0, 2, 0}}));
        for (int call = 0; call < 2; call++) {
            assertMessage("site 'y' at sequences[1].time[0].tones[3]: observed value 2.0 is outside [0, 1]; a "
                    + "Bernoulli observation must lie in [0, 1]", () -> BernoulliEvidence.of(bad, X,
                            (v, p) -> Bernoulli.of(0.5)));
        }
    }

    @Test
    void badDataAndDistributionsNameTheSiteThePlaceAndTheValue() {
        assertMessage("site 'y' at sequences[1].time[0].tones[3]: observed value 2.0 is outside [0, 1]; a Bernoulli "
                + "observation must lie in [0, 1]", () -> BernoulliEvidence.of(LEVELS.bind(List.of(
                        new double[][] {{0, 0, 0, 0, 0}}, new double[][] {{0, 0, 0, 2, 0}})), X,
                (v, p) -> Bernoulli.of(0.5)));
        assertMessage("site 'y' at x = 1: log p(1) of member tones[0] is NaN", () -> BernoulliEvidence.of(data, X,
                (v, p) -> p[0] == 1 ? new FixedLogProbs(-1.0, Double.NaN) : Bernoulli.of(0.5)));
        assertMessage("site 'y' at x = 0: returned a distribution with batch shape [2, 5], which scores the folded "
                + "plates [5] with shape [2, 5]; its batch shape must be that of the folded plates (right-aligned, 1 "
                + "broadcasts)", () -> BernoulliEvidence.of(data, X, (v, p) -> Bernoulli.of(Tensor.full(0.5, 2, D))));
        assertMessage("site 'y' at x = 0: returned a distribution with event shape [5]; a Bernoulli observation over "
                + "folded plates scores each member on its own (batch dimensions, not toEvent)",
                () -> BernoulliEvidence.of(data, X, (v, p) -> Bernoulli.of(Tensor.full(0.5, D)).toEvent(1)));
        assertMessage("site 'y' at x = 2, step 0: no emission", () -> BernoulliEvidence.of(data, X_AND_BEFORE,
                (v, p) -> {
                    if (p[0] == 2) {
                        throw new IllegalStateException("no emission");
                    }
                    return Bernoulli.of(0.5);
                }));
    }

    /** {@code y[d] ~ Bernoulli(logits = logits[x, d] + shift[before])}, without the shift at a first step. */
    private static Bernoulli emission(Tensor logits, Tensor shift, int variant, int[] p) {
        Tensor row = logits.select(0, p[0]);
        return Bernoulli.ofLogits(variant >= 1 ? row.add(shift.select(0, p[1])) : row);
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(SiteException.class, call).getMessage());
    }
}
