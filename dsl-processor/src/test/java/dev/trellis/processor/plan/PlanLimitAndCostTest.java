package dev.trellis.processor.plan;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        ModelDeclaration coupled = coupledChains();
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

    /** Five chains coupled pairwise by observations at each step. */
    private static ModelDeclaration coupledChains() {
        ModelBuilder builder = model("CoupledChains");
        for (String v : List.of("a", "b", "c", "d", "e")) {
            builder.site(v, "Categorical").enumerate().markov("time").previous("previous", 1);
        }
        return builder
                .site("ab", "Categorical").observe().plates("time").reads("a").reads("b")
                .site("bc", "Categorical").observe().plates("time").reads("b").reads("c")
                .site("cd", "Categorical").observe().plates("time").reads("c").reads("d")
                .site("de", "Categorical").observe().plates("time").reads("d").reads("e")
                .build();
    }

    /** Two independent second-order chains: each has tables over three variables. */
    private static ModelDeclaration twoSecondOrderChains() {
        return model("TwoSecondOrder")
                .site("u", "Categorical").enumerate().markov("time", 2).previous("a", 1, 0).previous("b", 2, 0)
                .site("v", "Categorical").enumerate().markov("time", 2).previous("a", 1, 0).previous("b", 2, 0)
                .site("y", "Categorical").observe().plates("time").reads("u")
                .site("z", "Categorical").observe().plates("time").reads("v")
                .build();
    }

    @Test
    void of_several_tables_over_the_limit_the_refusal_names_the_largest() {
        // Limit 2: x's tabulations at steps 2 and 3 and its transition are over 3, 4 and 5 variables.
        ModelDeclaration fourthOrder = model("FourthOrder")
                .site("x", "Categorical").enumerate().markov("time", 4).previous("a", 1, 0).previous("b", 2, 0)
                .previous("c", 3, 0).previous("d", 4, 0)
                .site("y", "Categorical").observe().plates("time").reads("x")
                .build();
        String message = plan(fourthOrder, 2).problems().get(0).message();
        assertTrue(message.startsWith("eliminating this model's enumerated sites builds a factor over 5 variables "
                + "[x@1, x@2, x@3, x@4, x], more than the limit of 2"), message);
    }

    @Test
    void of_equally_large_tables_over_the_limit_the_refusal_names_the_first_the_plan_builds() {
        // u's transition is tabulated before v's, and both are over three variables: the message is stable.
        List<Diagnostic> problems = plan(twoSecondOrderChains(), 2).problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("over 3 variables [u@1, u@2, u], more than the limit of 2"),
                problems.get(0).message());
        assertTrue(plan(twoSecondOrderChains(), 3).plan().isPresent());
    }

    @Test
    void the_limit_is_at_least_one_variable() {
        assertEquals(1, new PlannerOptions(1).maxFactorVariables());
        var e = assertThrows(IllegalArgumentException.class, () -> new PlannerOptions(0));
        assertEquals("maxFactorVariables must be at least 1, not 0", e.getMessage());
    }

    @Test
    void a_table_inside_a_scan_is_named_by_its_program_and_slot_as_the_plan_prints_it() {
        EliminationPlan plan = plan(coupledChains(), 5).plan().orElseThrow();
        PlanStep.Scan scan = plan.steps().stream().filter(s -> s instanceof PlanStep.Scan)
                .map(PlanStep.Scan.class::cast).findFirst().orElseThrow();
        // 14 inputs (s1..s14): the first contraction of step 0 writes s15, the joint of all five chains.
        PlanCost.Table largest = plan.cost().largest();
        assertEquals("timeScan step 0 s15", largest.name());
        SlotProgram first = scan.program().boundary().get(0);
        assertEquals(first.slotAxes(15), largest.axes());
        assertEquals(List.of("a", "b", "c", "d", "e"), largest.axes().stream().map(VarUse::name).toList());
        assertTrue(plan.print().contains("step 0: s15 = s1 * s2 * s3 * s4 * s5 * s11 * s12 * s13 * s14 -> "
                + "[a, b, c, d, e]"), plan.print());

        // The steady program: s0 is the message, s1..s14 the inputs as this step sees them, s15.. the contractions.
        SlotProgram steady = scan.program().steady();
        assertEquals(List.of("a@1", "b@1", "c@1", "d@1", "e@1"), names(steady.slotAxes(0)));
        assertEquals(List.of("a@1", "a"), names(steady.slotAxes(6)), "input 6 is aTransition");
        assertEquals(List.of("d", "e"), names(steady.slotAxes(14)), "input 14 is deEvidence");
        assertEquals(List.of("a", "b@1", "c@1", "d@1", "e@1"), names(steady.slotAxes(15)));
        assertEquals(steady.output(), steady.slotAxes(20), "the last contraction writes the new message");
        List<String> steadyTables = PlanCostModel.tables(plan.steps()).stream().map(PlanCost.Table::name)
                .filter(n -> n.startsWith("timeScan steady")).toList();
        assertEquals(List.of("timeScan steady s15", "timeScan steady s16", "timeScan steady s17",
                "timeScan steady s18", "timeScan steady s19", "timeScan steady s20"), steadyTables);
    }

    private static List<String> names(List<VarUse> uses) {
        return uses.stream().map(VarUse::name).toList();
    }
}
