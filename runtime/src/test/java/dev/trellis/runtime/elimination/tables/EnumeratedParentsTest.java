package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Cells row-major over the parents, absent axes at boundary variants, and the generator's mistakes. */
class EnumeratedParentsTest {

    private static final EnumeratedParents PARENTS = EnumeratedParents.of(new String[] {"x", "before", "w"},
            new int[] {3, 3, 2}, new int[] {0, 1, 0});

    @Test
    void cellsAreRowMajorWithTheLastAxisFastest() {
        assertEquals(18, PARENTS.cells());
        assertEquals(1, PARENTS.maxLag());
        int[] assignment = new int[3];
        PARENTS.decode(2 * 6 + 1 * 2 + 1, 1, assignment);
        assertArrayEquals(new int[] {2, 1, 1}, assignment);
        assertEquals("x = 2, before = 1, w = 1", PARENTS.describe(assignment));
        assertEquals(1, EnumeratedParents.none().cells());
        assertEquals(0, EnumeratedParents.none().maxLag());
    }

    @Test
    void eachAxisKeepsItsNameSizeAndLagInTheOrderGiven() {
        String[] names = new String[3];
        int[] sizes = new int[3];
        int[] lags = new int[3];
        for (int a = 0; a < 3; a++) {
            names[a] = PARENTS.name(a);
            sizes[a] = PARENTS.size(a);
            lags[a] = PARENTS.lag(a);
        }
        assertArrayEquals(new String[] {"x", "before", "w"}, names);
        assertArrayEquals(new int[] {3, 3, 2}, sizes);
        assertArrayEquals(new int[] {0, 1, 0}, lags);
    }

    @Test
    void atABoundaryVariantTheLaggedAxisIsAbsentAndItsCellsShareARepresentative() {
        int[] assignment = new int[3];
        PARENTS.decode(2 * 6 + 1 * 2 + 1, 0, assignment);
        assertArrayEquals(new int[] {2, -1, 1}, assignment);
        assertEquals("x = 2, w = 1", PARENTS.describe(assignment));
        for (int before = 0; before < 3; before++) {
            assertEquals(2 * 6 + 1, PARENTS.representative(2 * 6 + before * 2 + 1, 0));
            assertEquals(2 * 6 + before * 2 + 1, PARENTS.representative(2 * 6 + before * 2 + 1, 1));
        }
    }

    @Test
    void theGeneratorsMistakesAreIllegalArguments() {
        assertEquals("got 1 names, 2 sizes and 2 lags; give one of each per parent",
                assertThrows(IllegalArgumentException.class, () -> EnumeratedParents.of(new String[] {"x"},
                        new int[] {2, 2}, new int[] {0, 0})).getMessage());
        assertEquals("parent 'x' has domain size 0; a domain has at least one value",
                assertThrows(IllegalArgumentException.class, () -> EnumeratedParents.current(new String[] {"x"},
                        new int[] {0})).getMessage());
        assertEquals("parent 'x' is read at lag -1; a lag is 0 or more",
                assertThrows(IllegalArgumentException.class, () -> EnumeratedParents.of(new String[] {"x"},
                        new int[] {2}, new int[] {-1})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> EnumeratedParents.current(new String[] {"a", "b", "c"},
                new int[] {2000, 2000, 2000}));
    }
}
