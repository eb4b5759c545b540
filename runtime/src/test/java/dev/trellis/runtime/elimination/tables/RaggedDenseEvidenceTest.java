package dev.trellis.runtime.elimination.tables;

import static dev.trellis.runtime.elimination.tables.EvidenceChecks.assertRowsClose;
import static dev.trellis.runtime.elimination.tables.EvidenceChecks.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Dense evidence over a ragged folded plate (each group its own number of items, each step its own number of
 * readings): rows against each row's own {@code logProb}, one {@code logProb} per cell and row shape, boundary
 * variants, streaming blocks, the backward pass against finite differences, event dimensions and errors.
 */
class RaggedDenseEvidenceTest {

    private static final int K = 3;
    private static final int[] ITEMS = {2, 0, 3, 1, 3, 2, 0, 1};
    private static final DataLevels GROUPS = DataLevels.of("obs").plate("groups").folded("items").build();
    private static final DataLevels STEPS = DataLevels.of("y").plate("sequences").plate("time").folded("readings")
            .build();
    private static final EnumeratedParents Z = EnumeratedParents.current(new String[] {"z"}, new int[] {K});
    private static final EnumeratedParents X_AND_BEFORE = EnumeratedParents.of(new String[] {"x", "before"},
            new int[] {K, K}, new int[] {0, 1});

    private final SplittableRandom random = new SplittableRandom(71);
    private final Tensor loc = Tensor.of(EvidenceChecks.uniform(random, K, -2, 2), K);
    private final Tensor scale = Tensor.of(EvidenceChecks.uniform(random, K, 0.5, 1.5), K);
    private final Tensor shift = Tensor.of(EvidenceChecks.uniform(random, K, -0.5, 0.5), K);
    private final ObservedData groups = GROUPS.bind(groups(ITEMS));
    private final ObservedData steps = STEPS.bind(sequences(new int[] {3, 0, 4, 1, 2}));

    @Test
    void rowsAreEachGroupsLogProbabilitySummedOverItsItemsAndEmptyGroupsScoreZero() {
        assertTrue(groups.isRagged());
        DenseEvidence evidence = DenseEvidence.of(groups, Z, (v, p) -> Normal.of(loc.select(0, p[0]),
                scale.select(0, p[0])));
        double[] expected = new double[ITEMS.length * K];
        for (int i = 0; i < ITEMS.length; i++) {
            for (int z = 0; z < K; z++) {
                expected[i * K + z] = ITEMS[i] == 0 ? 0.0 : Normal.of(loc.select(0, z), scale.select(0, z))
                        .logProb(groups.row(i)).sum().item();
            }
        }
        double[] actual = rows(evidence);
        assertRowsClose(expected, actual, "rows");
        for (int z = 0; z < K; z++) {
            assertEquals(0.0, actual[K + z], "a group without items");
        }
        assertEquals(List.of(), evidence.inputs());
        assertRowsClose(expected, rows(evidence), "rows after inputs()");
    }

    @Test
    void eachCellScoresEachRowShapeOnceNotEachRow() {
        AtomicInteger calls = new AtomicInteger();
        DenseEvidence evidence = DenseEvidence.of(groups, Z, (v, p) -> new CountingDistribution(
                Normal.of(loc.select(0, p[0]), scale.select(0, p[0])), calls));
        rows(evidence);
        assertEquals(3 * K, calls.get(), "three shapes with items ([2], [3], [1]), none for the empty groups");
        calls.set(0);
        evidence.fill(2, 6, new double[4 * K], 0);
        assertEquals(3 * K, calls.get(), "rows 2..5 have 3, 1, 3 and 2 items");
        calls.set(0);
        evidence.inputs();
        assertEquals(3 * K, calls.get(), "the differentiable scores, too");
    }

    @Test
    void boundaryRowsOfRaggedStepsComeFromTheVariantWithoutTheLaggedParent() {
        DenseEvidence evidence = DenseEvidence.of(steps, X_AND_BEFORE, (v, p) -> normalGiven(loc, shift, p[0],
                v >= 1 ? p[1] : -1));
        int[] step = steps.steps();
        double[] expected = new double[steps.instances() * K * K];
        for (int i = 0; i < steps.instances(); i++) {
            for (int x = 0; x < K; x++) {
                for (int before = 0; before < K; before++) {
                    expected[(i * K + x) * K + before] = steps.rowWidth(i) == 0 ? 0.0 : normalGiven(loc, shift, x,
                            step[i] == 0 ? -1 : before).logProb(steps.row(i)).sum().item();
                }
            }
        }
        assertRowsClose(expected, rows(evidence), "rows");
    }

    @Test
    void blocksOfAnySizeEqualTheWholeRows() {
        DenseEvidence evidence = DenseEvidence.of(steps, X_AND_BEFORE, (v, p) -> normalGiven(loc, shift, p[0],
                v >= 1 ? p[1] : -1));
        double[] whole = rows(evidence);
        for (int block : new int[] {1, 2, 3, 5, 7, steps.instances()}) {
            assertArrayEquals(whole, EvidenceChecks.rowsInBlocks(evidence, block), "blocks of " + block);
        }
        DenseEvidence tracked = DenseEvidence.of(steps, X_AND_BEFORE, (v, p) -> normalGiven(Tensor.variable(loc),
                shift, p[0], v >= 1 ? p[1] : -1));
        assertEquals(1, tracked.inputs().size());
        assertRowsClose(whole, EvidenceChecks.rowsInBlocks(tracked, 4), "blocks copied from the scored tensor");
    }

    @Test
    void theBackwardPassAgreesWithFiniteDifferencesThroughTheTape() {
        GradientChecker.check("ragged dense evidence", inputs -> EvidenceChecks.differentiableRows(DenseEvidence.of(
                steps, X_AND_BEFORE, (v, p) -> Normal.of(inputs[0].select(0, p[0]).add(v >= 1
                        ? inputs[1].select(0, p[1]) : Tensor.scalar(0)), inputs[2].select(0, p[0]).exp()))),
                loc, shift, scale.log());
        GradientChecker.check("ragged groups", inputs -> EvidenceChecks.differentiableRows(DenseEvidence.of(groups,
                Z, (v, p) -> Normal.of(inputs[0].select(0, p[0]), inputs[1].select(0, p[0]).exp()))),
                loc, scale.log());
    }

    @Test
    void raggedFoldedPlatesKeepTheirEventDimensions() {
        DataLevels levels = DataLevels.of("x").plate("data").folded("sensors").event().build();
        List<double[][]> rows = new ArrayList<>();
        for (int count : new int[] {2, 1, 0, 3}) {
            double[][] sensors = new double[count][];
            for (int s = 0; s < count; s++) {
                sensors[s] = EvidenceChecks.uniform(random, 2, -2, 2);
            }
            rows.add(sensors);
        }
        ObservedData data = levels.bind(rows);
        Tensor means = Tensor.of(EvidenceChecks.uniform(random, K * 2, -1, 1), K, 2);
        EvidenceMethod.OfParents method = (v, p) -> Normal.of(means.select(0, p[0]), scale.select(0, p[0]))
                .toEvent(1);
        double[] expected = new double[4 * K];
        for (int i = 0; i < 4; i++) {
            for (int z = 0; z < K; z++) {
                expected[i * K + z] = data.rowWidth(i) == 0 ? 0.0 : method.call(0, new int[] {z})
                        .logProb(data.row(i)).sum().item();
            }
        }
        assertRowsClose(expected, rows(DenseEvidence.of(data, Z, method)), "rows");
    }

    @Test
    void aBatchOfOneBroadcastsToEveryRowAndAnyOtherBatchNamesTheFirstRowItDoesNotFit() {
        double[] scalar = rows(DenseEvidence.of(groups, Z, (v, p) -> Normal.of(loc.select(0, p[0]),
                scale.select(0, p[0]))));
        double[] ones = rows(DenseEvidence.of(groups, Z, (v, p) -> Normal.of(loc.select(0, p[0]).reshape(1),
                scale.select(0, p[0]).reshape(1))));
        assertRowsClose(scalar, ones, "batch [1]");
        assertMessage("site 'obs' at groups[1], z = 0: returned a distribution with batch shape [2] and event shape "
                + "[], but this row of its data has folded plates [0] and event shape []; the batch shape must "
                + "broadcast to the folded plates of every row (right-aligned, 1 broadcasts; their members differ "
                + "between rows here, so a batch of [] is usual) and the event shape must be the data's",
                () -> DenseEvidence.of(groups, Z, (v, p) -> Normal.of(Tensor.zeros(2), Tensor.ones(2))));
        assertMessage("site 'y' at sequences[0].time[1], x = 2, before = 0: returned a distribution with batch shape "
                + "[2, 1] and event shape [], but this row of its data has folded plates [" + steps.foldedShape(1)[0]
                + "] and event shape []; the batch shape must broadcast to the folded plates of every row "
                + "(right-aligned, 1 broadcasts; their members differ between rows here, so a batch of [] is usual) "
                + "and the event shape must be the data's",
                () -> DenseEvidence.of(steps, X_AND_BEFORE, (v, p) -> v == 1 && p[0] == 2
                        ? Normal.of(Tensor.zeros(2, 1), Tensor.ones(2, 1)) : Normal.of(0, 1)));
    }

    @Test
    void aBatchThatFitsNoRowOfTheFirstRowsShapeNamesTheFirstRow() {
        // groups[0] and groups[5] have two items each: the first of them is the one named.
        assertMessage("site 'obs' at groups[0], z = 0: returned a distribution with batch shape [3] and event shape "
                + "[], but this row of its data has folded plates [2] and event shape []; the batch shape must "
                + "broadcast to the folded plates of every row (right-aligned, 1 broadcasts; their members differ "
                + "between rows here, so a batch of [] is usual) and the event shape must be the data's",
                () -> DenseEvidence.of(groups, Z, (v, p) -> Normal.of(Tensor.zeros(3), Tensor.ones(3))));
    }

    @Test
    void dataOutsideTheSupportNamesItsGroupAndTheAssignment() {
        ObservedData counts = DataLevels.of("n").plate("days").folded("visits").build().bind(new int[][] {
            {3, 0}, {1}, {2, -1}, {}});
        DenseEvidence evidence = DenseEvidence.of(counts, EnumeratedParents.current(new String[] {"x"},
                new int[] {2}), (v, p) -> Poisson.of(1.0 + p[0]));
        assertMessage("site 'n' at days[2], x = 0: value[1] = -1.0 is outside the support nonnegative_integer of "
                + "Poisson(rate=1.0)", () -> rows(evidence));
        assertMessage("site 'n' at days[2], x = 0: value[1] = -1.0 is outside the support nonnegative_integer of "
                + "Poisson(rate=1.0)", evidence::inputs);
    }

    /** A Normal given x and, except at a first step ({@code before = -1}), the previous x. */
    private Distribution normalGiven(Tensor loc, Tensor shift, int x, int before) {
        Tensor mean = loc.select(0, x);
        return Normal.of(before < 0 ? mean : mean.add(shift.select(0, before)), scale.select(0, x));
    }

    private List<double[]> groups(int[] items) {
        List<double[]> result = new ArrayList<>();
        for (int count : items) {
            result.add(EvidenceChecks.uniform(random, count, -3, 3));
        }
        return result;
    }

    /** Ragged sequences whose every step has its own number of readings, 0 to 3. */
    private List<double[][]> sequences(int[] lengths) {
        List<double[][]> result = new ArrayList<>();
        for (int length : lengths) {
            double[][] sequence = new double[length][];
            for (int t = 0; t < length; t++) {
                sequence[t] = EvidenceChecks.uniform(random, random.nextInt(4), -2, 2);
            }
            result.add(sequence);
        }
        return result;
    }

    private static void assertMessage(String expected, Executable call) {
        SiteException e = assertThrows(SiteException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
