package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A scan spec's printed form (its {@code toString}, a debugging aid): frontier, outer uses and every program. */
class ScanSpecPrinterTest {

    @Test
    void a_scan_spec_prints_its_frontier_and_programs() {
        ScanSpec spec = ScanSpec.builder(1, ScanKind.FIRST_ORDER).frontier(0, 1)
                .boundary(0, ScanSpec.op(new int[] {0, 1}, new int[0], 0))
                .steady(ScanSpec.op(new int[] {0, 2}, new int[] {1}, 0))
                .build();
        assertEquals("ScanSpec[plate 1, FIRST_ORDER, frontier [0] -> [1], outer [], step 0 [op([0, 1] - [] -> [0])], "
                + "steady [op([0, 2] - [1] -> [0])]]", spec.toString());
    }
}
