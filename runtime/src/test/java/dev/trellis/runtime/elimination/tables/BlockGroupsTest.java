package dev.trellis.runtime.elimination.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The blocks a batched site's method is called on: they partition the range, each block's instances share a variant,
 * the shape of their own row and the shape of the row each data parent gives them, no two blocks share all of these,
 * and blocks come in order of variant.
 */
class BlockGroupsTest {

    private static final DataLevels ITEMS = DataLevels.of("y").plate("sequences").plate("time").folded("items")
            .build();
    private static final DataLevels STEPS = DataLevels.of("u").plate("sequences").plate("time").build();
    private static final DataLevels READINGS = DataLevels.of("r").plate("sequences").plate("time").folded("readings")
            .build();

    private final ObservedData ragged = ITEMS.bind(List.of(
            new double[][] {{1, 2}, {3}, {4, 5}, {6}, {7, 8}},
            new double[][] {{1}, {2, 3}, {4, 5}},
            new double[0][],
            new double[][] {{1, 2}, {3, 4}, {5}}));
    private final ObservedData uniform = STEPS.bind(List.of(new int[] {1, 0, 1, 1, 0}, new int[] {0, 1, 1},
            new int[] {}, new int[] {1, 1, 0}));
    private final ObservedData readings = READINGS.bind(List.of(
            new double[][] {{1}, {1}, {1, 1}, {1, 1}, {1}},
            new double[][] {{1, 1}, {1}, {1}},
            new double[0][],
            new double[][] {{1}, {1}, {1, 1}}));

    @Test
    void raggedRowsWithoutDataParentsAreGroupedByVariantAndShape() {
        checkBlocks(ragged, List.of(), EnumeratedParents.none());
    }

    @Test
    void uniformRowsWithARaggedParentAreGroupedByTheParentsRowShape() {
        List<int[]> blocks = checkBlocks(uniform, List.of(DataParent.of("r", readings, 0)), EnumeratedParents.none());
        assertEquals(2, blocks.size(), "one variant, two shapes of the parent's rows");
    }

    @Test
    void theOwnPreviousRowAndAnotherSitesRowBothShapeTheBlocks() {
        EnumeratedParents lagged = EnumeratedParents.of(new String[] {"x", "before"}, new int[] {2, 2},
                new int[] {0, 1});
        checkBlocks(ragged, List.of(DataParent.of("previous", ragged, 1), DataParent.of("r", readings, 0)), lagged);
        checkBlocks(ragged, List.of(DataParent.of("r", readings, 0), DataParent.of("previous", ragged, 1)), lagged);
    }

    /** Checks the blocks of every range of the data and returns those of the whole range. */
    private static List<int[]> checkBlocks(ObservedData data, List<DataParent> dataParents,
                                           EnumeratedParents parents) {
        int lag = dataParents.stream().mapToInt(DataParent::lag).max().orElse(0);
        EvidenceRows rows = new EvidenceRows(data, parents, lag);
        int[][] parentRows = new int[dataParents.size()][];
        for (int j = 0; j < parentRows.length; j++) {
            parentRows[j] = dataParents.get(j).rowsFor(data);
        }
        for (int from = 0; from <= rows.instances; from++) {
            for (int to = from; to <= rows.instances; to++) {
                List<int[]> blocks = BlockGroups.of(rows, dataParents, parentRows, from, to);
                checkPartition(blocks, from, to);
                List<List<String>> signatures = new ArrayList<>();
                int lastVariant = -1;
                for (int[] block : blocks) {
                    List<String> signature = signature(rows, dataParents, parentRows, block[0]);
                    for (int i : block) {
                        assertEquals(signature, signature(rows, dataParents, parentRows, i),
                                "instance " + i + " in the block of " + block[0]);
                    }
                    for (List<String> other : signatures) {
                        assertNotEquals(other, signature, "two blocks of one signature");
                    }
                    signatures.add(signature);
                    assertTrue(rows.variant(block[0]) >= lastVariant, "blocks in order of variant");
                    lastVariant = rows.variant(block[0]);
                }
            }
        }
        return BlockGroups.of(rows, dataParents, parentRows, 0, rows.instances);
    }

    /** The blocks are non-empty, each in increasing order, and together hold every instance of the range once. */
    private static void checkPartition(List<int[]> blocks, int from, int to) {
        List<Integer> all = new ArrayList<>();
        for (int[] block : blocks) {
            assertTrue(block.length > 0, "an empty block");
            for (int k = 1; k < block.length; k++) {
                assertTrue(block[k - 1] < block[k], "instances in order");
            }
            Arrays.stream(block).forEach(all::add);
        }
        all.sort(null);
        int[] expected = new int[to - from];
        Arrays.setAll(expected, k -> from + k);
        assertArrayEquals(expected, all.stream().mapToInt(Integer::intValue).toArray(), "blocks " + from + ".." + to);
    }

    /**
     * What a block must share: the variant, the shape of the own row, and per data parent the shape of the row it
     * reads (an absent parent is filled in the shape of its own row at this instance).
     */
    private static List<String> signature(EvidenceRows rows, List<DataParent> dataParents, int[][] parentRows,
                                          int instance) {
        List<String> signature = new ArrayList<>();
        int variant = rows.variant(instance);
        signature.add("variant " + variant);
        signature.add(Arrays.toString(rows.data.rowShape(instance)));
        for (int j = 0; j < dataParents.size(); j++) {
            DataParent parent = dataParents.get(j);
            int row = parent.lag() > variant ? instance : parentRows[j][instance];
            signature.add(parent.name() + " " + Arrays.toString(parent.data().rowShape(row)));
        }
        return signature;
    }
}
