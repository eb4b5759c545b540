package dev.trellis.processor.plan;

import dev.trellis.processor.graph.VarUse;
import java.util.List;

/**
 * What a plan costs, symbolically: {@code |x|} is the domain size of x, {@code #p} the number of instances of plate
 * p (over all its parent's instances).
 *
 * @param largest the largest table anywhere in the plan, scan programs included
 * @param work the work of the contractions, grouped by where they run
 * @param likelihoodMemory entries of the tables a likelihood keeps: every table of the plan, except evidence that a
 *     scan streams (its per-step inputs are all evidence), plus one message per scan
 * @param marginalsMemory entries with marginals (and gradients, MAP, samples): every table, plus each scan's
 *     messages at every step
 */
public record PlanCost(Table largest, List<Work> work, SymbolicCost likelihoodMemory, SymbolicCost marginalsMemory) {

    public PlanCost {
        work = List.copyOf(work);
    }

    /**
     * A table and its size.
     *
     * @param name the table's name, or the scan and step of a slot program's contraction
     * @param axes its axes
     * @param size its entries per instance
     */
    public record Table(String name, List<VarUse> axes, SymbolicSize size) {
        public Table {
            axes = List.copyOf(axes);
        }
    }

    /**
     * The work of some contractions: the sum over them of the size of the product they form.
     *
     * @param where a scan's name, a plate, or "root"
     * @param per what the work is counted per: "per step of time", "per instance of data", "once"
     * @param cost the work
     * @param plate the plate whose every instance (or step) runs it, or null when it runs once: the total over a run
     *     is {@code cost} times {@code #plate}
     */
    public record Work(String where, String per, String plate, SymbolicCost cost) {}

    /** {@return the plates whose instance counts the cost reads ({@code #p} symbols and the work's plates), sorted} */
    public java.util.SortedSet<String> plates() {
        var plates = new java.util.TreeSet<String>();
        List<SymbolicCost> costs = new java.util.ArrayList<>(List.of(SymbolicCost.of(largest.size()),
                likelihoodMemory, marginalsMemory));
        for (Work w : work) {
            costs.add(w.cost());
            if (w.plate() != null) {
                plates.add(w.plate());
            }
        }
        for (SymbolicCost cost : costs) {
            for (SymbolicSize term : cost.terms().keySet()) {
                term.exponents().keySet().stream().filter(s -> s.startsWith("#")).forEach(s -> plates.add(s.substring(1)));
            }
        }
        return plates;
    }
}
