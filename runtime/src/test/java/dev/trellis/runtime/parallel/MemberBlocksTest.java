package dev.trellis.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemberBlocksTest {

    @Test
    void a_plate_is_cut_into_ceil_count_over_size_runs_whose_sizes_differ_by_at_most_one() {
        for (int count = 1; count <= 300; count++) {
            for (int size : new int[] {1, 2, 3, 7, 16, 32, 1000}) {
                int[] all = range(count);
                List<int[]> blocks = MemberBlocks.split(all, size, count);
                assertEquals((count + size - 1) / size, blocks.size(), count + " members, size " + size);
                assertEquals(blocks.size(), MemberBlocks.blockCount(count, size));
                int next = 0;
                int smallest = Integer.MAX_VALUE;
                int largest = 0;
                for (int b = 0; b < blocks.size(); b++) {
                    int[] block = blocks.get(b);
                    for (int member : block) {
                        assertEquals(next++, member, "consecutive members, in order");
                        assertEquals(b, MemberBlocks.blockOf(member, size, count));
                    }
                    smallest = Math.min(smallest, block.length);
                    largest = Math.max(largest, block.length);
                }
                assertEquals(count, next);
                assertTrue(largest <= size, "no block holds more than the block size");
                assertTrue(largest - smallest <= 1, count + " members, size " + size + ": " + smallest + ".." + largest);
            }
        }
    }

    @Test
    void hmm_py_229_chorales_in_blocks_of_at_most_32_are_8_blocks_of_28_or_29() {
        List<int[]> blocks = MemberBlocks.split(range(229), 32, 229);
        int[] sizes = blocks.stream().mapToInt(block -> block.length).toArray();
        assertArrayEquals(new int[] {29, 29, 28, 29, 29, 28, 29, 28}, sizes);
    }

    @Test
    void a_subsample_falls_into_the_blocks_its_members_have_in_the_whole_plate() {
        Random random = new Random(12);
        int count = 229;
        for (int trial = 0; trial < 50; trial++) {
            List<Integer> drawn = new ArrayList<>();
            for (int m = 0; m < count; m++) {
                if (random.nextInt(4) == 0) {
                    drawn.add(m);
                }
            }
            java.util.Collections.shuffle(drawn, random);
            int[] members = drawn.stream().mapToInt(Integer::intValue).toArray();
            List<int[]> blocks = MemberBlocks.split(members, 16, count);
            int previousBlock = -1;
            int total = 0;
            for (int[] block : blocks) {
                int index = MemberBlocks.blockOf(block[0], 16, count);
                assertTrue(index > previousBlock, "blocks in increasing order");
                for (int j = 0; j < block.length; j++) {
                    assertEquals(index, MemberBlocks.blockOf(block[j], 16, count));
                    assertTrue(j == 0 || block[j] > block[j - 1], "ascending within a block");
                }
                previousBlock = index;
                total += block.length;
            }
            assertEquals(members.length, total);
        }
    }

    @Test
    void a_member_outside_the_plate_or_listed_twice_or_a_size_below_one_is_refused() {
        var outside = assertThrows(IllegalArgumentException.class, () -> MemberBlocks.split(new int[] {3, 10}, 4, 10));
        assertEquals("member 10 is outside 0..9", outside.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> MemberBlocks.split(new int[] {2, 5, 2}, 4, 10));
        assertEquals("member 2 is listed twice", twice.getMessage());
        var size = assertThrows(IllegalArgumentException.class, () -> MemberBlocks.split(new int[] {1}, 0, 10));
        assertEquals("block size 0 must be at least 1", size.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> MemberBlocks.blockOf(-1, 4, 10));
        assertEquals("member -1 is outside 0..9", negative.getMessage());
    }

    private static int[] range(int count) {
        int[] all = new int[count];
        for (int m = 0; m < count; m++) {
            all[m] = m;
        }
        return all;
    }
}
