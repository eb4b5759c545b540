package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.assertRowsClose;
import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Categorical evidence by table lookup: rows against each instance's own {@code logProb}, data parents (the site's
 * own previous value, another site at the same plate and at an enclosing one), boundary variants, the backward
 * pass and errors.
 */
class CategoricalEvidenceTest {

    private static final int K = 2;
    private static final int S = 4;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {K});

    private final SplittableRandom random = new SplittableRandom(41);
    private final Tensor base = Tensor.of(EvidenceChecks.uniform(random, K * S, -1, 1), K, S);
    private final Tensor transition = Tensor.of(EvidenceChecks.uniform(random, S * S, -2, 2), S, S);
    private final Tensor covariate = Tensor.of(EvidenceChecks.uniform(random, 3 * S, -1, 1), 3, S);
    private final List<int[]> sequences = List.of(new int[] {0, 3, 3, 1, 2}, new int[] {}, new int[] {2, 2, 0},
            new int[] {1});
    private final ObservedData data = LEVELS.bind(sequences);

    @Test
    void rowsAreEachInstancesLogProbability() {
        CategoricalEvidence evidence = CategoricalEvidence.of(data, X, (v, p) -> Categorical.ofLogits(base.select(0,
                p[0])));
        assertEquals(1, evidence.situations());
        double[] expected = new double[data.instances() * K];
        int[] y = data.integers(S);
        for (int i = 0; i < y.length; i++) {
            for (int x = 0; x < K; x++) {
                expected[i * K + x] = Categorical.ofLogits(base.select(0, x)).logProb(y[i]);
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
        assertArrayEquals(rows(evidence), EvidenceChecks.rowsInBlocks(evidence, 2));
    }

    @Test
    void theSitesOwnPreviousValueIsTabulatedPerValueThatOccurs() {
        AtomicInteger calls = new AtomicInteger();
        CategoricalEvidence evidence = CategoricalEvidence.of(data, X, List.of(DataParent.of("before", data, 1)),
                (v, p, d) -> {
                    calls.incrementAndGet();
                    assertEquals(v == 0, d[0] == -1, "the previous value is absent exactly at a first step");
                    return autoregression(base, transition, p[0], v >= 1 ? d[0] : null);
                });
        // Situations: a first step, and previous values 0, 3, 1, 2 (all four occur).
        assertEquals(5, evidence.situations());
        assertEquals(5 * K, calls.get());
        double[] expected = new double[data.instances() * K];
        int i = 0;
        for (int[] sequence : sequences) {
            for (int t = 0; t < sequence.length; t++, i++) {
                for (int x = 0; x < K; x++) {
                    expected[i * K + x] = autoregression(base, transition, x, t == 0 ? null : sequence[t - 1])
                            .logProb(Tensor.scalar(sequence[t])).item();
                }
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
    }

    @Test
    void dataParentsAtTheSamePlateAndAtAnEnclosingOneAreReadAtTheirInstance() {
        ObservedData other = LEVELS.bind(List.of(new int[] {1, 0, 0, 1, 1}, new int[] {}, new int[] {0, 1, 1},
                new int[] {0}));
        ObservedData group = DataLevels.of("g").plate("sequences").build().bind(new int[] {2, 0, 1, 2});
        EvidenceMethod.OfIntData method = (v, p, d) -> Categorical.ofLogits(base.select(0, p[0])
                .add(covariate.select(0, d[1])).mul(1.0 + d[0]));
        CategoricalEvidence evidence = CategoricalEvidence.of(data, X, List.of(DataParent.of("u", other, 0),
                DataParent.of("g", group, 0)), method);
        int[] y = data.integers(S);
        int[] u = other.integers(0);
        int[] sequenceOf = data.ancestors(0);
        int[] g = group.integers(0);
        double[] expected = new double[y.length * K];
        for (int i = 0; i < y.length; i++) {
            for (int x = 0; x < K; x++) {
                expected[i * K + x] = method.call(0, new int[] {x}, new int[] {u[i], g[sequenceOf[i]]})
                        .logProb(Tensor.scalar(y[i])).item();
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
    }

    @Test
    void withoutDataParentsVariantsAreNumberedExactlyAsTheGeneralNumberingDoes() {
        // x and x two steps earlier: variants 0, 1 and 2, over ragged sequences (one empty, one of a single step).
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "xEarlier"}, new int[] {K, K},
                new int[] {0, 2});
        for (ObservedData sample : List.of(data, LEVELS.bind(List.of(new int[] {1}, new int[] {2, 0, 1, 3})),
                LEVELS.bind(List.<int[]>of(new int[] {})))) {
            EvidenceRows rows = new EvidenceRows(sample, parents, 0);
            java.util.ArrayList<int[]> general = new java.util.ArrayList<>();
            java.util.ArrayList<int[]> byVariant = new java.util.ArrayList<>();
            int[] expected = CategoricalEvidence.numberSituations(rows, List.of(), new int[0][], new int[0][],
                    general);
            assertArrayEquals(expected, CategoricalEvidence.numberVariants(rows, byVariant), "situation of each row");
            assertEquals(general.size(), byVariant.size(), "situations");
            for (int m = 0; m < general.size(); m++) {
                assertArrayEquals(general.get(m), byVariant.get(m), "situation " + m);
            }
        }
    }

    @Test
    void aLaggedEnumeratedParentAndTheOwnPreviousValueShareTheBoundaryVariant() {
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "xBefore"}, new int[] {K, K},
                new int[] {0, 1});
        EvidenceMethod.OfIntData method = (v, p, d) -> {
            Tensor logits = base.select(0, p[0]);
            return Categorical.ofLogits(v == 0 ? logits : logits.add(base.select(0, p[1])).add(transition.select(0,
                    d[0])));
        };
        CategoricalEvidence evidence = CategoricalEvidence.of(data, parents, List.of(DataParent.of("before", data,
                1)), method);
        int[] y = data.integers(S);
        int[] steps = data.steps();
        double[] expected = new double[y.length * K * K];
        for (int i = 0; i < y.length; i++) {
            for (int c = 0; c < K * K; c++) {
                int variant = Math.min(steps[i], 1);
                int[] assignment = {c / K, variant == 0 ? -1 : c % K};
                int[] values = {variant == 0 ? -1 : y[i - 1]};
                expected[i * K * K + c] = method.call(variant, assignment, values).logProb(Tensor.scalar(y[i]))
                        .item();
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
    }

    @Test
    void boundaryStepsWithDifferentValuesOfAnotherSiteEachShareTheirLaggedParentsRows() {
        // At a first step xBefore is absent, so the cells (x, xBefore) share the row of (x, 0); the value of u makes
        // first steps of two situations, and each needs its own shared rows.
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "xBefore"}, new int[] {K, K},
                new int[] {0, 1});
        ObservedData other = LEVELS.bind(List.of(new int[] {1, 0, 0, 1, 1}, new int[] {}, new int[] {0, 1, 1},
                new int[] {2}));
        EvidenceMethod.OfIntData method = (v, p, d) -> {
            Tensor logits = base.select(0, p[0]).add(covariate.select(0, d[0]));
            return Categorical.ofLogits(v == 0 ? logits : logits.add(transition.select(0, 2 * p[1] + 1)));
        };
        CategoricalEvidence evidence = CategoricalEvidence.of(data, parents, List.of(DataParent.of("u", other, 0)),
                method);
        int[] y = data.integers(S);
        int[] u = other.integers(0);
        int[] steps = data.steps();
        double[] expected = new double[y.length * K * K];
        for (int i = 0; i < y.length; i++) {
            int variant = Math.min(steps[i], 1);
            for (int c = 0; c < K * K; c++) {
                int[] assignment = {c / K, variant == 0 ? -1 : c % K};
                expected[i * K * K + c] = method.call(variant, assignment, new int[] {u[i]})
                        .logProb(Tensor.scalar(y[i])).item();
            }
        }
        assertEquals(5, evidence.situations(), "first steps with u = 1, 0, 2; later steps with u = 0, 1");
        assertRowsClose(expected, rows(evidence), "rows");
    }

    @Test
    void aFoldedPlateOfOneMemberWithAnEventDimensionIsNoCategoricalLookup() {
        ObservedData folded = DataLevels.of("y").plate("sequences").folded("voices").event().build().bind(
                new int[][][] {{{1}}, {{3}}});
        assertEquals(1, folded.rowWidth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CategoricalEvidence.of(folded, X, (v, p) -> Categorical.ofLogits(base.select(0, p[0]))));
        assertEquals("site 'y': a Categorical lookup takes one value per instance, without folded plates or event "
                + "dimensions", e.getMessage());
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        GradientChecker.check("categorical lookup", inputs -> EvidenceChecks.differentiableRows(
                CategoricalEvidence.of(data, X, List.of(DataParent.of("before", data, 1)),
                        (v, p, d) -> autoregression(inputs[0], inputs[1], p[0], v >= 1 ? d[0] : null))),
                base, transition);
        GradientChecker.check("categorical lookup without data parents", inputs -> EvidenceChecks
                .differentiableRows(CategoricalEvidence.of(data, X, (v, p) -> Categorical.ofLogits(inputs[0]
                        .select(0, p[0])))), base);
    }

    @Test
    void badDataNameThePlaceAndTheValue() {
        ObservedData outside = LEVELS.bind(List.of(new int[] {0, 1}, new int[] {3, 4}));
        assertMessage("site 'y' at sequences[1].time[1]: observed value 4 is outside the support 0..3",
                () -> CategoricalEvidence.of(outside, X, (v, p) -> Categorical.ofLogits(base.select(0, p[0]))));
        ObservedData fractional = LEVELS.bind(List.of(Tensor.vector(0, 1.5)));
        assertMessage("site 'y' at sequences[0].time[1]: observed value 1.5 is not an integer",
                () -> CategoricalEvidence.of(fractional, X, (v, p) -> Categorical.ofLogits(base.select(0, p[0]))));
        ObservedData soft = DataLevels.of("u").plate("sequences").plate("time").build().bind(List.of(
                Tensor.vector(1, 0, 0, 1, 0.5), Tensor.zeros(0), Tensor.zeros(3), Tensor.zeros(1)));
        assertMessage("site 'u' at sequences[0].time[4]: observed value 0.5 is not an integer",
                () -> CategoricalEvidence.of(data, X, List.of(DataParent.of("u", soft, 0)),
                        (v, p, d) -> Categorical.ofLogits(base.select(0, p[0]))));
        ObservedData shorter = DataLevels.of("u").plate("sequences").plate("time").build().bind(List.of(
                new int[] {1, 0, 0, 1, 1}, new int[] {}, new int[] {0, 1}, new int[] {0}));
        assertMessage("site 'u' at sequences[2]: has 2 members of plate 'time' but site 'y' has 3 there; sites in one"
                + " plate need the same members", () -> CategoricalEvidence.of(data, X, List.of(DataParent.of("u",
                        shorter, 0)), (v, p, d) -> Categorical.ofLogits(base.select(0, p[0]))));
    }

    @Test
    void badDistributionsNameTheAssignmentAndTheDataParents() {
        List<DataParent> before = List.of(DataParent.of("before", data, 1));
        assertMessage("site 'y' at x = 1, before = 3: has 3 values but at x = 0, step 0 it has 4; an observed site's "
                + "support must not depend on its parents", () -> CategoricalEvidence.of(data, X, before,
                        (v, p, d) -> p[0] == 1 && v == 1 && d[0] == 3 ? Categorical.ofProbs(0.2, 0.3, 0.5)
                                : Categorical.ofLogits(base.select(0, p[0]))));
        assertMessage("site 'y' at x = 0: returned Normal, which has no finite support to enumerate",
                () -> CategoricalEvidence.of(data, X, (v, p) -> Normal.of(0, 1)));
        assertMessage("site 'y' at x = 0: returned a batch of distributions (batch shape [2]); a Categorical "
                + "observation without folded plates has batch shape []",
                () -> CategoricalEvidence.of(data, X, (v, p) -> Categorical.ofLogits(base)));
        assertMessage("site 'y' at x = 1: the log-probability of value 2 is NaN", () -> CategoricalEvidence.of(data,
                X, (v, p) -> new FixedLogProbs(-1, -1, p[0] == 1 ? Double.NaN : -1, -1)));
        assertMessage("site 'y' at x = 0, step 0: returned null", () -> CategoricalEvidence.of(data, X, before,
                (v, p, d) -> null));
    }

    @Test
    void emptyDataHasNoRowsAndCallsNothing() {
        CategoricalEvidence evidence = CategoricalEvidence.of(LEVELS.bind(List.of(new int[0])), X, (v, p) -> {
            throw new AssertionError("no data, no call");
        });
        assertEquals(0, evidence.instances());
        assertEquals(0, rows(evidence).length);
        assertEquals(List.of(), evidence.inputs());
    }

    private static Distribution autoregression(Tensor base, Tensor transition, int x, Integer before) {
        Tensor logits = base.select(0, x);
        return Categorical.ofLogits(before == null ? logits : logits.add(transition.select(0, before)));
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(SiteException.class, call).getMessage());
    }
}
