package dev.trellis.runtime.elimination;

import org.junit.jupiter.api.Test;

/**
 * Chains whose steps read two observed sites: the first-order scan cannot hand one input's rows to the chain kernels
 * in place but must add both into each step's evidence row first (and send each step's posterior back to both),
 * against brute-force enumeration with both kernel sets.
 */
class ChainScanSummedEvidenceTest {

    /**
     * @param secondReadsTheState whether the second site's evidence is over [x] (else it is one number per step,
     *     over no axes: an observation that does not depend on the chain)
     */
    private static void twoObservedSitesPerStep(ScanKind kind, long seed, boolean secondReadsTheState,
                                                int... lengths) {
        ToyModel m = new ToyModel(seed);
        int sequences = m.plate("sequences", Layout.ROOT, lengths.length);
        int time = m.plate("time", sequences, lengths);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        ToyModel.Factor w = secondReadsTheState ? m.evidence("w", time, x[0]) : m.evidence("w", time);
        // Slots: 0 message, 1 boundary table, 2 steady table, 3 and 4 the two sites' evidence, 5 the first op.
        ScanSpec spec = ScanSpec.builder(time, kind).frontier(x[0], x[1])
                .boundary(0, ScanSpec.op(new int[] {1, 3, 4}, new int[] {}, x[0]))
                .steady(ScanSpec.op(new int[] {0, 2}, new int[] {x[1]}, x[0]),
                        ScanSpec.op(new int[] {5, 3, 4}, new int[] {}, x[0]))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int init = model.registerBoundary(e, px, 0);
            int trans = model.register(e, px);
            int first = model.register(e, y);
            int second = model.register(e, w);
            return e.result(e.product(sequences, e.scan(time, spec, init, trans, first, second)));
        }, 3000);
    }

    @Test
    void two_observed_sites_per_step_give_the_brute_force_answers() {
        twoObservedSitesPerStep(ScanKind.FIRST_ORDER, 31, true, 3, 1, 4);
    }

    @Test
    void a_second_site_that_does_not_read_the_state_gives_the_brute_force_answers() {
        twoObservedSitesPerStep(ScanKind.FIRST_ORDER, 32, false, 2, 3);
        twoObservedSitesPerStep(ScanKind.GENERIC, 32, false, 2, 3);
    }

    @Test
    void two_observed_sites_per_step_run_as_a_generic_scan_give_the_brute_force_answers() {
        twoObservedSitesPerStep(ScanKind.GENERIC, 31, true, 3, 1, 4);
    }
}
