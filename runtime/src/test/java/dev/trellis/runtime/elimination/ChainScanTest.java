package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Scans of single chains, against brute-force enumeration, with both kernel sets. */
class ChainScanTest {

    private static final int ROOT = Layout.ROOT;

    private static void firstOrderHmm(ScanKind kind, long seed) {
        ToyModel m = new ToyModel(seed);
        int time = m.plate("time", ROOT, 6);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        EngineCheck.all(m, ChainPlans.chain(time, ROOT, x, px, y, kind), 3000);
    }

    @Test
    void a_first_order_hmm_gives_the_brute_force_answers() {
        firstOrderHmm(ScanKind.FIRST_ORDER, 11);
    }

    @Test
    void a_first_order_hmm_run_as_a_generic_scan_gives_the_brute_force_answers() {
        firstOrderHmm(ScanKind.GENERIC, 11);
    }

    private static ToyModel raggedSequences(long seed, int k, int history, double scale, int... lengths) {
        ToyModel m = new ToyModel(seed);
        int sequences = m.plate("sequences", ROOT, lengths.length);
        if (scale != 1.0) {
            m.scale(sequences, scale);
        }
        m.plate("time", sequences, lengths);
        m.variable("x", 1, k);
        return m;
    }

    private static void ragged(ScanKind kind, int history, int k, double scale, int draws, int... lengths) {
        ToyModel m = raggedSequences(100 + history, k, history, scale, lengths);
        int[] x = ChainPlans.lags(m, 0, history);
        int[] scope = x.clone();
        ToyModel.Factor px = m.table("x", 1, scope);
        ToyModel.Factor y = m.evidence("y", 1, x[0]);
        EngineCheck.all(m, ChainPlans.chain(1, 0, x, px, y, kind), draws);
    }

    @Test
    void ragged_sequences_give_the_brute_force_answers() {
        ragged(ScanKind.FIRST_ORDER, 1, 2, 1.0, 3000, 3, 0, 1, 4);
        ragged(ScanKind.GENERIC, 1, 2, 1.0, 3000, 3, 0, 1, 4);
    }

    @Test
    void subsampled_sequences_scale_their_log_likelihoods() {
        ragged(ScanKind.FIRST_ORDER, 1, 3, 3.0, 0, 2, 3);
        ragged(ScanKind.GENERIC, 1, 3, 3.0, 0, 2, 3);
    }

    @Test
    void a_second_order_chain_with_null_starts_gives_the_brute_force_answers() {
        ragged(ScanKind.GENERIC, 2, 2, 1.0, 3000, 1, 2, 3, 4);
    }

    @Test
    void a_third_order_chain_gives_the_brute_force_answers() {
        ragged(ScanKind.GENERIC, 3, 2, 1.0, 3000, 2, 5, 3);
    }

    /** y reads x now and one step earlier; its first row is replicated along x@1, which does not exist yet. */
    @Test
    void an_observation_of_two_consecutive_states_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(21);
        int sequences = m.plate("sequences", ROOT, 3);
        int time = m.plate("time", sequences, 3, 1, 2);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor y = m.evidence("y", time, x[0], x[1]);
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1])
                .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, x[0]))
                .steady(ScanSpec.op(new int[] {0, 2, 3}, new int[] {x[1]}, x[0]))
                .build();
        EngineCheck.all(m, scanOverSequences(sequences, time, spec, px, y), 3000);
    }

    /**
     * A steady program that first reorders the transition table's axes (a unary op, nothing summed out), over
     * sequences of six and five steps: the transitions' backward pulls come from that unary step and are gathered
     * four steps at a time, so the last gathering of each sequence is a partial one.
     */
    @Test
    void a_transition_table_reordered_by_a_unary_op_gives_the_brute_force_answers_over_long_sequences() {
        ToyModel m = new ToyModel(22);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 6, 5);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        // slots: 0 message, 1 first-step table, 2 transition [x, x@1], 3 readings; ops' outputs from slot 4
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1])
                .boundary(0, ScanSpec.op(new int[] {1, 3}, new int[] {}, x[0]))
                .steady(ScanSpec.op(new int[] {2}, new int[] {}, x[1], x[0]),
                        ScanSpec.op(new int[] {0, 4}, new int[] {x[1]}, x[0]),
                        ScanSpec.op(new int[] {5, 3}, new int[] {}, x[0]))
                .build();
        EngineCheck.all(m, scanOverSequences(sequences, time, spec, px, y), 2000);
    }

    /**
     * A second variable of the steps, z, read by a table with x and by the readings, summed out inside every step
     * (its use is the layout's first): its posterior per step comes from the ops that sum it out.
     */
    @Test
    void a_variable_summed_out_inside_every_step_gets_its_posterior_per_step() {
        ToyModel m = new ToyModel(23);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 3, 2);
        int z = m.use(m.variable("z", time, 2), 0);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor pz = m.table("z", time, z, x[0]);
        ToyModel.Factor y = m.evidence("y", time, z);
        // slots: 0 message, 1 first-step table, 2 transition, 3 z's table, 4 readings; ops' outputs from slot 5
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1])
                .boundary(0, ScanSpec.op(new int[] {1, 3, 4}, new int[] {z}, x[0]))
                .steady(ScanSpec.op(new int[] {0, 2}, new int[] {x[1]}, x[0]),
                        ScanSpec.op(new int[] {5, 3, 4}, new int[] {z}, x[0]))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int init = model.registerBoundary(e, px, 0);
            int trans = model.register(e, px);
            int zTable = model.register(e, pz);
            int rows = model.register(e, y);
            return e.result(e.product(sequences, e.scan(time, spec, init, trans, zTable, rows)));
        }, 2000);
    }

    /**
     * A chain of one state whose steps' log normalisers are the evidence values: the fast generic scan adds them with
     * compensation, so {@code 1 + 1e16 - 1e16} is exactly 1 (a plain sum gives 0), in every order and query.
     */
    @Test
    void the_generic_scan_adds_its_step_normalisers_with_compensation() {
        for (double[] rows : new double[][] {{1.0, 1e16, -1e16}, {1e16, 1.0, -1e16}, {-0.5, 1e16, 0.75, -1e16, 3.0}}) {
            ToyModel m = new ToyModel(13);
            int time = m.plate("time", ROOT, rows.length);
            int[] x = ChainPlans.lags(m, m.variable("x", time, 1), 1);
            ToyModel.Factor px = m.table("x", time, x[0], x[1]);
            ToyModel.Factor y = m.evidence("y", time, x[0]);
            m.layout();
            px.table = new double[] {0.0};
            px.boundary[0] = new double[] {0.0};
            y.rows = rows.clone();
            double exact = rows.length == 3 ? 1.0 : 3.25;
            EngineCheck.Plan plan = ChainPlans.chain(time, ROOT, x, px, y, ScanKind.GENERIC);
            for (Query query : new Query[] {Query.LIKELIHOOD, Query.MARGINALS}) {
                assertEquals(exact, plan.run(EngineCheck.start(m, query, FastKernels.INSTANCE, null), m),
                        Arrays.toString(rows) + " " + query);
            }
        }
    }

    /**
     * The product over {@code sequences} of a scan along {@code time} with the given program, reading the first-step
     * table (boundary 0 of {@code px}), the transition {@code px} and the readings {@code y}, in that slot order.
     */
    private static EngineCheck.Plan scanOverSequences(int sequences, int time, ScanSpec spec, ToyModel.Factor px,
            ToyModel.Factor y) {
        return (e, model) -> {
            int init = model.registerBoundary(e, px, 0);
            int trans = model.register(e, px);
            int rows = model.register(e, y);
            return e.result(e.product(sequences, e.scan(time, spec, init, trans, rows)));
        };
    }
}
