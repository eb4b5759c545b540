package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What a finished {@link Elimination} answers besides the marginals that {@link EngineCheck} compares: the adjoint of
 * a table a step made, {@link Elimination#adjointView}, {@link Elimination#logZ}, the bound domain sizes, the
 * compensated sum of the result's scalars, and impossible evidence found only at the root; with both kernel sets.
 */
class EliminationAnswersTest {

    private static final int ROOT = Layout.ROOT;

    /**
     * Groups (3) with a binary u, items (1, 2, 1 per group) with a ternary v that no evidence reads: the contraction
     * that sums v out is homogeneous (one row of values) but has an adjoint row per item.
     */
    private static ToyModel groupsAndItems() {
        ToyModel m = new ToyModel(6);
        int groups = m.plate("groups", ROOT, 3);
        int items = m.plate("items", groups, 1, 2, 1);
        int uu = m.use(m.variable("u", groups, 2), 0);
        int uv = m.use(m.variable("v", items, 3), 0);
        m.table("u", groups, uu);
        m.table("v", items, uv, uu);
        m.evidence("obs", groups, uu);
        return m;
    }

    @Test
    void the_adjoint_of_a_homogeneous_contraction_in_a_plate_sums_its_instances_posteriors() {
        ToyModel m = groupsAndItems();
        BruteForce exact = BruteForce.of(m);
        int[] itemsPerGroup = {1, 2, 1};
        // d log Z / d local[u = c] = sum over items of P(u of the item's group = c)
        double[] expected = new double[2];
        for (int g = 0; g < 3; g++) {
            for (int c = 0; c < 2; c++) {
                expected[c] += itemsPerGroup[g] * exact.marginals[0][g * 2 + c];
            }
        }
        for (Kernels kernels : EngineCheck.KERNELS) {
            for (Query query : new Query[] {Query.GRADIENT, Query.MARGINALS}) {
                String who = kernels.getClass().getSimpleName() + " " + query + ": ";
                Elimination e = EngineCheck.start(m, query, kernels, null);
                int tv = m.register(e, m.factors.get(1));
                int local = e.contract(1, new int[] {tv}, new int[] {1}, 0);
                int up = e.product(1, local);
                int to = m.register(e, m.factors.get(2));
                int group = e.contract(0, new int[] {m.register(e, m.factors.get(0)), up, to}, new int[] {0});
                double logZ = e.result(e.product(0, group));
                EngineCheck.assertClose(exact.logZ, logZ, 1e-9, who + "log Z");
                assertEquals(logZ, e.logZ(), who + "logZ() is what result() returned");
                double[] adjoint = e.adjoint(local);
                assertEquals(2, adjoint.length, who + "one row: the table has no instance axis");
                for (int c = 0; c < 2; c++) {
                    EngineCheck.assertClose(expected[c], adjoint[c], 1e-9, who + "adjoint at u = " + c);
                }
                assertArrayEquals(adjoint, e.adjointView(local), who + "the view sums the rows too");
                // The evidence has an instance axis: its view is its adjoint, the expected count of each row's cell.
                double[] counts = exact.counts.get(m.factors.get(2));
                double[] view = e.adjointView(to);
                assertEquals(counts.length, view.length, who + "evidence view length");
                for (int i = 0; i < counts.length; i++) {
                    EngineCheck.assertClose(counts[i], view[i], 1e-9, who + "evidence view entry " + i);
                }
                assertArrayEquals(e.adjoint(to), view, who + "evidence view");
            }
        }
    }

    /** An elimination of one variable a at the root, its domain bound to the prior's length. */
    private static Elimination rootModel(Query query, Kernels kernels, double[] prior) {
        Layout.Builder b = Layout.builder();
        b.use(b.variable("a", ROOT), 0);
        Layout layout = b.build();
        Elimination e = new Elimination(layout, query, PlateInstances.builder(layout).build(), kernels,
                Rng.seeded(3));
        assertEquals(0, e.domainSize(0), "unbound");
        e.bindDomain(0, prior.length);
        assertEquals(prior.length, e.domainSize(0), "bound");
        return e;
    }

    @Test
    void a_scalar_read_by_a_contraction_and_by_the_result_has_adjoint_two_under_both_queries() {
        double[] prior = {Math.log(0.2), Math.log(0.5), Math.log(0.3)};
        double offset = -1.75;
        for (Kernels kernels : EngineCheck.KERNELS) {
            for (Query query : new Query[] {Query.GRADIENT, Query.MARGINALS}) {
                String who = kernels.getClass().getSimpleName() + " " + query + ": ";
                Elimination e = rootModel(query, kernels, prior);
                int ta = e.table("a", prior, 0);
                int scalar = e.evidence(new ArrayEvidence("offset", new double[] {offset}, 1, 1), ROOT);
                int z = e.contract(ROOT, new int[] {ta, scalar}, new int[] {0});
                EngineCheck.assertClose(2 * offset, e.result(z, scalar), 1e-12, who + "log Z");
                // Under MARGINALS the first backward pass skips the given tables: the view must run it again.
                EngineCheck.assertClose(2.0, e.adjointView(scalar)[0], 1e-12, who + "view of the scalar");
                EngineCheck.assertClose(2.0, e.adjoint(scalar)[0], 1e-12, who + "adjoint of the scalar");
                double[] posterior = e.adjointView(ta);
                for (int c = 0; c < 3; c++) {
                    EngineCheck.assertClose(Math.exp(prior[c]), posterior[c], 1e-12, who + "adjoint of a = " + c);
                }
            }
        }
    }

    @Test
    void the_view_of_an_adjoint_is_an_answer_of_a_finished_gradient_or_marginals_query() {
        Elimination e = rootModel(Query.GRADIENT, FastKernels.INSTANCE, new double[] {0.0});
        int ta = e.table("a", new double[] {-0.5}, 0);
        int z = e.contract(ROOT, new int[] {ta}, new int[] {0});
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> e.adjointView(ta));
        assertEquals("adjoint is known only after result()", early.getMessage());
        IllegalStateException noLogZ = assertThrows(IllegalStateException.class, e::logZ);
        assertEquals("log Z is known only after result()", noLogZ.getMessage());
        assertEquals(-0.5, e.result(z));
        assertEquals(-0.5, e.logZ());
        EngineCheck.assertClose(1.0, e.adjointView(ta)[0], 1e-15, "the only value of a has posterior 1");
        Elimination likelihood = rootModel(Query.LIKELIHOOD, FastKernels.INSTANCE, new double[] {0.0});
        int t = likelihood.table("a", new double[] {-0.5}, 0);
        likelihood.result(likelihood.contract(ROOT, new int[] {t}, new int[] {0}));
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> likelihood.adjointView(t));
        assertEquals("adjoint is computed by GRADIENT and MARGINALS queries, not by LIKELIHOOD", wrong.getMessage());
    }

    @Test
    void evidence_ruled_out_at_the_root_gives_minus_infinity_zero_views_or_says_which_query_failed() {
        double[] prior = {Math.log(0.25), Math.log(0.75), Double.NEGATIVE_INFINITY};
        double[] ruledOut = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0};   // only a = 2, impossible
        for (Kernels kernels : EngineCheck.KERNELS) {
            for (Query query : Query.values()) {
                String who = kernels.getClass().getSimpleName() + " " + query;
                Elimination e = rootModel(query, kernels, prior);
                int ta = e.table("a", prior, 0);
                int y = e.evidence(new ArrayEvidence("y", ruledOut, 1, 3), ROOT, 0);
                int z = e.contract(ROOT, new int[] {ta, y}, new int[] {0});
                if (query == Query.MAP || query == Query.SAMPLE) {
                    ImpossibleEvidenceException thrown = assertThrows(ImpossibleEvidenceException.class,
                            () -> e.result(z), who);
                    String what = query == Query.MAP ? "MAP" : "posterior sample";
                    assertTrue(thrown.getMessage().startsWith(what + ", first ruled out at the root: "),
                            who + ": " + thrown.getMessage());
                    continue;
                }
                assertEquals(Double.NEGATIVE_INFINITY, e.result(z), who);
                assertEquals(Double.NEGATIVE_INFINITY, e.logZ(), who);
                if (query != Query.LIKELIHOOD) {
                    assertArrayEquals(new double[3], e.adjointView(y), who + " view of the evidence");
                    assertArrayEquals(new double[3], e.adjointView(ta), who + " view of the prior");
                }
            }
        }
    }

    @Test
    void a_contraction_row_ruled_out_in_a_plate_is_minus_infinity_in_every_cell_and_named() {
        ToyModel m = new ToyModel(12);
        int data = m.plate("data", ROOT, 3);
        int ug = m.use(m.variable("g", ROOT, 3), 0);
        int uz = m.use(m.variable("z", data, 2), 0);
        ToyModel.Factor pg = m.table("g", ROOT, ug);
        ToyModel.Factor pz = m.table("z", data, uz, ug);
        ToyModel.Factor obs = m.evidence("obs", data, uz);
        m.layout();
        obs.rows[2] = Double.NEGATIVE_INFINITY;   // data[1] rules out both values of z
        obs.rows[3] = Double.NEGATIVE_INFINITY;
        assertEquals(Double.NEGATIVE_INFINITY, BruteForce.of(m).logZ);
        for (Kernels kernels : EngineCheck.KERNELS) {
            for (Query query : new Query[] {Query.LIKELIHOOD, Query.MARGINALS}) {
                String who = kernels.getClass().getSimpleName() + " " + query;
                Elimination e = EngineCheck.start(m, query, kernels, null);
                // the contraction's output has a row of 3 cells (g) per data point; row 1 is -inf in all of them
                int local = e.contract(data, new int[] {m.register(e, pz), m.register(e, obs)}, new int[] {uz}, ug);
                int up = e.product(data, local);
                int z = e.contract(ROOT, new int[] {m.register(e, pg), up}, new int[] {ug});
                assertEquals(Double.NEGATIVE_INFINITY, e.result(z), who);
                if (query == Query.MARGINALS) {
                    ImpossibleEvidenceException thrown = assertThrows(ImpossibleEvidenceException.class,
                            () -> e.marginal(0), who);
                    assertTrue(thrown.getMessage().contains("first ruled out at data[1]"), who + ": "
                            + thrown.getMessage());
                }
            }
        }
    }

    @Test
    void the_result_adds_its_scalars_with_compensation() {
        // 1 + 1e16 - 1e16: a plain left-to-right sum gives 0 (1e16 + 1 rounds to 1e16); the compensated one 1.
        double[] terms = {1.0, 1e16, -1e16};
        for (Kernels kernels : EngineCheck.KERNELS) {
            for (double[] order : new double[][] {terms, {1e16, 1.0, -1e16}, {-0.5, 1e16, 0.75, -1e16, 3.0}}) {
                Elimination e = rootModel(Query.LIKELIHOOD, kernels, new double[] {0.0});
                int[] scalars = new int[order.length];
                for (int k = 0; k < order.length; k++) {
                    scalars[k] = e.table("s" + k, new double[] {order[k]});
                }
                double exact = order.length == 3 ? 1.0 : 3.25;
                assertEquals(exact, e.result(scalars), Arrays.toString(order));
            }
        }
    }
}
