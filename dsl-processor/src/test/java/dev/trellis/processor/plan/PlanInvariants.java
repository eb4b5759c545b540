package dev.trellis.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.graph.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the properties every plan must have, recomputing what it can from the graph rather than trusting the
 * planner: each variable eliminated exactly once, each table consumed exactly once, contractions and products with
 * consistent axes, and scan slot programs that are well formed and use only uses that exist at their step.
 */
final class PlanInvariants {
    private final EliminationPlan plan;
    private final PlatedFactorGraph graph;
    private final Map<TableRef, Integer> producedAt = new HashMap<>();
    private final Map<TableRef, List<VarUse>> axes = new HashMap<>();
    private final Map<TableRef, PlanStep> producers = new HashMap<>();

    private PlanInvariants(EliminationPlan plan) {
        this.plan = plan;
        this.graph = plan.graph();
    }

    static void check(EliminationPlan plan, int maxAxes) {
        new PlanInvariants(plan).run(maxAxes);
    }

    private void run(int maxAxes) {
        List<PlanStep> steps = plan.steps();
        Map<TableRef, Integer> consumed = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            PlanStep step = steps.get(i);
            for (TableRef input : step.inputs()) {
                assertTrue(producedAt.containsKey(input), input + " is consumed before it is made");
                consumed.merge(input, 1, Integer::sum);
            }
            step.output().ifPresent(out -> {
                assertFalse(producedAt.containsKey(out), out + " is made twice");
                assertTrue(step.axes().size() <= maxAxes, out + " has more than " + maxAxes + " axes");
                axes.put(out, step.axes());
                producers.put(out, step);
            });
            checkStep(step);
            int at = i;
            step.output().ifPresent(out -> producedAt.put(out, at));
        }
        assertTrue(steps.get(steps.size() - 1) instanceof PlanStep.Result, "the last step is the result");
        assertEquals(1, steps.stream().filter(s -> s instanceof PlanStep.Result).count());
        for (TableRef table : producedAt.keySet()) {
            assertEquals(1, consumed.getOrDefault(table, 0), table + " must be consumed exactly once");
        }
        Set<String> names = new HashSet<>();
        producedAt.keySet().forEach(t -> assertTrue(names.add(t.name()), "two tables named " + t.name()));
        checkEliminatedOnce();
        checkTabulationsAndObservations();
        checkDomains();
    }

    private void checkStep(PlanStep step) {
        if (step instanceof PlanStep.Contract c) {
            Set<VarUse> union = new LinkedHashSet<>();
            boolean batched = false;
            for (TableRef input : c.inputs()) {
                union.addAll(axes.get(input));
                assertTrue(input.instancePlate() == null || input.instancePlate().equals(c.plate()),
                        input + " has another instance axis than contraction " + c.out());
                batched |= input.instancePlate() != null;
            }
            // Batched when an input has the instance axis; an elimination at a plate is batched there anyway (each
            // instance has its own copy of the variable), a join of homogeneous tables is done once.
            String expected = batched ? c.plate()
                    : c.eliminated().isEmpty() ? null : c.eliminated().get(0).variable().node();
            assertEquals(expected, c.plate(), "plate of " + c.out());
            assertTrue(union.containsAll(c.eliminated()));
            union.removeAll(c.eliminated());
            assertEquals(union, new HashSet<>(c.axes()), "axes of " + c.out());
            assertEquals(c.axes().size(), new HashSet<>(c.axes()).size());
            assertEquals(c.plate(), c.out().instancePlate());
        } else if (step instanceof PlanStep.Product p) {
            assertTrue(p.input().instancePlate() == null || p.input().instancePlate().equals(p.plate()));
            assertEquals(axes.get(p.input()), p.axes());
            assertEquals(graph.plates().plate(p.plate()).parent(), p.out().instancePlate());
        } else if (step instanceof PlanStep.Result r) {
            for (TableRef input : r.inputs()) {
                assertEquals(List.of(), axes.get(input), "the result adds scalars");
                assertNull(input.instancePlate());
            }
        } else if (step instanceof PlanStep.Scan s) {
            ScanInvariants.check(graph, s, axes, producers);
        }
    }

    /** Each variable is summed out by exactly one step, and no later step has an axis of it. */
    private void checkEliminatedOnce() {
        for (Variable v : graph.variables()) {
            List<Integer> eliminating = new ArrayList<>();
            for (int i = 0; i < plan.steps().size(); i++) {
                PlanStep step = plan.steps().get(i);
                if (step instanceof PlanStep.Contract c && c.eliminated().stream().anyMatch(u -> u.variable().equals(v))) {
                    eliminating.add(i);
                }
                if (step instanceof PlanStep.Scan s && s.program().frontier().stream()
                        .anyMatch(f -> f.use().variable().equals(v))
                        || step instanceof PlanStep.Scan s2 && s2.program().stepLocal().stream()
                        .anyMatch(u -> u.variable().equals(v))) {
                    eliminating.add(i);
                }
            }
            assertEquals(1, eliminating.size(), v + " must be eliminated exactly once, by " + eliminating);
            for (int i = eliminating.get(0); i < plan.steps().size(); i++) {
                PlanStep step = plan.steps().get(i);
                assertTrue(step.axes().stream().noneMatch(u -> u.variable().equals(v)),
                        v + " is an axis after its elimination, in step " + (i + 1));
            }
        }
    }

    private void checkTabulationsAndObservations() {
        for (Factor f : graph.factors()) {
            List<PlanStep> made = plan.steps().stream().filter(s -> s instanceof PlanStep.Tabulate t && t.factor() == f
                    || s instanceof PlanStep.Observe o && o.factor() == f).toList();
            if (f.kind() == Factor.Kind.TABLE) {
                assertEquals(f.maxLag() + 1, made.size(), "variants of " + f.name());
                for (PlanStep s : made) {
                    var t = (PlanStep.Tabulate) s;
                    assertEquals(f.variantAxes(t.variant()), t.axes());
                    assertNull(t.out().instancePlate());
                }
                assertEquals(f.maxLag() + 1, made.stream().map(s -> ((PlanStep.Tabulate) s).variant())
                        .distinct().count());
            } else {
                assertEquals(1, made.size(), "observations of " + f.name());
                var o = (PlanStep.Observe) made.get(0);
                assertEquals(f.scope(), o.axes());
                assertEquals(f.node(), o.plate());
                assertEquals(f.node(), o.out().instancePlate());
            }
        }
    }

    /** Domain sizes are learned before any table needs them, each from its variable's first tabulation. */
    private void checkDomains() {
        Map<Variable, Integer> learnedAt = new HashMap<>();
        for (EliminationPlan.DomainSource d : plan.domains()) {
            assertTrue(learnedAt.put(d.variable(), producedAt.get(d.table())) == null, d.variable() + " twice");
            var t = (PlanStep.Tabulate) plan.producer(d.table());
            assertEquals(0, t.variant());
            assertEquals(d.variable(), t.factor().ownUse().variable());
        }
        assertEquals(graph.variables().size(), learnedAt.size());
        for (int i = 0; i < plan.steps().size(); i++) {
            for (VarUse use : plan.steps().get(i).axes()) {
                Variable v = use.variable();
                int step = i;
                PlanStep s = plan.steps().get(i);
                boolean learnsIt = s instanceof PlanStep.Tabulate t && t.out().equals(plan.domains().stream()
                        .filter(d -> d.variable().equals(v)).findFirst().orElseThrow().table());
                assertTrue(learnsIt || learnedAt.get(v) < step, v + "'s size is needed before it is learned");
            }
        }
        for (int i = 0; i < plan.domains().size(); i++) {
            Variable v = plan.domains().get(i).variable();
            for (VarUse parent : graph.tableOf(v).scope()) {
                if (parent.lag() == 0 && !parent.variable().equals(v)) {
                    assertTrue(plan.domains().subList(0, i).stream()
                            .anyMatch(d -> Objects.equals(d.variable(), parent.variable())), "parents first");
                }
            }
        }
    }
}
