package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Scans with more than one chain, with outer variables, step-local variables and plates nested in the Markov plate,
 * against brute-force enumeration, with both kernel sets.
 */
class JointScanTest {

    private static final int ROOT = Layout.ROOT;

    private static int[] slots(int... slots) {
        return slots;
    }

    /** Three independent chains and one reading of all three (FactorialHmm): 3 K^4 per step, not K^6. */
    @Test
    void a_factorial_frontier_of_three_chains_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(31);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 3, 2);
        int[] a = ChainPlans.lags(m, m.variable("a", time, 2), 1);
        int[] b = ChainPlans.lags(m, m.variable("b", time, 2), 1);
        int[] c = ChainPlans.lags(m, m.variable("c", time, 2), 1);
        ToyModel.Factor pa = m.table("a", time, a[0], a[1]);
        ToyModel.Factor pb = m.table("b", time, b[0], b[1]);
        ToyModel.Factor pc = m.table("c", time, c[0], c[1]);
        ToyModel.Factor reading = m.evidence("reading", time, a[0], b[0], c[0]);
        // slots: 0 message, 1..3 first steps, 4..6 transitions, 7 reading
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC)
                .frontier(a[0], a[1]).frontier(b[0], b[1]).frontier(c[0], c[1])
                .boundary(0, ScanSpec.op(slots(1, 2), slots(), a[0], b[0]),
                        ScanSpec.op(slots(8, 3), slots(), a[0], b[0], c[0]),
                        ScanSpec.op(slots(9, 7), slots(), a[0], b[0], c[0]))
                .steady(ScanSpec.op(slots(0, 4), slots(a[1]), b[1], c[1], a[0]),
                        ScanSpec.op(slots(8, 5), slots(b[1]), c[1], a[0], b[0]),
                        ScanSpec.op(slots(9, 6), slots(c[1]), a[0], b[0], c[0]),
                        ScanSpec.op(slots(10, 7), slots(), a[0], b[0], c[0]))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int a0 = model.registerBoundary(e, pa, 0);
            int b0 = model.registerBoundary(e, pb, 0);
            int c0 = model.registerBoundary(e, pc, 0);
            int ta = model.register(e, pa);
            int tb = model.register(e, pb);
            int tc = model.register(e, pc);
            int r = model.register(e, reading);
            return e.result(e.product(sequences, e.scan(time, spec, a0, b0, c0, ta, tb, tc, r)));
        }, 3000);
    }

    /** The steady step of a factorial frontier of three K-state chains costs 3 K^4 + K^3, not K^6. */
    @Test
    void a_factorial_step_costs_three_k4_and_a_second_order_step_k3() {
        int k = 5;
        ToyModel m = new ToyModel(38);
        int time = m.plate("time", ROOT, 4);
        int[][] chains = new int[3][];
        for (int i = 0; i < 3; i++) {
            chains[i] = ChainPlans.lags(m, m.variable("c" + i, time, k), 1);
        }
        int[] a = chains[0];
        int[] b = chains[1];
        int[] c = chains[2];
        ToyModel.Factor pa = m.table("a", time, a[0], a[1]);
        ToyModel.Factor pb = m.table("b", time, b[0], b[1]);
        ToyModel.Factor pc = m.table("c", time, c[0], c[1]);
        ToyModel.Factor reading = m.evidence("reading", time, a[0], b[0], c[0]);
        m.layout();
        Elimination e = EngineCheck.start(m, Query.GRADIENT, FastKernels.INSTANCE, null);
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC)
                .frontier(a[0], a[1]).frontier(b[0], b[1]).frontier(c[0], c[1])
                .boundary(0, ScanSpec.op(slots(1, 2, 3, 7), slots(), a[0], b[0], c[0]))
                .steady(ScanSpec.op(slots(0, 4), slots(a[1]), b[1], c[1], a[0]),
                        ScanSpec.op(slots(8, 5), slots(b[1]), c[1], a[0], b[0]),
                        ScanSpec.op(slots(9, 6), slots(c[1]), a[0], b[0], c[0]),
                        ScanSpec.op(slots(10, 7), slots(), a[0], b[0], c[0]))
                .build();
        e.result(e.scan(time, spec, m.registerBoundary(e, pa, 0), m.registerBoundary(e, pb, 0),
                m.registerBoundary(e, pc, 0), m.register(e, pa), m.register(e, pb), m.register(e, pc),
                m.register(e, reading)));
        GenericScan scan = (GenericScan) e.tape().steps.get(0);
        assertEquals(3L * k * k * k * k + k * k * k, scan.programs[2].work());

        ToyModel second = new ToyModel(39);
        int t = second.plate("time", ROOT, 4);
        int[] x = ChainPlans.lags(second, second.variable("x", t, k), 2);
        ToyModel.Factor px = second.table("x", t, x);
        ToyModel.Factor y = second.evidence("y", t, x[0]);
        Elimination e2 = EngineCheck.start(second, Query.LIKELIHOOD, FastKernels.INSTANCE, null);
        ChainPlans.chain(t, ROOT, x, px, y, ScanKind.GENERIC).run(e2, second);
        GenericScan chain = (GenericScan) e2.tape().steps.get(0);
        assertEquals((long) k * k * k + k * k, chain.programs[3].work());
    }

    /** Plates [songs, voices, time]: a style per voice read by the voice's chain (VoicesInSongs). */
    @Test
    void a_chain_two_plates_deep_with_an_outer_variable_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(40);
        int songs = m.plate("songs", ROOT, 2);
        int voices = m.plate("voices", songs, 2, 1);
        int time = m.plate("time", voices, 2, 0, 3);
        int style = m.use(m.variable("style", voices, 2), 0);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor ps = m.table("style", voices, style);
        ToyModel.Factor px = m.table("x", time, x[0], x[1], style);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1]).outer(style)
                .boundary(0, ScanSpec.op(slots(1, 3), slots(), x[0], style))
                .steady(ScanSpec.op(slots(0, 2), slots(x[1]), x[0], style),
                        ScanSpec.op(slots(4, 3), slots(), x[0], style))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int x0 = model.registerBoundary(e, px, 0);
            int chain = e.scan(time, spec, x0, model.register(e, px), model.register(e, y));
            int perVoice = e.contract(voices, slots(model.register(e, ps), chain), slots(style));
            return e.result(e.product(songs, e.product(voices, perVoice)));
        }, 3000);
    }

    /** w a chain; x a chain reading w's current value (DependentChains). */
    @Test
    void two_dependent_chains_give_the_brute_force_answers() {
        ToyModel m = new ToyModel(32);
        int time = m.plate("time", ROOT, 4);
        int[] w = ChainPlans.lags(m, m.variable("w", time, 2), 1);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
        ToyModel.Factor pw = m.table("w", time, w[0], w[1]);
        ToyModel.Factor px = m.table("x", time, x[0], x[1], w[0]);
        ToyModel.Factor y = m.evidence("y", time, w[0], x[0]);
        // slots: 0 message, 1 w0, 2 x0 [x, w], 3 w transition, 4 x transition [x, x@1, w], 5 y
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(w[0], w[1]).frontier(x[0], x[1])
                .boundary(0, ScanSpec.op(slots(1, 2), slots(), w[0], x[0]),
                        ScanSpec.op(slots(6, 5), slots(), w[0], x[0]))
                .steady(ScanSpec.op(slots(0, 3), slots(w[1]), x[1], w[0]),
                        ScanSpec.op(slots(6, 4), slots(x[1]), w[0], x[0]),
                        ScanSpec.op(slots(7, 5), slots(), w[0], x[0]))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int w0 = model.registerBoundary(e, pw, 0);
            int x0 = model.registerBoundary(e, px, 0);
            return e.result(e.scan(time, spec, w0, x0, model.register(e, pw), model.register(e, px),
                    model.register(e, y)));
        }, 3000);
    }

    /** A cluster per sequence read by the chain's transitions (MixtureOfHmms), observed per sequence too. */
    @Test
    void a_chain_with_an_outer_variable_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(33);
        int sequences = m.plate("sequences", ROOT, 3);
        int time = m.plate("time", sequences, 2, 0, 3);
        int cluster = m.variable("cluster", sequences, 2);
        int uc = m.use(cluster, 0);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor pc = m.table("cluster", sequences, uc);
        ToyModel.Factor length = m.evidence("length", sequences, uc);
        ToyModel.Factor px = m.table("x", time, x[0], x[1], uc);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        // slots: 0 message, 1 x0 [x, cluster], 2 transition [x, x@1, cluster], 3 y
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1]).outer(uc)
                .boundary(0, ScanSpec.op(slots(1, 3), slots(), x[0], uc))
                .steady(ScanSpec.op(slots(0, 2), slots(x[1]), x[0], uc),
                        ScanSpec.op(slots(4, 3), slots(), x[0], uc))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int x0 = model.registerBoundary(e, px, 0);
            int chain = e.scan(time, spec, x0, model.register(e, px), model.register(e, y));
            int tc = model.register(e, pc);
            int tl = model.register(e, length);
            int perSequence = e.contract(sequences, slots(tc, chain, tl), slots(uc));
            return e.result(e.product(sequences, perSequence));
        }, 3000);
    }

    /** A global mode read by the transitions of chains in every sequence (ChainUnderGlobalSwitch). */
    @Test
    void a_chain_under_a_global_switch_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(34);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 3, 2);
        int mode = m.variable("mode", ROOT, 3);
        int um = m.use(mode, 0);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        ToyModel.Factor pm = m.table("mode", ROOT, um);
        ToyModel.Factor px = m.table("x", time, x[0], x[1], um);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1]).outer(um)
                .boundary(0, ScanSpec.op(slots(1, 3), slots(), um, x[0]))
                .steady(ScanSpec.op(slots(2, 0), slots(x[1]), um, x[0]),
                        ScanSpec.op(slots(4, 3), slots(), um, x[0]))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int x0 = model.registerBoundary(e, px, 0);
            int chain = e.scan(time, spec, x0, model.register(e, px), model.register(e, y));
            int up = e.product(sequences, chain);
            return e.result(e.contract(ROOT, slots(model.register(e, pm), up), slots(um)));
        }, 3000);
    }

    /** z enumerated at every step, read by the observation, not a chain (TwoSitesPerStep). */
    @Test
    void a_step_local_variable_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(35);
        int time = m.plate("time", ROOT, 4);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        int z = m.use(m.variable("z", time, 3), 0);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor pz = m.table("z", time, z, x[0]);
        ToyModel.Factor y = m.evidence("y", time, x[0], z);
        // slots: 0 message, 1 x0, 2 transition, 3 pz, 4 y
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1])
                .boundary(0, ScanSpec.op(slots(3, 4), slots(z), x[0]), ScanSpec.op(slots(1, 5), slots(), x[0]))
                .steady(ScanSpec.op(slots(3, 4), slots(z), x[0]), ScanSpec.op(slots(0, 2), slots(x[1]), x[0]),
                        ScanSpec.op(slots(6, 5), slots(), x[0]))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int x0 = model.registerBoundary(e, px, 0);
            return e.result(e.scan(time, spec, x0, model.register(e, px), model.register(e, pz),
                    model.register(e, y)));
        }, 3000);
    }

    /**
     * z enumerated at every step with nothing observed about it: its posterior can only be read off its own
     * (homogeneous) table, whose axes the fast scan also keeps in another order than the table's.
     */
    @Test
    void an_unobserved_step_local_variable_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(37);
        int sequences = m.plate("sequences", ROOT, 2);
        int time = m.plate("time", sequences, 3, 2);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        int z = m.use(m.variable("z", time, 3), 0);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor pz = m.table("z", time, z, x[0]);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        // slots: 0 message, 1 x0, 2 transition, 3 pz, 4 y
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1])
                .boundary(0, ScanSpec.op(slots(3), slots(z), x[0]), ScanSpec.op(slots(1, 4, 5), slots(), x[0]))
                .steady(ScanSpec.op(slots(0, 2), slots(x[1]), x[0]), ScanSpec.op(slots(5, 3), slots(z), x[0]),
                        ScanSpec.op(slots(6, 4), slots(), x[0]))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int x0 = model.registerBoundary(e, px, 0);
            int chain = e.scan(time, spec, x0, model.register(e, px), model.register(e, pz), model.register(e, y));
            return e.result(e.product(sequences, chain));
        }, 3000);
    }

    /** n enumerated in [time, notes], reading the chain's state (NotesPerStep). */
    @Test
    void a_variable_in_a_plate_nested_in_the_markov_plate_gives_the_brute_force_answers() {
        ToyModel m = new ToyModel(36);
        int time = m.plate("time", ROOT, 3);
        int notes = m.plate("notes", time, 2, 1, 2);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 1);
        int n = m.use(m.variable("n", notes, 2), 0);
        ToyModel.Factor px = m.table("x", time, x[0], x[1]);
        ToyModel.Factor pn = m.table("n", notes, n, x[0]);
        ToyModel.Factor yn = m.evidence("yn", notes, n);
        ToyModel.Factor y = m.evidence("y", time, x[0]);
        // slots: 0 message, 1 x0, 2 transition, 3 y, 4 the notes' message per step
        ScanSpec spec = ScanSpec.builder(time, ScanKind.GENERIC).frontier(x[0], x[1])
                .boundary(0, ScanSpec.op(slots(1, 3), slots(), x[0]), ScanSpec.op(slots(5, 4), slots(), x[0]))
                .steady(ScanSpec.op(slots(0, 2), slots(x[1]), x[0]), ScanSpec.op(slots(5, 3), slots(), x[0]),
                        ScanSpec.op(slots(6, 4), slots(), x[0]))
                .build();
        EngineCheck.all(m, (e, model) -> {
            int local = e.contract(notes, slots(model.register(e, pn), model.register(e, yn)), slots(n), x[0]);
            int perStep = e.product(notes, local);
            int x0 = model.registerBoundary(e, px, 0);
            return e.result(e.scan(time, spec, x0, model.register(e, px), model.register(e, y), perStep));
        }, 3000);
    }
}
