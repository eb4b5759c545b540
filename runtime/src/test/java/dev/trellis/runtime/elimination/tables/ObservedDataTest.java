package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Binding data arguments of every accepted type, ragged and dense, and every error they can raise. */
class ObservedDataTest {

    private static final DataLevels DAYS = DataLevels.of("activity").plate("days").build();
    private static final DataLevels HMM = DataLevels.of("y").plate("sequences").plate("time").folded("tones").build();

    @Test
    void anIntArrayIsOneRowPerMember() {
        ObservedData data = DAYS.bind(new int[] {2, 0, 1});
        assertEquals(3, data.instances());
        assertArrayEquals(new int[] {3}, data.counts(0));
        assertArrayEquals(new int[] {0, 1, 2}, data.steps());
        assertTrue(data.isIntegral());
        assertEquals(1, data.rowWidth());
        assertEquals(Tensor.of(new double[] {2, 0, 1}, 3), data.rows());
        assertArrayEquals(new int[] {2, 0, 1}, data.integers(3));
        assertEquals("days[2]", data.describe(2));
        ObservedData doubles = DAYS.bind(new double[] {0.5, -1});
        assertFalse(doubles.isIntegral());
        assertEquals(Tensor.vector(0.5, -1), doubles.rows());
    }

    @Test
    void raggedSequencesOfStepsOverAFoldedPlateAreGroupedBySequence() {
        List<double[][]> y = List.of(
                new double[][] {{1, 0, 0}, {0, 1, 1}},
                new double[0][],
                new double[][] {{0, 0, 1}, {1, 1, 1}, {0, 1, 0}});
        ObservedData data = HMM.bind(y);
        assertEquals(5, data.instances());
        assertArrayEquals(new int[] {3}, data.counts(0));
        assertArrayEquals(new int[] {2, 0, 3}, data.counts(1));
        assertArrayEquals(new int[][] {{3}, {2, 0, 3}}, data.countsUpTo(2));
        assertEquals(3, data.count(0));
        assertArrayEquals(new int[] {0, 1, 0, 1, 2}, data.steps());
        assertArrayEquals(new int[] {0, 0, 2, 2, 2}, data.ancestors(0));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, data.ancestors(1));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0}, data.ancestors(-1));
        assertArrayEquals(new int[] {3}, data.rowShape());
        assertArrayEquals(new int[] {3}, data.foldedShape());
        assertArrayEquals(new int[0], data.eventShape());
        assertFalse(data.isIntegral());
        assertEquals(Tensor.of(new double[] {1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0}, 5, 3), data.rows());
        assertEquals(Tensor.of(new double[] {0, 0, 1, 1, 1, 1}, 2, 3), data.rows(2, 4));
        assertEquals(Tensor.vector(1, 1, 1), data.row(3));
        assertEquals(1.0, data.value(4, 1));
        assertEquals("sequences[2].time[1]", data.describe(3));
        assertEquals("sequences[2].time[2].tones[1]", data.describe(4, 1));
        assertEquals("sequences[2]", data.describeAt(0, 2));
        assertEquals("", data.describeAt(-1, 0));
    }

    @Test
    void everyNestingOfArraysAndListsGivesTheSameData() {
        double[][][] nested = {{{1, 0, 0}, {0, 1, 1}}, {}, {{0, 0, 1}, {1, 1, 1}, {0, 1, 0}}};
        ObservedData expected = HMM.bind(nested);
        List<List<double[]>> lists = new ArrayList<>();
        for (double[][] sequence : nested) {
            lists.add(new LinkedList<>(Arrays.asList(sequence)));
        }
        List<Tensor> tensors = new ArrayList<>();
        for (double[][] sequence : nested) {
            tensors.add(sequence.length == 0 ? Tensor.zeros(0, 3) : Tensor.matrix(sequence));
        }
        List<Object> boxed = new ArrayList<>();
        for (double[][] sequence : nested) {
            Double[][] rows = new Double[sequence.length][];
            for (int t = 0; t < sequence.length; t++) {
                rows[t] = Arrays.stream(sequence[t]).boxed().toArray(Double[]::new);
            }
            boxed.add(rows);
        }
        for (Object argument : List.of(lists, tensors, boxed, Arrays.asList(nested))) {
            ObservedData data = HMM.bind(argument);
            assertEquals(expected.rows(), data.rows(), argument.getClass().toString());
            assertArrayEquals(expected.counts(1), data.counts(1));
        }
    }

    @Test
    void intNestingsAreIntegral() {
        DataLevels levels = DataLevels.of("z").plate("groups").plate("members").build();
        int[][] ragged = {{1, 2}, {3}, {}, {4, 5, 6}};
        ObservedData fromArrays = levels.bind(ragged);
        ObservedData fromList = levels.bind(Arrays.asList(ragged));
        for (ObservedData data : List.of(fromArrays, fromList)) {
            assertTrue(data.isIntegral());
            assertArrayEquals(new int[] {2, 1, 0, 3}, data.counts(1));
            assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, data.integers(0));
            assertEquals("groups[3].members[0]", data.describe(3));
        }
        ObservedData boxed = levels.bind(List.of(List.of(1, 2), List.of(3L)));
        assertTrue(boxed.isIntegral());
        assertFalse(levels.bind(List.of(List.of(1, 2.0))).isIntegral());
    }

    @Test
    void aDenseTensorCoversPlatesAndFoldedLevels() {
        Tensor y = Tensor.of(new double[] {1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1}, 2, 2, 3);
        ObservedData data = HMM.bind(y);
        assertArrayEquals(new int[] {2}, data.counts(0));
        assertArrayEquals(new int[] {2, 2}, data.counts(1));
        assertEquals(y.reshape(4, 3), data.rows());
        DataLevels threeDeep = DataLevels.of("w").plate("a").plate("b").folded("c").build();
        ObservedData deep = threeDeep.bind(new double[][][] {{{1, 2}}, {{3, 4}, {5, 6}}});
        assertArrayEquals(new int[] {1, 2}, deep.counts(1));
        assertEquals(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2), deep.rows());
    }

    @Test
    void eventDimensionsFollowTheFoldedPlates() {
        DataLevels mvn = DataLevels.of("x").plate("data").folded("sensors").event().build();
        ObservedData data = mvn.bind(new double[][][] {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}});
        assertEquals(2, data.instances());
        assertArrayEquals(new int[] {3}, data.foldedShape());
        assertArrayEquals(new int[] {2}, data.eventShape());
        assertEquals(6, data.rowWidth());
        assertEquals("data[1].sensors[2][1]", data.describe(1, 5));
    }

    @Test
    void aSiteOutsideEveryPlateHasOneRow() {
        ObservedData scalar = DataLevels.of("z").build().bind(2.5);
        assertEquals(1, scalar.instances());
        assertEquals(Tensor.of(new double[] {2.5}, 1), scalar.rows());
        assertEquals("", scalar.describe(0));
        assertArrayEquals(new int[] {0}, scalar.steps());
        ObservedData folded = DataLevels.of("z").folded("tones").build().bind(new int[] {1, 0, 1});
        assertEquals(1, folded.instances());
        assertEquals("tones[2]", folded.describe(0, 2));
        assertEquals(Tensor.of(new double[] {1, 0, 1}, 1, 3), folded.rows());
    }

    @Test
    void emptyDataIsValidAndHasNoRows() {
        ObservedData none = HMM.bind(List.of());
        assertEquals(0, none.instances());
        assertArrayEquals(new int[] {0}, none.counts(0));
        assertArrayEquals(new int[] {0}, none.rowShape());
        ObservedData emptySequences = HMM.bind(List.of(new double[0][], new double[0][]));
        assertEquals(0, emptySequences.instances());
        assertArrayEquals(new int[] {0, 0}, emptySequences.counts(1));
        // No row tells how many tones there are: the extent is 0, and nothing reads it.
        assertArrayEquals(new int[] {0, 0}, emptySequences.rows().shape());
        ObservedData emptyTensor = HMM.bind(List.of(Tensor.zeros(0, 3)));
        assertArrayEquals(new int[] {0}, emptyTensor.rowShape());
    }

    @Test
    void nullsAndWrongTypesNameThePath() {
        assertMessage("site 'y': the data argument is null", () -> HMM.bind(null));
        assertMessage("site 'y' at sequences[1]: is null",
                () -> HMM.bind(Arrays.asList(new double[][] {{1}}, null)));
        assertMessage("site 'y' at sequences[0].time[1]: is null",
                () -> HMM.bind(List.<double[][]>of(new double[][] {{1}, null})));
        assertMessage("site 'y' at sequences[0]: is a String but 2 more level(s) are expected (plate 'time', folded "
                + "'tones'); give an array or List for plate 'time'", () -> HMM.bind(List.of("abc")));
        assertMessage("site 'y' at sequences[0]: is a double[] but 2 more level(s) are expected (plate 'time', "
                + "folded 'tones'); give an array or List for plate 'time'",
                () -> HMM.bind(List.of(new double[] {1, 0})));
        assertMessage("site 'y' at sequences[0].time[0].tones[1]: is a String, not a number",
                () -> HMM.bind(List.of(List.of(List.of(1.0, "x")))));
        assertMessage("site 'y' at sequences[1]: is a Tensor of shape [2] but 2 level(s) remain (plate 'time', "
                + "folded 'tones')", () -> HMM.bind(List.of(Tensor.zeros(1, 2), Tensor.zeros(2))));
        assertMessage("site 'activity': is a Integer but 1 more level(s) are expected (plate 'days'); give an array "
                + "or List for plate 'days'", () -> DAYS.bind(3));
    }

    @Test
    void aNaNNamesItsEntry() {
        assertMessage("site 'y' at sequences[1].time[0].tones[2]: observed value is NaN",
                () -> HMM.bind(List.of(new double[][] {{0, 0, 0}}, new double[][] {{0, 1, Double.NaN}})));
        assertMessage("site 'y' at sequences[1].time[1].tones[0]: observed value is NaN",
                () -> HMM.bind(List.of(Tensor.zeros(1, 3), Tensor.of(new double[] {0, 0, 0, Double.NaN, 0, 0}, 2, 3))));
        assertMessage("site 'y' at sequences[0].time[0].tones[0]: observed value is NaN",
                () -> HMM.bind(List.of(List.of(List.of(Double.NaN)))));
    }

    @Test
    void aFoldedPlateMayHaveOtherMembersInEachRow() {
        DataLevels items = DataLevels.of("obs").plate("groups").folded("items").build();
        ObservedData data = items.bind(List.of(new double[] {1, 2}, new double[] {3}, new double[0],
                new double[] {4, 5}));
        assertTrue(data.isRagged());
        assertEquals(4, data.instances());
        assertArrayEquals(new int[] {4}, data.counts(0));
        assertArrayEquals(new int[] {1}, data.rowShape(1));
        assertArrayEquals(new int[] {0}, data.foldedShape(2));
        assertArrayEquals(new int[0], data.eventShape());
        assertEquals(2, data.rowWidth(3));
        assertEquals(0, data.rowWidth(2));
        assertEquals(Tensor.vector(4, 5), data.row(3));
        assertArrayEquals(new int[] {0}, data.row(2).shape());
        assertEquals(3.0, data.value(1, 0));
        assertEquals(5.0, data.value(3, 1));
        assertEquals("groups[3].items[1]", data.describe(3, 1));
        assertEquals(Tensor.of(new double[] {4, 5, 1, 2}, 2, 2), data.rows(new int[] {3, 0}));
        assertEquals(Tensor.of(new double[] {3}, 1, 1), data.rows(1, 2));
        assertEquals(0, data.rows(2, 2).numElements());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> data.rows(0, 2));
        assertEquals("site 'obs': row groups[1] has folded plates [1], unlike the other rows read with it",
                mixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.rows(new int[] {0, 2}));
        IllegalStateException whole = assertThrows(IllegalStateException.class, data::rows);
        assertEquals("site 'obs': its folded plates have other members in some rows (e.g. groups[1] has [1], "
                + "groups[0] has [2]); ask one row's shape", whole.getMessage());
        assertThrows(IllegalStateException.class, data::rowShape);
        assertThrows(IllegalStateException.class, data::foldedShape);
        assertThrows(IllegalStateException.class, data::rowWidth);
        assertMessage("site 'obs' at groups[3].items[1]: observed value 2.0 is outside [0, 1]; a Bernoulli "
                + "observation must lie in [0, 1]", () -> items.bind(List.of(new double[] {0, 1}, new double[] {1},
                        new double[0], new double[] {0, 2})).checkBernoulli(false));
        assertMessage("site 'obs' at groups[3].items[0]: observed value 4 is outside the support 0..3",
                () -> data.integers(4));
    }

    @Test
    void raggedRowsFromArraysListsAndTensorsAgree() {
        DataLevels deep = DataLevels.of("obs").plate("a").plate("b").folded("c").build();
        double[][][] nested = {{{1, 2}, {3, 4, 5}}, {{6}}, {}, {{}, {7, 8}}};
        ObservedData expected = deep.bind(nested);
        assertTrue(expected.isRagged());
        assertArrayEquals(new int[] {2, 1, 0, 2}, expected.counts(1));
        List<Object> tensors = new ArrayList<>();
        tensors.add(List.of(Tensor.vector(1, 2), Tensor.vector(3, 4, 5)));
        tensors.add(Tensor.of(new double[] {6}, 1, 1));
        tensors.add(Tensor.zeros(0, 4));
        tensors.add(List.of(List.of(), List.of(7, 8)));
        ObservedData mixed = deep.bind(tensors);
        for (int i = 0; i < expected.instances(); i++) {
            assertEquals(expected.row(i), mixed.row(i), "row " + i);
            assertEquals(expected.describe(i), mixed.describe(i));
        }
        assertEquals("a[3].b[1]", expected.describe(4));
        assertArrayEquals(new int[] {0}, expected.rowShape(3));
        ObservedData subset = expected.subsample(new int[] {3, 0});
        assertArrayEquals(new int[] {2, 2}, subset.counts(1));
        assertEquals(List.of(Tensor.zeros(0), Tensor.vector(7, 8), Tensor.vector(1, 2), Tensor.vector(3, 4, 5)),
                List.of(subset.row(0), subset.row(1), subset.row(2), subset.row(3)));
        ObservedData uniform = expected.subsample(new int[] {1});
        assertFalse(uniform.isRagged(), "rows of one shape are uniform again");
        assertEquals(Tensor.of(new double[] {6}, 1, 1), uniform.rows());
    }

    @Test
    void raggedRowsKeepTheirEventDimensionsDense() {
        DataLevels mvn = DataLevels.of("x").plate("data").folded("sensors").event().build();
        ObservedData data = mvn.bind(new double[][][] {{{1, 2}, {3, 4}}, {}, {{5, 6}}});
        assertArrayEquals(new int[] {2, 2}, data.rowShape(0));
        assertArrayEquals(new int[] {0, 2}, data.rowShape(1));
        assertArrayEquals(new int[] {1, 2}, data.rowShape(2));
        assertArrayEquals(new int[] {2}, data.eventShape());
        assertEquals("data[2].sensors[0][1]", data.describe(2, 1));
        assertMessage("site 'x' at data[1].sensors[0]: has 3 entries in event dimension 0 but data[0].sensors[0] "
                + "has 2; every draw has the same event shape",
                () -> mvn.bind(new double[][][] {{{1, 2}}, {{3, 4, 5}}}));
    }

    @Test
    void foldedPlatesAreDenseWithinOneRowAndEventsEverywhere() {
        DataLevels grid = DataLevels.of("w").plate("p").folded("c").folded("d").build();
        assertMessage("site 'w' at p[1].c[1]: has 1 members of plate 'd' but p[1].c[0] has 2; the folded plates of "
                + "one observation are dense: every member of plate 'c' there has the same members of plate 'd'",
                () -> grid.bind(new double[][][] {{{1}}, {{1, 2}, {3}}}));
        assertMessage("site 'w' at p[0].c[1]: has 3 members of plate 'd' but p[0].c[0] has 2; the folded plates of "
                + "one observation are dense: every member of plate 'c' there has the same members of plate 'd'",
                () -> grid.bind(List.of(List.of(Tensor.vector(1, 2), Tensor.vector(1, 2, 3)))));
        ObservedData ragged = grid.bind(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6, 7}}, {}});
        assertArrayEquals(new int[] {2, 2}, ragged.rowShape(0));
        assertArrayEquals(new int[] {1, 3}, ragged.rowShape(1));
        assertArrayEquals(new int[] {0, 0}, ragged.rowShape(2), "an empty row never reaches plate 'd'");
        DataLevels mvn = DataLevels.of("x").plate("data").event().build();
        assertMessage("site 'x' at data[2]: has 3 entries in event dimension 0 but data[0] has 2; every draw has the "
                + "same event shape", () -> mvn.bind(new double[][] {{1, 2}, {3, 4}, {5, 6, 7}}));
        assertMessage("site 'x' at data[0]: has an empty event dimension; one draw of the family has at least one "
                + "entry in each of its event dimensions", () -> mvn.bind(new double[][] {{}}));
    }

    @Test
    void integerDataIsCheckedAgainstTheSupport() {
        ObservedData data = DAYS.bind(new int[] {2, 0, 5});
        assertMessage("site 'activity' at days[2]: observed value 5 is outside the support 0..2",
                () -> data.integers(3));
        assertMessage("site 'activity' at days[1]: observed value 1.5 is not an integer",
                () -> DAYS.bind(Tensor.vector(1, 1.5)).integers(3));
        assertMessage("site 'activity' at days[0]: observed value -1 is outside the support 0..2",
                () -> DAYS.bind(new int[] {-1}).integers(3));
    }

    @Test
    void theLargestIntIsAnIntegerAndAnythingBeyondIsNot() {
        assertArrayEquals(new int[] {Integer.MAX_VALUE, -Integer.MAX_VALUE},
                DAYS.bind(Tensor.vector(Integer.MAX_VALUE, -Integer.MAX_VALUE)).integers(0));
        assertMessage("site 'activity' at days[1]: observed value 2.147483648E9 is not an integer",
                () -> DAYS.bind(Tensor.vector(0, 2147483648.0)).integers(0));
    }

    @Test
    void aBadEntryOfARaggedRowIsNamedByItsPlaceInThatRow() {
        DataLevels items = DataLevels.of("obs").plate("groups").folded("items").build();
        assertMessage("site 'obs' at groups[1].items[1]: observed value 2.0 is outside [0, 1]; a Bernoulli "
                + "observation must lie in [0, 1]", () -> items.bind(List.of(new double[] {0, 1},
                        new double[] {0, 2, 1})).checkBernoulli(false));
        assertMessage("site 'obs' at groups[1].items[1]: observed value 7 is outside the support 0..4",
                () -> items.bind(List.of(new int[] {1, 2}, new int[] {4, 7, 0})).integers(5));
    }

    @Test
    void anEntryInsideARowOfTwoFoldedPlatesIsNamedByBoth() {
        DataLevels grid = DataLevels.of("w").plate("p").folded("c").folded("d").build();
        ObservedData data = grid.bind(new double[][][] {{{1, 2, 3}, {4, 5, 6}}});
        assertEquals("c[1].d[2]", data.describeMember(5, new int[] {2, 3}));
        assertEquals("c[0].d[1]", data.describeMember(1, new int[] {2, 3}));
        assertEquals("p[0].c[1].d[0]", data.describe(0, 3));
    }

    @Test
    void sitesThatShareFewerPlatesThanClaimedAreRefused() {
        DataLevels sequencesOnly = DataLevels.of("s").plate("sequences").folded("time").build();
        ObservedData y = HMM.bind(List.of(new double[][] {{0}, {1}}, new double[][] {{1}}));
        ObservedData s = sequencesOnly.bind(List.of(new double[] {1, 2}, new double[] {3}));
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
                () -> ObservedData.checkSameCounts(s, y, 2));
        assertEquals("sites 's' and 'y' do not share 2 outer plates", first.getMessage());
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class,
                () -> ObservedData.checkSameCounts(y, s, 2));
        assertEquals("sites 'y' and 's' do not share 2 outer plates", second.getMessage());
    }

    @Test
    void bernoulliDataIsCheckedForItsRange() {
        HMM.bind(List.<double[][]>of(new double[][] {{0, 0.5, 1}})).checkBernoulli(false);
        assertMessage("site 'y' at sequences[0].time[0].tones[1]: observed value 0.5 is not 0 or 1; a Bernoulli "
                + "observation read as a later step's previous value must be 0 or 1",
                () -> HMM.bind(List.<double[][]>of(new double[][] {{0, 0.5, 1}})).checkBernoulli(true));
        assertMessage("site 'y' at sequences[0].time[0].tones[2]: observed value 2.0 is outside [0, 1]; a Bernoulli "
                + "observation must lie in [0, 1]",
                () -> HMM.bind(List.<double[][]>of(new double[][] {{0, 1, 2}})).checkBernoulli(false));
    }

    @Test
    void sitesSharingPlatesMustAgreeOnTheirCounts() {
        DataLevels other = DataLevels.of("u").plate("sequences").plate("time").build();
        ObservedData y = HMM.bind(List.of(new double[][] {{0}, {1}}, new double[][] {{1}}));
        ObservedData.checkSameCounts(y, other.bind(List.of(new int[] {1, 2}, new int[] {3})), 2);
        ObservedData.checkSameCounts(y, other.bind(List.of(new int[] {1, 2}, new int[] {3, 4})), 1);
        assertMessage("site 'u' at sequences[1]: has 2 members of plate 'time' but site 'y' has 1 there; sites in "
                + "one plate need the same members",
                () -> ObservedData.checkSameCounts(y, other.bind(List.of(new int[] {1, 2}, new int[] {3, 4})), 2));
        assertMessage("site 'u': has 1 members of plate 'sequences' but site 'y' has 2 there; sites in one plate "
                + "need the same members",
                () -> ObservedData.checkSameCounts(y, other.bind(List.of(new int[] {1, 2})), 2));
        assertThrows(IllegalArgumentException.class, () -> ObservedData.checkSameCounts(y, DAYS.bind(new int[] {1}),
                1));
    }

    @Test
    void aSubsampleOfTheOutermostPlateKeepsEverythingNestedInItsMembers() {
        ObservedData data = HMM.bind(List.of(new double[][] {{1, 0}, {0, 1}}, new double[0][],
                new double[][] {{1, 1}, {0, 0}, {1, 0}}));
        ObservedData subset = data.subsample(new int[] {2, 0});
        assertArrayEquals(new int[] {2}, subset.counts(0));
        assertArrayEquals(new int[] {3, 2}, subset.counts(1));
        assertEquals(Tensor.of(new double[] {1, 1, 0, 0, 1, 0, 1, 0, 0, 1}, 5, 2), subset.rows());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, subset.steps());
        assertEquals(0, data.subsample(new int[] {1}).instances());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.subsample(new int[] {3}));
        assertEquals("site 'y': member 3 of plate 'sequences' does not exist; there are 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataLevels.of("z").build().bind(1).subsample(new int[0]));
    }

    @Test
    void levelsAreGivenOutermostFirst() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DataLevels.of("y").folded("tones").plate("time"));
        assertEquals("site 'y': level PLATE 'time' after a FOLDED level; give plates first, then folded plates, then "
                + "event dimensions", e.getMessage());
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(SiteException.class, call).getMessage());
    }
}
