package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.assertRowsClose;
import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The per-instance path for continuous data parents: a Normal autoregression on its own previous value, and a
 * site reading another continuous site over a folded plate; rows against each instance's own {@code logProb},
 * streaming, the backward pass and errors.
 */
class PerInstanceEvidenceTest {

    private static final int K = 3;
    private static final DataLevels LEVELS = DataLevels.of("y").plate("sequences").plate("time").build();
    private static final EnumeratedParents X = EnumeratedParents.current(new String[] {"x"}, new int[] {K});

    private final SplittableRandom random = new SplittableRandom(61);
    private final Tensor mean = Tensor.of(EvidenceChecks.uniform(random, K, -1, 1), K);
    private final Tensor slope = Tensor.of(EvidenceChecks.uniform(random, K, -0.9, 0.9), K);
    private final Tensor scale = Tensor.scalar(0.7);
    private final ObservedData data = LEVELS.bind(List.of(EvidenceChecks.uniform(random, 5, -2, 2), new double[0],
            EvidenceChecks.uniform(random, 3, -2, 2)));

    @Test
    void aNormalAutoregressionIsScoredWithEachInstancesPreviousValue() {
        AtomicInteger calls = new AtomicInteger();
        PerInstanceEvidence evidence = PerInstanceEvidence.of(data, X, List.of(DataParent.of("before", data, 1)),
                (v, p, d) -> {
                    calls.incrementAndGet();
                    if (v == 0) {
                        assertNull(d[0], "no previous value at a first step");
                    }
                    return autoregression(mean, slope, scale, p[0], d[0]);
                });
        double[] actual = rows(evidence);
        assertEquals(8 * K, calls.get(), "the slow path calls the method per instance and cell");
        double[] y = data.rows().toArray();
        int[] steps = data.steps();
        double[] expected = new double[y.length * K];
        for (int i = 0; i < y.length; i++) {
            for (int x = 0; x < K; x++) {
                double center = mean.get(x) + (steps[i] == 0 ? 0 : slope.get(x) * y[i - 1]);
                expected[i * K + x] = Normal.of(center, 0.7).logProb(Tensor.scalar(y[i])).item();
            }
        }
        assertRowsClose(expected, actual, "rows");
        assertArrayEquals(actual, EvidenceChecks.rowsInBlocks(evidence, 3));
        evidence.inputs();
        assertArrayEquals(actual, EvidenceChecks.rowsInBlocks(evidence, 2), "after inputs()");
    }

    @Test
    void anotherSitesRowOverTheFoldedPlateIsReadAtTheSameInstance() {
        DataLevels levels = DataLevels.of("z").plate("data").folded("sensors").build();
        List<double[]> u = new ArrayList<>();
        List<double[]> z = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            u.add(EvidenceChecks.uniform(random, 2, -1, 1));
            z.add(EvidenceChecks.uniform(random, 2, -1, 1));
        }
        ObservedData uData = DataLevels.of("u").plate("data").folded("sensors").build().bind(u);
        ObservedData zData = levels.bind(z);
        EvidenceMethod.OfDataValues method = (v, p, d) -> Normal.of(d[0].add(mean.select(0, p[0])), scale);
        PerInstanceEvidence evidence = PerInstanceEvidence.of(zData, X, List.of(DataParent.of("u", uData, 0)),
                method);
        double[] expected = new double[4 * K];
        for (int n = 0; n < 4; n++) {
            for (int x = 0; x < K; x++) {
                expected[n * K + x] = method.call(0, new int[] {x}, new Tensor[] {uData.row(n)}).logProb(zData.row(n))
                        .sum().item();
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
    }

    @Test
    void raggedRowsAreScoredUnderDistributionsShapedLikeEachRow() {
        DataLevels sensors = DataLevels.of("z").plate("data").folded("sensors").build();
        List<double[]> u = new ArrayList<>();
        List<double[]> z = new ArrayList<>();
        for (int count : new int[] {2, 0, 3, 1, 3}) {
            u.add(EvidenceChecks.uniform(random, count, -1, 1));
            z.add(EvidenceChecks.uniform(random, count, -1, 1));
        }
        ObservedData uData = DataLevels.of("u").plate("data").folded("sensors").build().bind(u);
        ObservedData zData = sensors.bind(z);
        assertTrue(zData.isRagged());
        EvidenceMethod.OfDataValues method = (v, p, d) -> Normal.of(d[0].add(mean.select(0, p[0])), scale);
        PerInstanceEvidence evidence = PerInstanceEvidence.of(zData, X, List.of(DataParent.of("u", uData, 0)),
                method);
        double[] expected = new double[5 * K];
        for (int n = 0; n < 5; n++) {
            for (int x = 0; x < K; x++) {
                expected[n * K + x] = zData.rowWidth(n) == 0 ? 0.0 : method.call(0, new int[] {x},
                        new Tensor[] {uData.row(n)}).logProb(zData.row(n)).sum().item();
            }
        }
        double[] actual = rows(evidence);
        assertRowsClose(expected, actual, "rows");
        assertArrayEquals(actual, EvidenceChecks.rowsInBlocks(evidence, 2));
        GradientChecker.check("ragged per-instance evidence", inputs -> EvidenceChecks.differentiableRows(
                PerInstanceEvidence.of(zData, X, List.of(DataParent.of("u", uData, 0)),
                        (v, p, d) -> Normal.of(d[0].mul(inputs[1].select(0, p[0])).add(inputs[0].select(0, p[0])),
                                inputs[2].exp()))), mean, slope, scale.log());
        SiteException e = assertThrows(SiteException.class, () -> rows(PerInstanceEvidence.of(zData, X,
                List.of(DataParent.of("u", uData, 0)), (v, p, d) -> Normal.of(Tensor.zeros(2), Tensor.ones(2)))));
        assertEquals("site 'z' at data[1], x = 0: returned a distribution with batch shape [2] and event shape [], "
                + "but this row of its data has folded plates [0] and event shape []; the batch shape must broadcast "
                + "to the folded plates of every row (right-aligned, 1 broadcasts; their members differ between rows "
                + "here, so a batch of [] is usual) and the event shape must be the data's", e.getMessage());
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        GradientChecker.check("per-instance evidence", inputs -> EvidenceChecks.differentiableRows(
                PerInstanceEvidence.of(data, X, List.of(DataParent.of("before", data, 1)),
                        (v, p, d) -> autoregression(inputs[0], inputs[1], inputs[2].exp(), p[0], d[0]))),
                mean, slope, scale.log());
    }

    @Test
    void aFailureNamesTheInstanceAndTheAssignment() {
        PerInstanceEvidence evidence = PerInstanceEvidence.of(data, X, List.of(DataParent.of("before", data, 1)),
                (v, p, d) -> {
                    if (d[0] != null && p[0] == 1 && d[0].item() > 1.0) {
                        throw new IllegalArgumentException("previous value too large");
                    }
                    return autoregression(mean, slope, scale, p[0], d[0]);
                });
        double[] y = data.rows().toArray();
        int first = 1;
        while (first < y.length && (data.steps()[first] == 0 || y[first - 1] <= 1.0)) {
            first++;
        }
        String expected = "site 'y' at " + data.describe(first) + ", x = 1: previous value too large";
        assertTrue(first < y.length, "the fixture has a previous value above 1");
        assertEquals(expected, assertThrows(SiteException.class, () -> rows(evidence)).getMessage());
        assertEquals(expected, assertThrows(SiteException.class, evidence::inputs).getMessage());
    }

    private static Distribution autoregression(Tensor mean, Tensor slope, Tensor scale, int x, Tensor before) {
        Tensor center = mean.select(0, x);
        return Normal.of(before == null ? center : center.add(slope.select(0, x).mul(before)), scale);
    }

    @Test
    void aNaNAmongSeveralCellsNamesItsInstanceAndItsAssignmentWhetherFilledOrTaken() {
        ObservedData days = DataLevels.of("c").plate("days").build().bind(new int[] {0, 0, 1, 0});
        EnumeratedParents x = EnumeratedParents.current(new String[] {"x"}, new int[] {2});
        EvidenceMethod.OfDataValues method = (v, p, d) -> new FixedLogProbs(-1.0, p[0] == 1 ? Double.NaN : -2.0);
        String expected = "site 'c' at days[2], x = 1: the log-likelihood of the data is NaN";
        assertEquals(expected, assertThrows(SiteException.class,
                () -> rows(PerInstanceEvidence.of(days, x, List.of(), method))).getMessage());
        assertEquals(expected, assertThrows(SiteException.class,
                () -> PerInstanceEvidence.of(days, x, List.of(), method).inputs()).getMessage());
    }
}
