package dev.trellis.processor.plan;

import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.Variable;
import java.util.List;
import java.util.Optional;

/**
 * How to eliminate a model's enumerated variables exactly (design note §3): the steps in execution order over the
 * plated factor graph, the order in which domain sizes are learned, and the cost. Immutable; {@link PlanPrinter}
 * gives the text form of {@code -Atrellis.dump} and of the generated class's javadoc.
 *
 * @param graph the graph it eliminates
 * @param domains each variable with the tabulation its domain size is read from, in the order they run: a
 *     variable's current-step parents come before it
 * @param steps the steps, in execution order; the last is the {@link PlanStep.Result}
 * @param cost the largest table, the work and the memory
 */
public record EliminationPlan(PlatedFactorGraph graph, List<DomainSource> domains, List<PlanStep> steps,
                              PlanCost cost) {

    public EliminationPlan {
        domains = List.copyOf(domains);
        steps = List.copyOf(steps);
    }

    /** A variable's domain size is read from the first call of this tabulation. */
    public record DomainSource(Variable variable, TableRef table) {}

    /** {@return every table the plan makes, in order of creation} */
    public List<TableRef> tables() {
        return steps.stream().flatMap(s -> s.output().stream()).toList();
    }

    /** {@return the step that makes {@code table}} */
    public PlanStep producer(TableRef table) {
        return steps.stream().filter(s -> s.output().equals(Optional.of(table))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step makes " + table));
    }

    /** {@return the plan's text form} */
    public String print() {
        return PlanPrinter.print(this);
    }
}
