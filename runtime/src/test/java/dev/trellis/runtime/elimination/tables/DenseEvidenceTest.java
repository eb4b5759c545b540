package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.assertRowsClose;
import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.distributions.Poisson;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Dense evidence of a Normal over a folded plate of sensors in ragged sequences: rows against each instance's own
 * {@code logProb}, boundary variants, streaming blocks, the backward pass against finite differences, and errors.
 */
class DenseEvidenceTest {

    private static final int K = 3;
    private static final int W = 2;
    private static final int D = 3;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").folded("sensors")
            .build();

    private final SplittableRandom random = new SplittableRandom(21);
    private final Tensor loc = Tensor.of(EvidenceChecks.uniform(random, K * D, -1, 1), K, D);
    private final Tensor shift = Tensor.of(EvidenceChecks.uniform(random, K, -0.5, 0.5), K);
    private final Tensor scale = Tensor.of(EvidenceChecks.uniform(random, W * D, 0.5, 1.5), W, D);
    private final ObservedData data = LEVELS.bind(sequences(new int[] {4, 0, 6, 1}));

    @Test
    void rowsAreEachInstancesLogProbabilitySummedOverTheFoldedPlate() {
        EnumeratedParents parents = EnumeratedParents.current(new String[] {"x", "w"}, new int[] {K, W});
        DenseEvidence evidence = DenseEvidence.of(data, parents, (v, p) -> Normal.of(loc.select(0, p[0]),
                scale.select(0, p[1])));
        assertEquals(11, evidence.instances());
        assertEquals(K * W, evidence.cells());
        double[] expected = new double[11 * K * W];
        for (int i = 0; i < 11; i++) {
            for (int x = 0; x < K; x++) {
                for (int w = 0; w < W; w++) {
                    expected[i * K * W + x * W + w] = Normal.of(loc.select(0, x), scale.select(0, w))
                            .logProb(data.row(i)).sum().item();
                }
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
        assertEquals(List.of(), evidence.inputs(), "constant parameters need no gradient");
        assertRowsClose(expected, rows(evidence), "rows after inputs()");
    }

    @Test
    void boundaryRowsComeFromTheVariantWithoutTheLaggedParentReplicatedAlongIt() {
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "before"}, new int[] {K, K},
                new int[] {0, 1});
        AtomicInteger calls = new AtomicInteger();
        DenseEvidence evidence = DenseEvidence.of(data, parents, (v, p) -> {
            calls.incrementAndGet();
            assertEquals(v == 0, p[1] == -1, "an absent parent is -1 exactly at the boundary variant");
            return normalGiven(p[0], v >= 1 ? p[1] : null);
        });
        assertEquals(K + K * K, calls.get(), "one call per present assignment of each variant");
        int[] steps = data.steps();
        double[] expected = new double[11 * K * K];
        for (int i = 0; i < 11; i++) {
            for (int x = 0; x < K; x++) {
                for (int before = 0; before < K; before++) {
                    Integer previous = steps[i] == 0 ? null : before;
                    expected[(i * K + x) * K + before] = normalGiven(x, previous).logProb(data.row(i)).sum().item();
                }
            }
        }
        double[] actual = rows(evidence);
        assertRowsClose(expected, actual, "rows");
        // At a first step the row does not depend on the absent parent.
        assertEquals(actual[0], actual[1]);
        assertEquals(actual[0], actual[2]);
    }

    @Test
    void blocksOfAnySizeEqualTheWholeRows() {
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "before"}, new int[] {K, K},
                new int[] {0, 1});
        DenseEvidence evidence = DenseEvidence.of(data, parents, (v, p) -> normalGiven(p[0], v >= 1 ? p[1] : null));
        double[] whole = rows(evidence);
        for (int block : new int[] {1, 2, 3, 5, 11, 20}) {
            assertArrayEquals(whole, EvidenceChecks.rowsInBlocks(evidence, block), "blocks of " + block);
        }
        evidence.inputs();
        assertArrayEquals(whole, EvidenceChecks.rowsInBlocks(evidence, 4), "blocks copied from the scored tensor");
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "before"}, new int[] {K, K},
                new int[] {0, 1});
        GradientChecker.check("dense evidence", inputs -> EvidenceChecks.differentiableRows(DenseEvidence.of(data,
                parents, (v, p) -> Normal.of(inputs[0].select(0, p[0]).add(v >= 1 ? inputs[1].select(0, p[1])
                        : Tensor.scalar(0)), inputs[2].exp()))), loc, shift, scale.select(0, 0).log());
    }

    @Test
    void aSiteOutsideEveryPlateHasOneRowAndEmptyDataNone() {
        ObservedData single = DataLevels.of("z").folded("sensors").build().bind(new double[] {0.1, -0.2, 0.3});
        DenseEvidence evidence = DenseEvidence.of(single, EnumeratedParents.current(new String[] {"x"},
                new int[] {K}), (v, p) -> Normal.of(loc.select(0, p[0]), scale.select(0, 0)));
        assertEquals(1, evidence.instances());
        for (int x = 0; x < K; x++) {
            EvidenceChecks.assertClose(Normal.of(loc.select(0, x), scale.select(0, 0)).logProb(single.row(0)).sum()
                    .item(), rows(evidence)[x], "x = " + x);
        }
        ObservedData empty = LEVELS.bind(List.of(new double[0][], new double[0][]));
        DenseEvidence none = DenseEvidence.of(empty, EnumeratedParents.none(), (v, p) -> {
            throw new AssertionError("no data, no call");
        });
        assertEquals(0, none.instances());
        assertEquals(0, rows(none).length);
        assertEquals(List.of(), none.inputs());
    }

    @Test
    void dataOutsideTheSupportNamesTheInstanceAndTheAssignment() {
        ObservedData counts = DataLevels.of("n").plate("days").build().bind(new int[] {3, 0, -2, 1});
        DenseEvidence evidence = DenseEvidence.of(counts, EnumeratedParents.current(new String[] {"x"},
                new int[] {2}), (v, p) -> Poisson.of(1.0 + p[0]));
        assertMessage("site 'n' at days[2], x = 0: value = -2.0 is outside the support nonnegative_integer of "
                + "Poisson(rate=1.0)", () -> rows(evidence));
        ObservedData soft = DataLevels.of("b").plate("days").build().bind(new double[] {1, 0.5});
        DenseEvidence bernoulli = DenseEvidence.of(soft, EnumeratedParents.none(), (v, p) -> Bernoulli.of(0.3));
        assertMessage("site 'b' at days[1]: value = 0.5 is outside the support boolean of Bernoulli(probs=0.3)",
                bernoulli::inputs);
    }

    @Test
    void badDistributionsNameTheSiteAndTheAssignment() {
        EnumeratedParents parents = EnumeratedParents.of(new String[] {"x", "before"}, new int[] {K, K},
                new int[] {0, 1});
        assertMessage("site 'y' at x = 1, step 0: returned a distribution with batch shape [2] and event shape [], "
                + "but one row of its data has folded plates [3] and event shape []; the batch shape must be that of "
                + "the folded plates (right-aligned, 1 broadcasts) and the event shape the data's",
                () -> DenseEvidence.of(data, parents, (v, p) -> p[0] == 1 ? Normal.of(Tensor.zeros(2),
                        Tensor.ones(2)) : normalGiven(p[0], null)));
        assertMessage("site 'y' at x = 2, before = 0: returned a distribution with batch shape [] and event shape "
                + "[3], but one row of its data has folded plates [3] and event shape []; the batch shape must be that"
                + " of the folded plates (right-aligned, 1 broadcasts) and the event shape the data's",
                () -> DenseEvidence.of(data, parents, (v, p) -> v == 1 && p[0] == 2 ? normalGiven(2, 0).toEvent(1)
                        : normalGiven(p[0], null)));
        assertMessage("site 'y' at x = 0, before = 2: scale must be positive",
                () -> DenseEvidence.of(data, parents, (v, p) -> {
                    if (v == 1 && p[1] == 2) {
                        throw new IllegalArgumentException("scale must be positive");
                    }
                    return normalGiven(p[0], null);
                }));
        assertMessage("site 'y' at x = 0, step 0: returned null", () -> DenseEvidence.of(data, parents,
                (v, p) -> null));
        ObservedData days = DataLevels.of("c").plate("days").build().bind(new int[] {0, 0, 1});
        DenseEvidence nan = DenseEvidence.of(days, EnumeratedParents.none(), (v, p) -> new FixedLogProbs(-1.0,
                Double.NaN));
        assertMessage("site 'c' at days[2]: the log-likelihood of the data is NaN", () -> rows(nan));
        assertMessage("site 'c' at days[2]: the log-likelihood of the data is NaN", nan::inputs);
    }

    @Test
    void aNaNAmongSeveralCellsNamesItsInstanceAndItsAssignment() {
        ObservedData days = DataLevels.of("c").plate("days").build().bind(new int[] {0, 0, 1, 0});
        DenseEvidence nan = DenseEvidence.of(days, EnumeratedParents.current(new String[] {"x"}, new int[] {2}),
                (v, p) -> new FixedLogProbs(-1.0, p[0] == 1 ? Double.NaN : -2.0));
        assertMessage("site 'c' at days[2], x = 1: the log-likelihood of the data is NaN", nan::inputs);
        assertMessage("site 'c' at days[2], x = 1: the log-likelihood of the data is NaN", () -> rows(nan));
    }

    @Test
    void minusInfinityIsKeptAndNeverTurnsIntoNaN() {
        ObservedData days = DataLevels.of("c").plate("days").build().bind(new int[] {0, 1});
        DenseEvidence evidence = DenseEvidence.of(days, EnumeratedParents.current(new String[] {"x"}, new int[] {2}),
                (v, p) -> Bernoulli.of(p[0]));
        assertArrayEquals(new double[] {0.0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0},
                rows(evidence));
    }

    /** A Normal over the sensors given x and, except at a first step, the previous x. */
    private Distribution normalGiven(int x, Integer before) {
        Tensor mean = loc.select(0, x);
        return Normal.of(before == null ? mean : mean.add(shift.select(0, before)), scale.select(0, 0));
    }

    private List<double[][]> sequences(int[] lengths) {
        List<double[][]> result = new ArrayList<>();
        for (int length : lengths) {
            double[][] steps = new double[length][];
            for (int t = 0; t < length; t++) {
                steps[t] = EvidenceChecks.uniform(random, D, -2, 2);
            }
            result.add(steps);
        }
        return result;
    }

    private static void assertMessage(String expected, Executable call) {
        SiteException e = assertThrows(SiteException.class, call);
        assertEquals(expected, e.getMessage());
        assertTrue(!e.site().isEmpty());
    }
}
