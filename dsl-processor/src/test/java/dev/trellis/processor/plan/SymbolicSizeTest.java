package dev.trellis.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.graph.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Symbolic sizes and costs: products of domain symbols and instance counts, ordered by degree. */
class SymbolicSizeTest {
    private static final Variable X = new Variable(0, "x", "time", "time");
    private static final Variable Y = new Variable(1, "y", null, null);
    private static final VarUse X0 = new VarUse(0, X, 0);
    private static final VarUse X1 = new VarUse(1, X, 1);
    private static final VarUse Y0 = new VarUse(2, Y, 0);

    @Test
    void a_variables_uses_at_every_lag_share_its_domain_symbol() {
        assertEquals("|x|^2|y|", SymbolicSize.of(List.of(X1, Y0, X0)).toString());
        assertEquals(3, SymbolicSize.of(List.of(X1, Y0, X0)).degree());
        assertEquals("1", SymbolicSize.of(List.of()).toString());
    }

    @Test
    void instance_counts_follow_the_domains() {
        SymbolicSize size = SymbolicSize.instances("time").times(SymbolicSize.of(List.of(X0)))
                .times(SymbolicSize.instances("data"));
        assertEquals("|x|·#data·#time", size.toString());
        assertEquals("#time", SymbolicSize.instances("time").toString());
    }

    @Test
    void sizes_compare_by_degree_then_by_text() {
        SymbolicSize xx = SymbolicSize.of(List.of(X0, X1));
        SymbolicSize y = SymbolicSize.of(List.of(Y0));
        SymbolicSize xy = SymbolicSize.of(List.of(X0, Y0));
        assertTrue(y.compareTo(xx) < 0);
        assertTrue(xx.compareTo(xy) < 0, "equal degree: by text, |x|^2 < |x||y|");
        assertEquals(0, xy.compareTo(SymbolicSize.of(List.of(Y0, X1))));
    }

    @Test
    void costs_collect_equal_terms_and_print_the_largest_first() {
        SymbolicSize x = SymbolicSize.of(List.of(X0));
        SymbolicCost cost = SymbolicCost.of(x).plus(SymbolicSize.ONE).plus(SymbolicSize.of(List.of(X0, X1)))
                .plus(x);
        assertEquals("|x|^2 + 2·|x| + 1", cost.toString());
        assertEquals(2, cost.degree());
        assertEquals("|x|^3·#time + 2·|x|^2·#time + |x|·#time",
                cost.times(SymbolicSize.instances("time")).times(x).toString());
        assertEquals("0", SymbolicCost.ZERO.toString());
        assertEquals("2", SymbolicCost.of(SymbolicSize.ONE).plus(SymbolicSize.ONE).toString());
    }

    @Test
    void sizes_and_costs_are_values_equal_whatever_order_they_were_built_in() {
        SymbolicSize xy = SymbolicSize.of(List.of(X0, Y0, X1));
        SymbolicSize yx = SymbolicSize.of(List.of(Y0)).times(SymbolicSize.of(List.of(X1, X0)));
        assertEquals(xy, yx);
        assertEquals(xy.hashCode(), yx.hashCode());
        assertEquals(java.util.Map.of("|x|", 2, "|y|", 1), xy.exponents());
        assertNotEquals(xy, SymbolicSize.of(List.of(X0, Y0)));

        SymbolicCost a = SymbolicCost.of(xy).plus(SymbolicSize.ONE);
        SymbolicCost b = SymbolicCost.of(SymbolicSize.ONE).plus(SymbolicCost.of(yx));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(java.util.Map.of(xy, 1, SymbolicSize.ONE, 1), a.terms());
        assertEquals(List.of(xy, SymbolicSize.ONE), List.copyOf(a.terms().keySet()), "largest term first");
        assertNotEquals(a, a.plus(SymbolicSize.ONE));
        assertTrue(SymbolicCost.ZERO.isZero());
        assertFalse(a.isZero());
        assertEquals(0, SymbolicCost.ZERO.degree());
    }
}
