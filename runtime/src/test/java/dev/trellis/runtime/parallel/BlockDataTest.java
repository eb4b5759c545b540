package dev.trellis.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BlockDataTest {

    /** Selects a member set as its text, counting the selections. */
    private static Function<int[], String> counting(AtomicInteger selections) {
        return members -> {
            selections.incrementAndGet();
            return Arrays.toString(members);
        };
    }

    @Test
    void a_run_of_consecutive_members_is_selected_once_and_kept() {
        BlockData<String> data = new BlockData<>();
        AtomicInteger selections = new AtomicInteger();
        String first = data.of(new int[] {16, 17, 18}, counting(selections));
        String again = data.of(new int[] {16, 17, 18}, counting(selections));
        assertEquals("[16, 17, 18]", first);
        assertSame(first, again);
        assertEquals(1, selections.get());
        assertEquals("[16, 17]", data.of(new int[] {16, 17}, counting(selections)), "same start, other length");
        assertEquals("[5]", data.of(new int[] {5}, counting(selections)));
        assertEquals(3, selections.get());
        assertEquals(3, data.size());
    }

    @Test
    void other_member_sets_are_selected_every_time() {
        BlockData<String> data = new BlockData<>();
        AtomicInteger selections = new AtomicInteger();
        String first = data.of(new int[] {3, 5, 6}, counting(selections));
        String again = data.of(new int[] {3, 5, 6}, counting(selections));
        assertEquals(first, again);
        assertNotSame(first, again);
        assertEquals(2, selections.get());
        assertEquals(0, data.size());
    }

    @Test
    void no_more_runs_than_the_limit_are_kept() {
        BlockData<String> data = new BlockData<>();
        AtomicInteger selections = new AtomicInteger();
        for (int m = 0; m < BlockData.LIMIT + 10; m++) {
            data.of(new int[] {m}, counting(selections));
        }
        assertEquals(BlockData.LIMIT, data.size());
        data.of(new int[] {BlockData.LIMIT + 5}, counting(selections));
        assertEquals(BlockData.LIMIT + 11, selections.get(), "a run past the limit is selected again");
    }

    @Test
    void runs_are_consecutive_ascending_members() {
        assertTrue(BlockData.isRun(new int[] {7}));
        assertTrue(BlockData.isRun(new int[] {0, 1, 2, 3}));
        assertFalse(BlockData.isRun(new int[] {0, 2}));
        assertFalse(BlockData.isRun(new int[] {2, 1}));
        assertFalse(BlockData.isRun(new int[0]));
    }
}
