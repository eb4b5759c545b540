package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which row of a data parent each instance of the reader reads, at lag 0 and at a lag, and misuse. */
class DataParentTest {

    private static final DataLevels STEPS = DataLevels.of("y").plate("sequences").plate("time").build();
    private final ObservedData reader = STEPS.bind(List.of(new int[] {1, 2, 3}, new int[] {}, new int[] {4, 5}));

    @Test
    void atLagZeroAnInstanceReadsItsOwnRowOrItsEnclosingInstancesRow() {
        ObservedData same = DataLevels.of("u").plate("sequences").plate("time").build().bind(List.of(
                new int[] {0, 0, 0}, new int[] {}, new int[] {0, 0}));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, DataParent.of("u", same, 0).rowsFor(reader));
        ObservedData perSequence = DataLevels.of("g").plate("sequences").build().bind(new int[] {7, 8, 9});
        assertArrayEquals(new int[] {0, 0, 0, 2, 2}, DataParent.of("g", perSequence, 0).rowsFor(reader));
        ObservedData global = DataLevels.of("c").build().bind(3);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0}, DataParent.of("c", global, 0).rowsFor(reader));
    }

    @Test
    void atALagAnInstanceReadsTheRowThatManyStepsBackAndNothingBeforeTheStart() {
        assertArrayEquals(new int[] {-1, 0, 1, -1, 3}, DataParent.of("before", reader, 1).rowsFor(reader));
        assertArrayEquals(new int[] {-1, -1, 0, -1, -1}, DataParent.of("twoBack", reader, 2).rowsFor(reader));
    }

    @Test
    void aParentOutsideTheReadersPlatesIsTheGeneratorsMistake() {
        ObservedData elsewhere = DataLevels.of("z").plate("other").build().bind(new int[] {1, 2, 3});
        assertEquals("site 'y' reads site 'z' at lag 0, but the plates of 'z' are not the outer plates of 'y'",
                assertThrows(IllegalArgumentException.class, () -> DataParent.of("z", elsewhere, 0).rowsFor(reader))
                        .getMessage());
        ObservedData perSequence = DataLevels.of("g").plate("sequences").build().bind(new int[] {7, 8, 9});
        assertEquals("site 'y' reads site 'g' at lag 1, but the plates of 'g' are not the plates of 'y'",
                assertThrows(IllegalArgumentException.class, () -> DataParent.of("g", perSequence, 1)
                        .rowsFor(reader)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataParent.of("g", perSequence, -1));
    }
}
