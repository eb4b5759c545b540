package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code -Infinity} entries (zeros of the model) are exact: they take part like any other value and never produce
 * NaN; evidence that rules out everything gives {@code log Z = -Infinity} with zero adjoints, and the posterior
 * queries say where it was ruled out.
 */
class ImpossibleEntriesTest {

    private static final int ROOT = Layout.ROOT;

    /** Sets a fraction of every factor's entries to -inf, keeping at least one finite entry per table and row. */
    private static void rule_out(ToyModel m, double fraction) {
        m.layout();
        for (ToyModel.Factor f : m.factors) {
            if (f.evidence) {
                for (int i = 0; i < f.rows.length / f.cells; i++) {
                    knockOut(m, f.rows, i * f.cells, f.cells, fraction);
                }
            } else {
                knockOut(m, f.table, 0, f.table.length, fraction);
                for (double[] b : f.boundary) {
                    knockOut(m, b, 0, b.length, fraction);
                }
            }
        }
    }

    private static void knockOut(ToyModel m, double[] values, int from, int cells, double fraction) {
        int keep = from + m.random.nextInt(cells);
        for (int c = from; c < from + cells; c++) {
            if (c != keep && m.random.nextDouble() < fraction) {
                values[c] = Double.NEGATIVE_INFINITY;
            }
        }
    }

    @Test
    void minus_infinity_entries_in_a_chain_give_the_brute_force_answers() {
        for (ScanKind kind : ScanKind.values()) {
            for (long seed = 40; seed < 43; seed++) {
                ToyModel m = new ToyModel(seed);
                int sequences = m.plate("sequences", ROOT, 3);
                int time = m.plate("time", sequences, 3, 1, 4);
                int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
                ToyModel.Factor px = m.table("x", time, x[0], x[1]);
                ToyModel.Factor y = m.evidence("y", time, x[0]);
                rule_out(m, 0.3);
                if (BruteForce.of(m).logZ == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                EngineCheck.all(m, ChainPlans.chain(time, sequences, x, px, y, kind), 2000);
            }
        }
    }

    @Test
    void minus_infinity_entries_in_a_second_order_chain_and_in_plates_give_the_brute_force_answers() {
        for (long seed = 44; ; seed += 100) {
            ToyModel m = new ToyModel(seed);
            int sequences = m.plate("sequences", ROOT, 2);
            int time = m.plate("time", sequences, 4, 3);
            int[] x = ChainPlans.lags(m, m.variable("x", time, 2), 2);
            ToyModel.Factor px = m.table("x", time, x);
            ToyModel.Factor y = m.evidence("y", time, x[0]);
            rule_out(m, 0.3);
            if (BruteForce.of(m).logZ > Double.NEGATIVE_INFINITY) {
                EngineCheck.all(m, ChainPlans.chain(time, sequences, x, px, y, ScanKind.GENERIC), 2000);
                break;
            }
        }

        ToyModel p = new ToyModel(45);
        int data = p.plate("data", ROOT, 3);
        int g = p.use(p.variable("g", ROOT, 3), 0);
        int z = p.use(p.variable("z", data, 3), 0);
        ToyModel.Factor pg = p.table("g", ROOT, g);
        ToyModel.Factor pz = p.table("z", data, z, g);
        ToyModel.Factor obs = p.evidence("obs", data, z);
        rule_out(p, 0.4);
        EngineCheck.all(p, (e, model) -> {
            int local = e.contract(data, new int[] {model.register(e, pz), model.register(e, obs)}, new int[] {z}, g);
            int up = e.product(data, local);
            return e.result(e.contract(ROOT, new int[] {model.register(e, pg), up}, new int[] {g}));
        }, 2000);
    }

    /** A chain whose evidence at sequences[1].time[2] rules out every state. */
    private static ToyModel impossibleChain(long seed) {
        ToyModel m = new ToyModel(seed);
        int sequences = m.plate("sequences", ROOT, 3);
        int time = m.plate("time", sequences, 2, 4, 3);
        int[] x = ChainPlans.lags(m, m.variable("x", time, 3), 1);
        m.table("x", time, x[0], x[1]);
        m.evidence("y", time, x[0]);
        m.layout();
        ToyModel.Factor y = m.factors.get(1);
        int row = m.offsets(time)[1] + 2;
        for (int c = 0; c < 3; c++) {
            y.rows[row * 3 + c] = Double.NEGATIVE_INFINITY;
        }
        return m;
    }

    @Test
    void impossible_evidence_gives_minus_infinity_zero_adjoints_and_says_where() {
        for (ScanKind kind : ScanKind.values()) {
            ToyModel m = impossibleChain(46);
            int time = 1;
            int[] x = {m.use(0, 0), m.use(0, 1)};
            EngineCheck.Plan plan = ChainPlans.chain(time, 0, x, m.factors.get(0), m.factors.get(1), kind);
            for (Kernels kernels : EngineCheck.KERNELS) {
                String who = kernels.getClass().getSimpleName() + " " + kind;
                assertEquals(Double.NEGATIVE_INFINITY,
                        plan.run(EngineCheck.start(m, Query.LIKELIHOOD, kernels, null), m), who);
                Elimination gradient = EngineCheck.start(m, Query.GRADIENT, kernels, null);
                assertEquals(Double.NEGATIVE_INFINITY, plan.run(gradient, m), who);
                for (ToyModel.Factor f : m.factors) {
                    for (double a : gradient.adjoint(f.id)) {
                        assertEquals(0.0, a, who + " adjoint of " + f.name);
                    }
                }
                Elimination marginals = EngineCheck.start(m, Query.MARGINALS, kernels, null);
                assertEquals(Double.NEGATIVE_INFINITY, plan.run(marginals, m), who);
                ImpossibleEvidenceException e = assertThrows(ImpossibleEvidenceException.class,
                        () -> marginals.marginal(0), who);
                assertTrue(e.getMessage().contains("sequences[1].time[2]"), who + ": " + e.getMessage());
                assertEquals(2, e.firstImpossibleStep(), who);
                for (Query query : new Query[] {Query.MAP, Query.SAMPLE}) {
                    Elimination posterior = EngineCheck.start(m, query, kernels, Rng.seeded(1));
                    ImpossibleEvidenceException thrown = assertThrows(ImpossibleEvidenceException.class,
                            () -> plan.run(posterior, m), who + " " + query);
                    assertTrue(thrown.getMessage().contains("sequences[1].time[2]"),
                            who + " " + query + ": " + thrown.getMessage());
                }
            }
        }
    }

    @Test
    void impossible_evidence_in_a_plate_names_the_instance() {
        ToyModel m = new ToyModel(47);
        int groups = m.plate("groups", ROOT, 2);
        int items = m.plate("items", groups, 2, 3);
        int u = m.use(m.variable("u", groups, 2), 0);
        ToyModel.Factor pu = m.table("u", groups, u);
        ToyModel.Factor obs = m.evidence("obs", items, u);
        m.layout();
        int row = m.offsets(items)[1] + 1;
        obs.rows[row * 2] = Double.NEGATIVE_INFINITY;
        obs.rows[row * 2 + 1] = Double.NEGATIVE_INFINITY;
        EngineCheck.Plan plan = (e, model) -> {
            int up = e.product(items, model.register(e, obs));
            int group = e.contract(groups, new int[] {model.register(e, pu), up}, new int[] {u});
            return e.result(e.product(groups, group));
        };
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination marginals = EngineCheck.start(m, Query.MARGINALS, kernels, null);
            assertEquals(Double.NEGATIVE_INFINITY, plan.run(marginals, m));
            ImpossibleEvidenceException e = assertThrows(ImpossibleEvidenceException.class,
                    () -> marginals.marginal(0));
            assertTrue(e.getMessage().contains("groups[1].items[1]"), e.getMessage());
        }
    }

    /**
     * Two evidence sites of the items, each ruling out every value of u in one item: the first contraction finds
     * groups[1].items[1] impossible before the second finds groups[0].items[1], and the message names the place found
     * first.
     */
    @Test
    void impossible_evidence_is_named_where_the_first_step_rules_it_out() {
        ToyModel m = new ToyModel(48);
        int groups = m.plate("groups", ROOT, 2);
        int items = m.plate("items", groups, 2, 3);
        int u = m.use(m.variable("u", groups, 2), 0);
        ToyModel.Factor pu = m.table("u", groups, u);
        ToyModel.Factor first = m.evidence("first", items, u);
        ToyModel.Factor second = m.evidence("second", items, u);
        m.layout();
        Arrays.fill(first.rows, 3 * 2, 4 * 2, Double.NEGATIVE_INFINITY);
        Arrays.fill(second.rows, 2, 2 * 2, Double.NEGATIVE_INFINITY);
        EngineCheck.Plan plan = (e, model) -> {
            int one = e.contract(items, new int[] {model.register(e, first)}, new int[] {}, u);
            int both = e.contract(items, new int[] {one, model.register(e, second)}, new int[] {}, u);
            int group = e.contract(groups, new int[] {model.register(e, pu), e.product(items, both)}, new int[] {u});
            return e.result(e.product(groups, group));
        };
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination marginals = EngineCheck.start(m, Query.MARGINALS, kernels, null);
            assertEquals(Double.NEGATIVE_INFINITY, plan.run(marginals, m));
            ImpossibleEvidenceException e = assertThrows(ImpossibleEvidenceException.class,
                    () -> marginals.marginal(0));
            assertTrue(e.getMessage().contains("first ruled out at groups[1].items[1]"), e.getMessage());
        }
    }
}
