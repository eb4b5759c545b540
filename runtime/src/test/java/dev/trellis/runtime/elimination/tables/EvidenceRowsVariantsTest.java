package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Evidence rows read each instance's variant from an index their data keep, made once per largest lag. */
class EvidenceRowsVariantsTest {

    private static final DataLevels HMM = DataLevels.of("y").plate("sequences").plate("time").folded("tones").build();
    private static final ObservedData DATA = HMM.bind(List.of(
            new double[][] {{1, 0}, {0, 1}, {1, 1}},
            new double[0][],
            new double[][] {{0, 0}},
            new double[][] {{0, 1}, {1, 0}}));
    private static final EnumeratedParents LAG_1 = EnumeratedParents.of(new String[] {"x", "before"},
            new int[] {3, 3}, new int[] {0, 1});

    private static int[] variants(EvidenceRows rows) {
        int[] variants = new int[rows.instances];
        for (int i = 0; i < variants.length; i++) {
            variants[i] = rows.variant(i);
        }
        return variants;
    }

    @Test
    void evidence_made_again_over_the_same_data_reads_the_index_the_data_keep() {
        ObservedData data = HMM.bind(List.of(new double[][] {{1, 0}, {0, 1}}, new double[][] {{1, 1}}));
        EvidenceRows first = new EvidenceRows(data, LAG_1, 0);
        EvidenceRows again = new EvidenceRows(data, LAG_1, 0);
        assertSame(data.variants(1), data.variants(1));
        assertArrayEquals(new int[] {0, 1, 0}, variants(first));
        assertArrayEquals(variants(first), variants(again));
        assertEquals(0, again.witness(0, 0));
        assertEquals(1, again.witness(1, 0));
    }

    @Test
    void each_largest_lag_gives_every_instance_min_of_its_step_and_the_lag() {
        // steps: 0 1 2 | 0 | 0 1
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, variants(new EvidenceRows(DATA, EnumeratedParents.current(
                new String[] {"x"}, new int[] {3}), 0)));
        EvidenceRows lag1 = new EvidenceRows(DATA, LAG_1, 0);
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 1}, variants(lag1));
        assertTrue(lag1.occurs(0) && lag1.occurs(1));
        EvidenceRows lag2 = new EvidenceRows(DATA, LAG_1, 2);
        assertArrayEquals(new int[] {0, 1, 2, 0, 0, 1}, variants(lag2));
        assertEquals(2, lag2.witness(2, 0));
        EvidenceRows lag3 = new EvidenceRows(DATA, LAG_1, 3);
        assertFalse(lag3.occurs(3), "no sequence has four steps");
        assertEquals(-1, lag3.witness(3, 0));
        assertNotSame(DATA.variants(1), DATA.variants(2));
        assertArrayEquals(variants(lag1), variants(new EvidenceRows(DATA, LAG_1, 1)), "back to lag 1");
    }
}
