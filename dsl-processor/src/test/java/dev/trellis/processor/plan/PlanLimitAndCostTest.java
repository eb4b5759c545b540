package dev.trellis.processor.plan;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.graph.PlatedFactorGraphBuilder;
import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.ir.ModelBuilder;
import dev.trellis.processor.ir.ModelDeclaration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost model keeps chains and factorial chains below the joint, and the table-size limit (TRELLIS-050). */
class PlanLimitAndCostTest {

    private static EliminationPlanner.Result plan(ModelDeclaration model, int limit) {
        return EliminationPlanner.plan(PlatedFactorGraphBuilder.build(model).graph().orElseThrow(),
                new PlannerOptions(limit));
    }

    private static PlanCost.Work scanWork(EliminationPlan plan) {
        return plan.cost().work().stream().filter(w -> w.per().startsWith("per step")).findFirst().orElseThrow();
    }

    @Test
    void a_second_order_chain_costs_the_cube_of_its_states_per_step() {
        EliminationPlan plan = CorpusPlansTest.planOf(CorpusModels.secondOrderNullStart());
        assertEquals("|x|^3 + |x|^2", scanWork(plan).cost().toString());
        assertEquals("per step of time", scanWork(plan).per());
        assertEquals("|x|^3", plan.cost().largest().size().toString());
    }

    @Test
    void three_factorial_chains_cost_three_transitions_into_the_joint_state_never_the_dense_joint() {
        EliminationPlan plan = CorpusPlansTest.planOf(CorpusModels.factorialHmm());
        SymbolicCost work = scanWork(plan).cost();
        assertEquals("|a||b||c|^2 + |a||b|^2|c| + |a|^2|b||c| + |a||b||c|", work.toString());
        assertEquals(4, work.degree(), "the dense joint over a, b, c and their previous values has degree 6");
        assertEquals(3, plan.cost().largest().axes().size());
    }

    @Test
    void independent_chains_are_scanned_separately() {
        EliminationPlan plan = CorpusPlansTest.planOf(CorpusModels.twoChainsTwoObservations());
        List<String> work = plan.cost().work().stream().map(w -> w.where() + " " + w.cost()).toList();
        assertEquals(List.of("uScan |u|^2 + |u|", "vScan |v|^2 + |v|"), work);
    }

    @Test
    void a_table_over_more_variables_than_the_limit_is_refused_on_the_model_naming_them() {
        ModelDeclaration fourthOrder = model("FourthOrder")
                .site("x", "Categorical").enumerate().markov("time", 4).previous("a", 1, 0).previous("b", 2, 0)
                .previous("c", 3, 0).previous("d", 4, 0)
                .site("y", "Categorical").observe().plates("time").reads("x")
                .build();
        EliminationPlanner.Result result = plan(fourthOrder, 4);
        assertTrue(result.plan().isEmpty());
        Diagnostic d = result.problems().get(0);
        assertEquals(1, result.problems().size());
        assertEquals("TRELLIS-050", d.id());
        assertEquals("class FourthOrder", d.source().handle());
        assertEquals("eliminating this model's enumerated sites builds a factor over 5 variables [x@1, x@2, x@3, "
                + "x@4, x], more than the limit of 4 (processor option -Atrellis.maxFactorVariables); its table grows "
                + "as the product of their numbers of states: raise the limit, or give the chains fewer states or less "
                + "history", d.message());
        assertTrue(plan(fourthOrder, 5).plan().isPresent(), "a higher limit plans it");
    }

    @Test
    void the_limit_applies_to_the_tables_inside_scan_programs() {
        // Five chains coupled pairwise by observations: every input is small, the scan's message is over all five.
        ModelBuilder builder = model("CoupledChains");
        for (String v : List.of("a", "b", "c", "d", "e")) {
            builder.site(v, "Categorical").enumerate().markov("time").previous("previous", 1);
        }
        ModelDeclaration coupled = builder
                .site("ab", "Categorical").observe().plates("time").reads("a").reads("b")
                .site("bc", "Categorical").observe().plates("time").reads("b").reads("c")
                .site("cd", "Categorical").observe().plates("time").reads("c").reads("d")
                .site("de", "Categorical").observe().plates("time").reads("d").reads("e")
                .build();
        EliminationPlanner.Result refused = plan(coupled, 4);
        assertEquals(List.of("TRELLIS-050"), refused.problems().stream().map(Diagnostic::id).toList());
        assertTrue(refused.problems().get(0).message().contains("over 5 variables [a, b, c, d, e]"),
                refused.problems().get(0).message());
        EliminationPlan plan = plan(coupled, 5).plan().orElseThrow();
        assertTrue(plan.steps().stream().filter(s -> !(s instanceof PlanStep.Scan))
                .allMatch(s -> s.axes().size() <= 2), "only the scan's own tables are large");
    }

    @Test
    void the_largest_table_names_its_variables_and_symbolic_size() {
        PlanCost.Table largest = CorpusPlansTest.planOf(CorpusModels.mixtureOfHmms()).cost().largest();
        assertEquals("xTransition", largest.name());
        assertEquals(List.of("x@1", "cluster", "x"), largest.axes().stream().map(VarUse::name).toList());
        assertEquals("|cluster||x|^2", largest.size().toString());
    }

    @Test
    void a_likelihood_streams_the_evidence_of_a_scan_and_marginals_keep_every_step() {
        PlanCost cost = CorpusPlansTest.planOf(CorpusModels.rainSun()).cost();
        assertEquals("|weather|^2 + 2·|weather| + 1", cost.likelihoodMemory().toString());
        assertEquals("2·|weather|·#days + |weather|^2 + |weather| + 1", cost.marginalsMemory().toString());
    }
}
