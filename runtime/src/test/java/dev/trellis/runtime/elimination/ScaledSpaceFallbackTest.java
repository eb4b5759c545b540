package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Probabilities beyond double range: the generic scan redoes a lane in log space when scaled space would flush a live
 * state to zero, runs every lane in log space when a homogeneous table cannot be scaled, and keeps outer values whose
 * likelihoods are thousands of nats apart in separate lanes, so none of them needs the fallback. Every case is checked
 * against brute force with both kernel sets.
 */
class ScaledSpaceFallbackTest {

    private static final int ROOT = Layout.ROOT;
    private static final double NO = Double.NEGATIVE_INFINITY;

    private static GenericScan scanOf(ToyModel m, EngineCheck.Plan plan, Query query) {
        Elimination e = EngineCheck.start(m, query, FastKernels.INSTANCE, null);
        plan.run(e, m);
        for (TapeStep step : e.tape().steps) {
            if (step instanceof GenericScan scan) {
                return scan;
            }
        }
        throw new AssertionError("no generic scan on the tape");
    }

    /**
     * A state that never changes; the first observation favours state 0 by e^800, which a scaled message would round
     * to exactly 0 for state 1; the next two favour state 1 by e^400 each, so both states matter in the end.
     */
    @Test
    void a_state_e800_below_the_leader_is_kept_by_the_log_space_redo() {
        ToyModel m = new ToyModel(50);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 3, 2);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        m.layout();
        px.table = new double[] {0.0, NO, NO, 0.0};
        px.boundary[0] = new double[] {Math.log(0.5), Math.log(0.5)};
        y.rows = new double[] {0.0, -800.0, -400.0, 0.0, -400.0, 0.0, -1.0, -2.0, -0.5, -0.25};
        for (ScanKind kind : ScanKind.values()) {
            EngineCheck.Plan plan = ChainPlans.chain(time, sequences, x, px, y, kind);
            EngineCheck.all(m, plan, 2000);
            if (kind == ScanKind.GENERIC) {
                for (Query query : new Query[] {Query.LIKELIHOOD, Query.GRADIENT}) {
                    assertEquals(1, scanOf(m, plan, query).redoneInLogSpace(), query.toString());
                }
            }
        }
        assertEquals(Math.log(0.5) + Math.log(2.0) - 800.0 + Math.log(Math.exp(-1.5) + Math.exp(-2.25)) - Math.log(2),
                BruteForce.of(m).logZ, 1e-9);
    }

    /** Transitions into a state with probability e^-900: the table itself cannot be scaled. */
    @Test
    void a_transition_e900_below_the_others_runs_every_lane_in_log_space() {
        ToyModel m = new ToyModel(51);
        int time = m.plate("time", ROOT, 5);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 2);
        ToyModel.Factor px = m.table("x", time, x);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        m.layout();
        for (int c = 0; c < px.table.length; c += 4) {
            px.table[c] -= 900.0;
        }
        y.rows[7] = -850.0;
        EngineCheck.Plan plan = ChainPlans.chain(time, ROOT, x, px, y, ScanKind.GENERIC);
        EngineCheck.all(m, plan, 2000);
        assertTrue(scanOf(m, plan, Query.GRADIENT).allInLogSpace());
    }

    /**
     * A cluster per sequence whose second value makes every step e^-200 less likely: after six steps the two clusters
     * are 1200 nats apart, which one scaled message could not hold, but each has its own lane.
     */
    @Test
    void outer_values_thousands_of_nats_apart_run_in_separate_lanes_without_the_fallback() {
        ToyModel m = new ToyModel(52);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 6, 3);
        int cluster = m.variable("cluster", sequences, 2);
        int uc = m.use(cluster, 0);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor pc = m.table("cluster", sequences, uc);
        ToyModel.Factor px = m.table("x", time, x[0], x[1], uc);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        m.layout();
        for (int c = 1; c < px.table.length; c += 2) {
            px.table[c] -= 200.0;
        }
        px.boundary[0][1] -= 200.0;
        px.boundary[0][3] -= 200.0;
        pc.table[1] += 1000.0;
        EngineCheck.Plan plan = clusteredChain(sequences, time, uc, x, pc, px, y);
        EngineCheck.all(m, plan, 2000);
        GenericScan scan = scanOf(m, plan, Query.GRADIENT);
        assertEquals(0, scan.redoneInLogSpace());
        assertFalse(scan.allInLogSpace());
        // Both lanes carry information: the cluster flips between the sequences (1200 - 1000 and 600 - 1000 nats).
        double[] marginal = BruteForce.of(m).marginals[cluster];
        assertTrue(marginal[1] < 1e-80 && marginal[3] > 1 - 1e-12, Arrays.toString(marginal));
    }

    /**
     * Two lanes (an outer cluster that the transitions read) and the e^800 gap in the second sequence: the redo pass
     * finds the flags of that sequence's lanes, not of the first sequence's, and redoes both.
     */
    @Test
    void lanes_of_a_later_sequence_are_redone_in_log_space() {
        ToyModel m = new ToyModel(53);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 2, 3);
        int uc = m.use(m.variable("cluster", sequences, 2), 0);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor pc = m.table("cluster", sequences, uc);
        ToyModel.Factor px = m.table("x", time, x[0], x[1], uc);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        m.layout();
        // x never changes, in either cluster; the clusters differ in where x starts
        px.table = new double[] {0.0, 0.0, NO, NO, NO, NO, 0.0, 0.0};
        px.boundary[0] = new double[] {Math.log(0.5), Math.log(0.25), Math.log(0.5), Math.log(0.75)};
        y.rows = new double[] {-1.0, -2.0, -0.5, -0.25, 0.0, -800.0, -400.0, 0.0, -400.0, 0.0};
        EngineCheck.Plan plan = clusteredChain(sequences, time, uc, x, pc, px, y);
        EngineCheck.all(m, plan, 2000);
        for (Query query : new Query[] {Query.LIKELIHOOD, Query.GRADIENT}) {
            assertEquals(2, scanOf(m, plan, query).redoneInLogSpace(), query.toString());
        }
    }

    /**
     * An observation e^1000 less likely than the one before under every state: each row is scaled against its own
     * maximum, so nothing underflows and no sequence is redone in log space (a row scaled against an earlier row's
     * maximum would flush every state to zero).
     */
    @Test
    void an_observation_improbable_under_every_state_needs_no_log_space_redo() {
        ToyModel m = new ToyModel(54);
        int time = m.plate("time", ROOT, 3);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        m.layout();
        y.rows = new double[] {0.0, -1.0, -1000.0, -1001.5, -0.5, -0.25};
        EngineCheck.Plan plan = ChainPlans.chain(time, ROOT, x, px, y, ScanKind.GENERIC);
        EngineCheck.all(m, plan, 2000);
        for (Query query : new Query[] {Query.LIKELIHOOD, Query.GRADIENT}) {
            assertEquals(0, scanOf(m, plan, query).redoneInLogSpace(), query.toString());
        }
    }

    /**
     * Evidence that reads the cluster (a slice per lane): the first sequence's cluster-0 slice and the second's
     * cluster-1 slice each hold a state e^800 below the other, so exactly those two lanes are redone in log space; the
     * first sequence's flag is not carried into the second.
     */
    @Test
    void only_the_lanes_whose_own_slice_underflows_are_redone_in_log_space() {
        ToyModel m = new ToyModel(55);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 2, 2);
        int uc = m.use(m.variable("cluster", sequences, 2), 0);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor pc = m.table("cluster", sequences, uc);
        ToyModel.Factor px = m.table("x", time, x[0], x[1], uc);
        ToyModel.Factor y = m.evidence("y", time, x[0], uc);
        m.layout();
        // cells (x, cluster) row-major; step 0 of each sequence
        y.rows[0] = 0.0;
        y.rows[2] = -800.0;
        y.rows[2 * 4 + 1] = 0.0;
        y.rows[2 * 4 + 3] = -800.0;
        EngineCheck.Plan plan = clusteredChain(sequences, time, uc, x, pc, px, y);
        EngineCheck.all(m, plan, 2000);
        for (Query query : new Query[] {Query.LIKELIHOOD, Query.GRADIENT}) {
            assertEquals(2, scanOf(m, plan, query).redoneInLogSpace(), query.toString());
        }
    }

    /**
     * The plan of a chain per sequence whose transitions read the sequence's cluster (two lanes of the generic scan),
     * the cluster summed out per sequence and the sequences multiplied together.
     */
    private static EngineCheck.Plan clusteredChain(int sequences, int time, int uc, int[] x, ToyModel.Factor pc,
                                                   ToyModel.Factor px, ToyModel.Factor y) {
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1]).outer(uc)
                .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, x[0], uc))
                .steady(ScanSpec.op(new int[] {0, 2}, new int[] {x[1]}, x[0], uc),
                        ScanSpec.op(new int[] {4, 3}, new int[] {}, x[0], uc))
                .build();
        return (e, model) -> {
            int x0 = model.registerBoundary(e, px, 0);
            int chain = e.scan(time, spec, x0, model.register(e, px), model.register(e, y));
            int perSequence = e.contract(sequences, new int[] {model.register(e, pc), chain}, new int[] {uc});
            return e.result(e.product(sequences, perSequence));
        };
    }
}
