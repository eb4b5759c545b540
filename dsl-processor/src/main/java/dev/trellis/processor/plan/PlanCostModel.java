package dev.trellis.processor.plan;

import dev.trellis.processor.graph.VarUse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Computes a plan's {@link PlanCost} from its steps. */
final class PlanCostModel {
    private PlanCostModel() {}

    static PlanCost cost(List<PlanStep> steps) {
        PlanCost.Table largest = null;
        for (PlanCost.Table table : tables(steps)) {
            if (largest == null || table.size().compareTo(largest.size()) > 0) {
                largest = table;
            }
        }
        if (largest == null) {
            largest = new PlanCost.Table("none", List.of(), SymbolicSize.ONE);
        }
        return new PlanCost(largest, work(steps), likelihoodMemory(steps), marginalsMemory(steps));
    }

    /** {@return every table of the plan: the steps' outputs and the outputs of the scans' contractions} */
    static List<PlanCost.Table> tables(List<PlanStep> steps) {
        List<PlanCost.Table> tables = new ArrayList<>();
        for (PlanStep step : steps) {
            step.output().ifPresent(out -> tables.add(new PlanCost.Table(out.name(), step.axes(),
                    SymbolicSize.of(step.axes()))));
            if (step instanceof PlanStep.Scan scan) {
                for (SlotProgram program : scan.program().programs()) {
                    for (int i = 0; i < program.ops().size(); i++) {
                        List<VarUse> axes = program.ops().get(i).axes();
                        String where = scan.out().name() + (program.step() == SlotProgram.STEADY ? " steady"
                                : " step " + program.step()) + " s" + (program.inputs().size() + i + 1);
                        tables.add(new PlanCost.Table(where, axes, SymbolicSize.of(axes)));
                    }
                }
            }
        }
        return tables;
    }

    /** Contractions grouped by where they run; each costs the size of the product it forms. */
    private static List<PlanCost.Work> work(List<PlanStep> steps) {
        Map<String, PlanCost.Work> work = new LinkedHashMap<>();
        for (PlanStep step : steps) {
            if (step instanceof PlanStep.Contract c) {
                String per = c.plate() == null ? "once" : "per instance of " + c.plate();
                String where = c.plate() == null ? "contractions" : c.plate();
                SymbolicSize size = productSize(c.axes(), c.eliminated());
                work.merge(where + "\u0000" + per, new PlanCost.Work(where, per, c.plate(), SymbolicCost.of(size)),
                        (a, b) -> new PlanCost.Work(a.where(), a.per(), a.plate(), a.cost().plus(b.cost())));
            } else if (step instanceof PlanStep.Scan scan) {
                SymbolicCost cost = SymbolicCost.ZERO;
                for (ScanOp op : scan.program().steady().ops()) {
                    cost = cost.plus(productSize(op.axes(), op.eliminated()));
                }
                work.put(scan.out().name(), new PlanCost.Work(scan.out().name(), "per step of " + scan.plate(), scan.plate(), cost));
            }
        }
        return List.copyOf(work.values());
    }

    private static SymbolicSize productSize(List<VarUse> axes, List<VarUse> eliminated) {
        List<VarUse> union = new ArrayList<>(axes);
        union.addAll(eliminated);
        return SymbolicSize.of(union);
    }

    private static SymbolicCost likelihoodMemory(List<PlanStep> steps) {
        Set<TableRef> streamed = streamedEvidence(steps);
        SymbolicCost memory = SymbolicCost.ZERO;
        for (PlanStep step : steps) {
            if (step.output().isPresent() && !streamed.contains(step.output().get())) {
                memory = memory.plus(entries(step.output().get(), step.axes()));
            }
            if (step instanceof PlanStep.Scan scan) {
                memory = memory.plus(SymbolicSize.of(scan.program().steady().output()));
            }
        }
        return memory;
    }

    private static SymbolicCost marginalsMemory(List<PlanStep> steps) {
        SymbolicCost memory = SymbolicCost.ZERO;
        for (PlanStep step : steps) {
            if (step.output().isPresent()) {
                memory = memory.plus(entries(step.output().get(), step.axes()));
            }
            if (step instanceof PlanStep.Scan scan) {
                memory = memory.plus(SymbolicSize.of(scan.program().steady().output())
                        .times(SymbolicSize.instances(scan.plate())));
            }
        }
        return memory;
    }

    /** Evidence fed to a scan whose per-step inputs are all evidence: the engine streams it for a likelihood. */
    private static Set<TableRef> streamedEvidence(List<PlanStep> steps) {
        Set<TableRef> evidence = new HashSet<>();
        Set<TableRef> streamed = new HashSet<>();
        for (PlanStep step : steps) {
            if (step instanceof PlanStep.Observe observe) {
                evidence.add(observe.out());
            } else if (step instanceof PlanStep.Scan scan) {
                List<TableRef> perStep = scan.inputs().stream()
                        .filter(t -> scan.plate().equals(t.instancePlate())).toList();
                if (evidence.containsAll(perStep)) {
                    streamed.addAll(perStep);
                }
            }
        }
        return streamed;
    }

    private static SymbolicSize entries(TableRef table, List<VarUse> axes) {
        SymbolicSize size = SymbolicSize.of(axes);
        return table.instancePlate() == null ? size : size.times(SymbolicSize.instances(table.instancePlate()));
    }
}
