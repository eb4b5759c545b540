package dev.trellis.processor.plan;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.graph.Variable;
import dev.trellis.processor.ir.ModelDeclaration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The greedy elimination order: the use whose elimination builds the smallest table, then the one adding the fewest
 * fill edges, then by name; checked on hand-made scopes where each rule alone decides, and on a whole plan.
 */
class GreedyOrderTest {

    private static VarUse use(int id, String name) {
        return new VarUse(id, new Variable(id, name, null, null), 0);
    }

    private static final VarUse A = use(0, "a");
    private static final VarUse B = use(1, "b");
    private static final VarUse P = use(2, "p");
    private static final VarUse Q = use(3, "q");
    private static final VarUse R = use(4, "r");
    private static final VarUse S = use(5, "s");

    @Test
    void the_use_whose_elimination_builds_the_smaller_table_goes_first_whatever_its_name() {
        // a is in tables with p, q and r (eliminating it builds a table over three), b only with p.
        List<List<VarUse>> scopes = List.of(List.of(A, P), List.of(A, Q, R), List.of(B, P));
        assertEquals(B, GreedyOrder.next(scopes, List.of(A, B)));
        assertEquals(List.of(P, Q, R), List.copyOf(GreedyOrder.neighbours(scopes, A)));
        assertEquals(List.of(P), List.copyOf(GreedyOrder.neighbours(scopes, B)));
    }

    @Test
    void between_tables_of_equal_size_the_one_adding_no_new_pair_goes_first() {
        // Eliminating a relates p and q, which no table relates yet (one fill edge); eliminating b builds a table over
        // r and s, which its own table already relates. Both build a table over two variables.
        List<List<VarUse>> scopes = List.of(List.of(A, P), List.of(A, Q), List.of(B, R, S));
        assertEquals(B, GreedyOrder.next(scopes, List.of(A, B)));
        assertEquals(B, GreedyOrder.next(scopes, List.of(B, A)), "the candidates' order does not matter");
    }

    @Test
    void equal_size_and_fill_go_by_name() {
        List<List<VarUse>> scopes = List.of(List.of(B, P), List.of(A, Q));
        assertEquals(A, GreedyOrder.next(scopes, List.of(B, A)));
    }

    @Test
    void nothing_to_eliminate_is_an_error() {
        assertThrows(IllegalArgumentException.class, () -> GreedyOrder.next(List.of(List.of(A)), List.of()));
    }

    @Test
    void axes_are_ordered_by_use_id_without_repeats() {
        assertEquals(List.of(A, P, S), GreedyOrder.byId(List.of(S, A, P, S)));
    }

    /**
     * A star: a hub and three leaves that read it. The hub comes first by name, and eliminating it first would build
     * a table over all three leaves; the greedy order takes leaves while the hub has more than one neighbour (once
     * only d is left, a and d tie and go by name), so no table has more than two axes.
     */
    @Test
    void a_star_is_eliminated_leaves_first_so_no_table_joins_the_leaves() {
        ModelDeclaration star = model("Star")
                .site("a", "Categorical").enumerate()
                .site("b", "Categorical").enumerate().reads("a")
                .site("c", "Categorical").enumerate().reads("a")
                .site("d", "Categorical").enumerate().reads("a")
                .site("yb", "Normal").observe().reads("b")
                .site("yc", "Normal").observe().reads("c")
                .site("yd", "Normal").observe().reads("d")
                .build();
        EliminationPlan plan = CorpusPlansTest.planOf(star);
        List<String> eliminated = plan.steps().stream().filter(s -> s instanceof PlanStep.Contract)
                .map(PlanStep.Contract.class::cast).flatMap(c -> c.eliminated().stream()).map(VarUse::name).toList();
        assertEquals(List.of("b", "c", "a", "d"), eliminated);
        assertEquals(2, plan.cost().largest().axes().size(), plan.print());
    }
}
