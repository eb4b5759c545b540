package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The layout's ids and checks, and the plate instances' offsets, descriptions and checks. */
class LayoutAndInstancesTest {

    private static final int ROOT = Layout.ROOT;

    private static Layout sequencesLayout() {
        Layout.Builder b = Layout.builder();
        int sequences = b.plate("sequences", ROOT);
        int time = b.plate("time", sequences);
        b.plate("tones", time);
        int x = b.variable("x", time);
        b.use(x, 0);
        b.use(x, 1);
        return b.build();
    }

    @Test
    void ids_are_given_in_call_order_and_repeated_uses_share_an_id() {
        Layout.Builder b = Layout.builder();
        assertEquals(0, b.plate("sequences", ROOT));
        assertEquals(1, b.plate("time", 0));
        assertEquals(0, b.variable("g", ROOT));
        assertEquals(1, b.variable("x", 1));
        assertEquals(0, b.use(1, 0));
        assertEquals(1, b.use(1, 2));
        assertEquals(0, b.use(1, 0));
        Layout layout = b.build();
        assertEquals("x@2", layout.describeUse(1));
        assertEquals("x", layout.describeUse(0));
        assertEquals(0, layout.plateParent(1));
        assertEquals(1, layout.node(1));
    }

    @Test
    void layout_mistakes_are_named() {
        Layout.Builder b = Layout.builder();
        b.plate("data", ROOT);
        assertMessage(() -> b.plate("data", ROOT), "plate data is declared twice");
        assertMessage(() -> b.plate("items", 3), "plate items: parent 3");
        b.variable("g", ROOT);
        assertMessage(() -> b.variable("g", 0), "variable g is declared twice");
        assertMessage(() -> b.use(0, 1), "lag 1 on a variable that lives at the root");
        assertMessage(() -> b.use(0, -1), "lag -1 is negative");
        assertMessage(() -> b.use(5, 0), "variable 5 is not declared");
    }

    @Test
    void ragged_instances_have_offsets_parents_and_descriptions() {
        Layout layout = sequencesLayout();
        PlateInstances instances = PlateInstances.builder(layout).top(0, 3).nested(1, new int[] {2, 0, 3})
                .nested(2, new int[] {1, 1, 4, 0, 2}).scale(0, 2.5).build();
        assertEquals(3, instances.count(0));
        assertEquals(5, instances.count(1));
        assertEquals(8, instances.count(2));
        assertEquals(1, instances.count(ROOT));
        assertArrayEquals(new int[] {0, 3}, instances.offsets(0));
        assertArrayEquals(new int[] {0, 2, 2, 5}, instances.offsets(1));
        assertArrayEquals(new int[] {0, 1, 2, 6, 6, 8}, instances.offsets(2));
        assertEquals(2, instances.parentInstance(1, 4));
        assertEquals(2, instances.parentInstance(2, 5));
        assertEquals("sequences[2].time[1]", instances.describe(1, 3));
        assertEquals("sequences[2].time[0].tones[3]", instances.describe(2, 5));
        assertEquals("the root", instances.describe(ROOT, 0));
        assertEquals(2.5, instances.scale(0));
        assertEquals(1.0, instances.scale(1));
    }

    @Test
    void bad_instance_structures_are_named() {
        Layout layout = sequencesLayout();
        assertMessage(() -> PlateInstances.builder(layout).top(0, 2).nested(1, new int[] {1, 1}).build(),
                "plate tones has no instances given");
        assertMessage(() -> PlateInstances.builder(layout).top(0, 2).nested(1, new int[] {1, 2, 3})
                .nested(2, new int[] {0, 0, 0}).build(), "plate time: 3 counts given but its parent sequences has 2");
        assertMessage(() -> PlateInstances.builder(layout).nested(1, new int[] {1, -2}),
                "plate time: count -2 inside sequences[1] is negative");
        assertMessage(() -> PlateInstances.builder(layout).top(1, 3), "plate time is nested in sequences");
        assertMessage(() -> PlateInstances.builder(layout).nested(0, new int[] {1}), "plate sequences is top-level");
        assertMessage(() -> PlateInstances.builder(layout).scale(1, 2.0), "only a top-level plate can be subsampled");
        assertMessage(() -> PlateInstances.builder(layout).scale(0, Double.NaN), "scale NaN is not positive");
        assertMessage(() -> PlateInstances.builder(layout).top(0, 1).top(0, 1), "plate sequences is given twice");
        assertMessage(() -> PlateInstances.builder(layout).top(0, -1), "plate sequences: count -1 is negative");
    }

    @Test
    void instances_are_checked_at_both_ends_and_empty_plates_and_scale_bounds_are_exact() {
        Layout layout = sequencesLayout();
        PlateInstances instances = PlateInstances.builder(layout).top(0, 2).nested(1, new int[] {3, 1})
                .nested(2, new int[] {0, 2, 1, 1}).build();
        assertEquals(0, instances.parentInstance(0, 0));
        assertEquals(0, instances.parentInstance(1, 0));
        assertEquals(1, instances.parentInstance(1, 3));
        assertEquals("sequences[0]", instances.describe(0, 0));
        assertEquals("sequences[0].time[0]", instances.describe(1, 0));
        assertInstanceMessage(() -> instances.parentInstance(0, 2), "instance 2 of plate sequences, which has 2");
        assertInstanceMessage(() -> instances.parentInstance(1, 4), "instance 4 of plate time, which has 4");
        assertInstanceMessage(() -> instances.parentInstance(1, -1), "instance -1 of plate time, which has 4");
        assertInstanceMessage(() -> instances.describe(0, 2), "instance 2 of plate sequences, which has 2");
        assertInstanceMessage(() -> instances.describe(2, 4), "instance 4 of plate tones, which has 4");
        PlateInstances empty = PlateInstances.builder(layout).top(0, 0).nested(1, new int[0]).nested(2, new int[0])
                .build();
        assertEquals(0, empty.count(0));
        assertEquals(0, empty.count(2));
        assertMessage(() -> PlateInstances.builder(layout).scale(0, 0.0), "scale 0.0 is not positive and finite");
        assertMessage(() -> PlateInstances.builder(layout).scale(0, Double.POSITIVE_INFINITY),
                "scale Infinity is not positive and finite");
        assertEquals(Double.MIN_VALUE, PlateInstances.builder(layout).scale(0, Double.MIN_VALUE).top(0, 1)
                .nested(1, new int[] {0}).nested(2, new int[0]).build().scale(0));
    }

    private static void assertInstanceMessage(Runnable call, String expected) {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    static void assertMessage(Runnable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage() + "\nexpected: " + expected);
    }
}
