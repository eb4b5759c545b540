package dev.trellis.runtime.elimination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The product over a plate's instances ({@link Elimination#product}): its compensated sum, kept apart per parent
 * instance, its {@code -Infinity} entries, and where an impossible product is said to be ruled out.
 */
class PlateProductTest {

    private static final int ROOT = Layout.ROOT;
    private static final double NO = Double.NEGATIVE_INFINITY;

    /**
     * 100,000 instances of log 0.9 in one group and 3 in the other: a plain running sum is thousands of ulps off, the
     * compensated one (per group, the first group's correction not carried into the second) within two of the exact
     * sum of the entries.
     */
    @Test
    void a_product_of_a_hundred_thousand_instances_is_exact_to_the_last_bits() {
        int many = 100_000;
        ToyModel m = new ToyModel(60);
        int groups = m.plate("groups", ROOT, 2);
        int items = m.plate("items", groups, many, 3);
        ToyModel.Factor y = m.evidence("y", items);
        m.layout();
        double v = Math.log(0.9);
        Arrays.fill(y.rows, v);
        double exact = new BigDecimal(v).multiply(BigDecimal.valueOf(many + 3)).doubleValue();
        double plain = 0.0;
        for (double term : y.rows) {
            plain += term;
        }
        assertTrue(Math.abs(plain - exact) > 1000 * Math.ulp(exact), "the plain sum is too good to tell: " + plain);
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination e = EngineCheck.start(m, Query.LIKELIHOOD, kernels, null);
            double total = e.result(e.product(groups, e.product(items, m.register(e, y))));
            assertTrue(Math.abs(total - exact) <= 2 * Math.ulp(exact),
                    kernels.getClass().getSimpleName() + ": " + total + " expected " + exact);
        }
    }

    /**
     * Nested ragged plates whose evidence rules out u = 1 in one item of the first group only: the other groups'
     * products keep u = 1 possible.
     */
    @Test
    void minus_infinity_entries_of_one_group_stay_out_of_the_next_groups_products() {
        ToyModel m = new ToyModel(61);
        int groups = m.plate("groups", ROOT, 3);
        int items = m.plate("items", groups, 2, 1, 3);
        int uu = m.use(m.variable("u", groups, 3), 0);
        int uv = m.use(m.variable("v", items, 2), 0);
        ToyModel.Factor pu = m.table("u", groups, uu);
        ToyModel.Factor pv = m.table("v", items, uv, uu);
        ToyModel.Factor obs = m.evidence("obs", items, uv, uu);
        m.layout();
        int second = 1;   // groups[0].items[1], cells (v, u) row-major
        obs.rows[second * 6 + 1] = NO;
        obs.rows[second * 6 + 4] = NO;
        EngineCheck.all(m, (e, model) -> {
            int local = e.contract(items, new int[] {model.register(e, pv), model.register(e, obs)}, new int[] {uv},
                    uu);
            int up = e.product(items, local);
            int group = e.contract(groups, new int[] {model.register(e, pu), up}, new int[] {uu});
            return e.result(e.product(groups, group));
        }, 2000);
        double[] u = BruteForce.of(m).marginals[0];
        assertEquals(0.0, u[1]);
        assertTrue(u[4] > 0.0 && u[7] > 0.0, Arrays.toString(u));
    }

    /** Groups of the given numbers of items, a u per group, its evidence, and a table of the items over u. */
    private static ToyModel groupsOfItems(int... items) {
        ToyModel m = new ToyModel(62);
        int groups = m.plate("groups", ROOT, items.length);
        int plate = m.plate("items", groups, items);
        int uu = m.use(m.variable("u", groups, 2), 0);
        m.table("u", groups, uu);
        m.table("h", plate, uu);
        m.evidence("obs", groups, uu);
        m.layout();
        return m;
    }

    /**
     * The plan of {@link #groupsOfItems} (plates groups 0 and items 1, u's use 0): the items' table multiplied into its
     * group, then u summed out per group.
     */
    private static final EngineCheck.Plan ITEMS_INTO_GROUPS = (e, m) -> {
        int up = e.product(1, m.register(e, m.factors.get(1)));
        int group = e.contract(0, new int[] {m.register(e, m.factors.get(0)), up, m.register(e, m.factors.get(2))},
                new int[] {0});
        return e.result(e.product(0, group));
    };

    /** Where both kernel sets say the evidence was first ruled out (the place the message names). */
    private static String impossibleWhere(ToyModel m) {
        String where = null;
        for (Kernels kernels : EngineCheck.KERNELS) {
            Elimination marginals = EngineCheck.start(m, Query.MARGINALS, kernels, null);
            assertEquals(NO, ITEMS_INTO_GROUPS.run(marginals, m));
            ImpossibleEvidenceException e = assertThrows(ImpossibleEvidenceException.class,
                    () -> marginals.marginal(0));
            String message = e.getMessage();
            int from = message.indexOf("first ruled out at ") + "first ruled out at ".length();
            String here = message.substring(from, message.indexOf(':', from));
            if (where != null) {
                assertEquals(where, here, kernels.getClass().getSimpleName());
            }
            where = here;
        }
        return where;
    }

    /**
     * A table of the items that rules every value of u out: the first group with items is ruled out at its first
     * item; the empty group between them is not.
     */
    @Test
    void an_impossible_table_of_a_plate_is_named_at_the_first_instance_it_is_multiplied_in() {
        ToyModel m = groupsOfItems(2, 0, 1);
        m.factors.get(1).table = new double[] {NO, NO};
        assertEquals("groups[0].items[0]", impossibleWhere(m));
        ToyModel lateItems = groupsOfItems(0, 0, 3);
        lateItems.factors.get(1).table = new double[] {NO, NO};
        assertEquals("groups[2].items[0]", impossibleWhere(lateItems));
    }

    /**
     * Evidence of groups[1] that rules out both values of u, after a product of the items that rules out only u = 1,
     * or rules out everything in a plate without instances (a product of no instances is log 1): the evidence is
     * named, not the product.
     */
    @Test
    void a_product_that_rules_out_nothing_is_not_named_as_where_evidence_became_impossible() {
        ToyModel some = groupsOfItems(2, 1, 3);
        some.factors.get(1).table = new double[] {0.0, NO};
        Arrays.fill(some.factors.get(2).rows, 2, 4, NO);
        assertEquals("groups[1]", impossibleWhere(some));
        ToyModel empty = groupsOfItems(0, 0);
        empty.factors.get(1).table = new double[] {NO, NO};
        Arrays.fill(empty.factors.get(2).rows, 2, 4, NO);
        assertEquals("groups[1]", impossibleWhere(empty));
    }
}
