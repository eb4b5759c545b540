package dev.trellis.processor.plan;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.processor.ir.ModelDeclaration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every corpus plan, and plans of shapes the corpus does not have, satisfy {@link PlanInvariants}. */
class PlanInvariantsTest {

    static Stream<Arguments> models() {
        Map<String, ModelDeclaration> all = new java.util.LinkedHashMap<>(CorpusModels.all());
        for (ModelDeclaration m : List.of(nestedScans(), crossLaggedChains(), secondOrderWithOuterAndLocal(),
                chainWithoutHistory(), independentStepLocal(), childDeclaredFirst(), twoTablesOverTheGlobal())) {
            all.put(m.className(), m);
        }
        return all.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void the_plan_eliminates_every_variable_once_and_consumes_every_table(String name, ModelDeclaration model) {
        PlanInvariants.check(CorpusPlansTest.planOf(model), PlannerOptions.DEFAULTS.maxFactorVariables());
    }

    @Test
    void a_chain_inside_each_step_of_another_chain_is_a_scan_feeding_a_scan() {
        String printed = CorpusPlansTest.planOf(nestedScans()).print();
        assertEquals(2, printed.lines().filter(l -> l.contains("= scan along")).count(), printed);
    }

    @Test
    void chains_reading_each_others_previous_values_share_one_scan() {
        EliminationPlan plan = CorpusPlansTest.planOf(crossLaggedChains());
        assertEquals(1, plan.steps().stream().filter(s -> s instanceof PlanStep.Scan).count());
    }

    @Test
    void a_markov_plate_nobody_reads_an_earlier_step_of_is_eliminated_per_step_without_a_scan() {
        EliminationPlan plan = CorpusPlansTest.planOf(chainWithoutHistory());
        assertEquals(0, plan.steps().stream().filter(s -> s instanceof PlanStep.Scan).count());
    }

    @Test
    void a_step_local_variable_unrelated_to_the_chain_leaves_the_scan_first_order() {
        EliminationPlan plan = CorpusPlansTest.planOf(independentStepLocal());
        PlanStep.Scan scan = plan.steps().stream().filter(s -> s instanceof PlanStep.Scan)
                .map(PlanStep.Scan.class::cast).findFirst().orElseThrow();
        assertEquals(ScanKind.FIRST_ORDER, scan.kind());
    }

    @Test
    void a_variable_learns_its_domain_after_the_variables_it_reads_even_when_declared_before_them() {
        EliminationPlan plan = CorpusPlansTest.planOf(childDeclaredFirst());
        assertEquals(List.of("b", "a"), plan.graph().variables().stream().map(v -> v.name()).toList());
        assertEquals(List.of("a", "b"), plan.domains().stream().map(d -> d.variable().name()).toList());
        assertEquals(List.of("aTable", "bTable"), plan.domains().stream().map(d -> d.table().name()).toList());
    }

    @Test
    void tables_over_the_same_variables_at_a_plate_are_joined_there_before_the_product() {
        EliminationPlan plan = CorpusPlansTest.planOf(twoTablesOverTheGlobal());
        List<PlanStep.Contract> joins = plan.steps().stream().filter(s -> s instanceof PlanStep.Contract c
                && c.eliminated().isEmpty()).map(PlanStep.Contract.class::cast).toList();
        assertEquals(1, joins.size(), plan.print());
        PlanStep.Contract join = joins.get(0);
        assertEquals("groups", join.plate(), "its inputs have the groups axis");
        assertEquals(List.of("obsEvidence", "wSummed"), join.inputs().stream().map(TableRef::name).toList());
        assertEquals(List.of("z"), join.axes().stream().map(u -> u.name()).toList());
        PlanStep.Product product = plan.steps().stream().filter(s -> s instanceof PlanStep.Product)
                .map(PlanStep.Product.class::cast).findFirst().orElseThrow();
        assertEquals(join.out(), product.input());
    }

    @Test
    void the_plan_lists_its_tables_in_order_and_finds_the_step_that_makes_each() {
        EliminationPlan plan = CorpusPlansTest.planOf(CorpusModels.rainSun());
        assertEquals(List.of("weatherInitial", "weatherTransition", "activityEvidence", "daysScan"),
                plan.tables().stream().map(TableRef::name).toList());
        for (TableRef t : plan.tables()) {
            assertEquals(java.util.Optional.of(t), plan.producer(t).output());
        }
        TableRef stranger = new TableRef(99, "stranger", null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> plan.producer(stranger));
        assertEquals("no step makes " + stranger, e.getMessage());
    }

    /** b is declared first but reads a at the same step: a's domain must be learned first. */
    static ModelDeclaration childDeclaredFirst() {
        return model("ChildDeclaredFirst")
                .site("b", "Categorical").enumerate().plates("data").reads("a")
                .site("a", "Categorical").enumerate().plates("data")
                .site("y", "Categorical").observe().plates("data").reads("b")
                .build();
    }

    /**
     * In each group, w (read by an observation) reads the global z, and a second observation reads z directly: once w
     * is summed out, two tables over z are left in the group.
     */
    static ModelDeclaration twoTablesOverTheGlobal() {
        return model("TwoTablesOverTheGlobal")
                .site("z", "Categorical").enumerate()
                .site("w", "Categorical").enumerate().plates("groups").reads("z")
                .site("y", "Categorical").observe().plates("groups").reads("w")
                .site("obs", "Normal").observe().plates("groups").reads("z")
                .build();
    }

    /** A chain y along outer steps; in each step a chain x along inner steps reads y. */
    static ModelDeclaration nestedScans() {
        return model("NestedScans")
                .site("y", "Categorical").enumerate().markov("outer").previous("previous", 1, 0)
                .site("x", "Categorical").enumerate().plates("outer").markov("inner").previous("previous", 1, 0)
                .reads("y")
                .site("obs", "Categorical").observe().plates("outer", "inner").reads("x")
                .build();
    }

    /** Two chains, each reading the other's previous value. */
    static ModelDeclaration crossLaggedChains() {
        return model("CrossLaggedChains")
                .site("w", "Categorical").enumerate().markov("time").previous("previous", 1)
                .previousOf("other", "x", 1)
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .previousOf("other", "w", 1)
                .site("y", "Categorical").observe().plates("time").reads("w").reads("x")
                .build();
    }

    /** History 2 with an outer variable, a step-local variable and an observation of an earlier step. */
    static ModelDeclaration secondOrderWithOuterAndLocal() {
        return model("SecondOrderWithOuterAndLocal")
                .site("cluster", "Categorical").enumerate().plates("sequences")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time", 2)
                .previous("last", 1, 0).previous("beforeLast", 2, 0).reads("cluster")
                .site("z", "Categorical").enumerate().plates("sequences", "time").reads("x")
                .site("y", "Categorical").observe().plates("sequences", "time").reads("z").previousOf("before", "x", 1)
                .build();
    }

    /** A @Markov chain that reads no earlier step: its steps are independent. */
    static ModelDeclaration chainWithoutHistory() {
        return model("ChainWithoutHistory")
                .site("x", "Categorical").enumerate().markov("time")
                .site("y", "Categorical").observe().plates("time").reads("x")
                .build();
    }

    /** A chain and, in the same steps, an enumerated site and an observation that have nothing to do with it. */
    static ModelDeclaration independentStepLocal() {
        return model("IndependentStepLocal")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("y", "Categorical").observe().plates("time").reads("x")
                .site("z", "Categorical").enumerate().plates("time")
                .site("w", "Normal").observe().plates("time").reads("z")
                .build();
    }
}
