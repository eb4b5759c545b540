package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * A plate's members: every one, or a subsample drawn uniformly without replacement and sorted (Pyro's
 * {@code subsample_size}), with the scale that makes a mini-batch's log-likelihood unbiased; its settings are
 * checked where it is made.
 */
class PlateTest {

    @Test
    void aFullPlateHasEveryMemberInOrderAndScaleOne() {
        Plate plate = Plate.full("data", 4, -1);
        assertArrayEquals(new int[] {0, 1, 2, 3}, plate.indices());
        assertEquals(4, plate.subsampleSize());
        assertEquals(1.0, plate.scale());
        assertEquals("plate 'data' (4 of 4, dim -1)", plate.toString());
    }

    @Test
    void aSubsampleIsDistinctSortedAndEveryMemberIsEquallyLikely() {
        int size = 10;
        int draws = 20_000;
        int[] counts = new int[size];
        Rng rng = Rng.seeded(3);
        for (int d = 0; d < draws; d++) {
            Plate plate = Plate.subsample("data", size, 3, -1, rng);
            int[] members = plate.indices();
            assertEquals(3, members.length);
            for (int i = 0; i < members.length; i++) {
                assertTrue(members[i] >= 0 && members[i] < size);
                assertTrue(i == 0 || members[i] > members[i - 1], "distinct and ascending");
                counts[members[i]]++;
            }
            assertEquals(10.0 / 3, plate.scale(), 1e-15);
        }
        // each member is drawn with probability 3/10: within 5 standard errors of 6000
        double sd = Math.sqrt(draws * 0.3 * 0.7);
        for (int m = 0; m < size; m++) {
            assertEquals(draws * 0.3, counts[m], 5 * sd, "member " + m);
        }
    }

    @Test
    void aSubsampleOfOneOrOfTheWholePlateIsAllowed() {
        assertEquals(1, Plate.subsample("data", 5, 1, -1, Rng.seeded(1)).subsampleSize());
        assertEquals(Plate.full("data", 5, -2), Plate.subsample("data", 5, 5, -2, Rng.seeded(1)));
        assertEquals(Plate.full("data", 5, -2), Plate.subsample("data", 5, 9, -2, Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> Plate.subsample("data", 5, 0, -1, Rng.seeded(1)));
    }

    @Test
    void settingsAreCheckedAndTheMembersCopied() {
        assertEquals(0, new Plate("empty", 0, new int[0], -1).subsampleSize());
        assertEquals(1.0, new Plate("empty", 0, new int[0], -1).scale());
        assertThrows(IllegalArgumentException.class, () -> new Plate("p", -1, new int[0], -1));
        assertThrows(IllegalArgumentException.class, () -> new Plate("p", 3, new int[] {0}, 0));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> new Plate("p", 3, new int[] {0, 3}, -1));
        assertTrue(outside.getMessage().contains("member index 3 at position 1 is outside 0..2"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Plate("p", 3, new int[] {-1}, -1));
        int[] members = {2};
        Plate plate = new Plate("p", 3, members, -1);
        members[0] = 0;
        plate.indices()[0] = 1;
        assertArrayEquals(new int[] {2}, plate.indices());
    }

    @Test
    void platesAreEqualWhenNameSizeMembersAndDimAre() {
        Plate plate = new Plate("p", 3, new int[] {0, 2}, -1);
        assertEquals(plate, new Plate("p", 3, new int[] {0, 2}, -1));
        assertEquals(plate.hashCode(), new Plate("p", 3, new int[] {0, 2}, -1).hashCode());
        assertNotEquals(plate, new Plate("q", 3, new int[] {0, 2}, -1));
        assertNotEquals(plate, new Plate("p", 4, new int[] {0, 2}, -1));
        assertNotEquals(plate, new Plate("p", 3, new int[] {0, 1}, -1));
        assertNotEquals(plate, new Plate("p", 3, new int[] {0, 2}, -2));
        assertNotEquals(plate, "p");
    }
}
