package dev.trellis.processor.plan;

import dev.trellis.processor.graph.Binding;
import dev.trellis.processor.graph.GlobalInput;
import dev.trellis.processor.graph.Plate;
import dev.trellis.processor.graph.PlateTree;
import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.graph.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text form of an {@link EliminationPlan}: the output of {@code -Atrellis.dump}, the generated class's javadoc
 * and the planner tests' expectations. Stable: the same plan prints the same text. One numbered line per step,
 * naming the user's sites; a scan's slot programs follow on indented lines ({@code sN} is slot N: {@code s0} the
 * message from the previous step, then the scan's inputs, then each contraction's output).
 */
public final class PlanPrinter {
    private PlanPrinter() {}

    public static String print(EliminationPlan plan) {
        var out = new StringBuilder("elimination plan for ").append(plan.graph().model().className()).append('\n');
        printPlates(plan.graph().plates(), out);
        out.append("variables\n");
        for (Variable v : plan.graph().variables()) {
            out.append("  ").append(v.name()).append(" at ").append(v.node() == null ? "root" : v.node())
                    .append(v.chain() == null ? "" : ", chain along " + v.chain())
                    .append(", domain ").append(v.domain()).append('\n');
        }
        out.append("uses ").append(plan.graph().uses().stream().map(u -> u.id() + ":" + u.name())
                .collect(Collectors.joining(" "))).append('\n');
        if (!plan.graph().globals().isEmpty()) {
            out.append("globals ").append(plan.graph().globals().stream()
                    .map(g -> g.name() + " (" + g.kind().word() + ")"
                            + (g.plates().isEmpty() ? "" : " in " + g.plates()))
                    .collect(Collectors.joining(", "))).append('\n');
        }
        out.append("domains ").append(plan.domains().stream()
                .map(d -> d.variable().name() + " from " + d.table().name()).collect(Collectors.joining(", ")))
                .append('\n');
        out.append("steps\n");
        int number = 1;
        for (PlanStep step : plan.steps()) {
            out.append(String.format("  %2d. ", number++)).append(describe(step)).append('\n');
            if (step instanceof PlanStep.Scan scan) {
                printProgram(scan.program(), out);
            }
        }
        out.append(printCost(plan.cost()));
        return out.toString();
    }

    /**
     * {@return the plan's cost section: the largest table with its variables and symbolic size, the work per plate
     * instance or step, and the memory for the likelihood alone and with marginals} The plan, the shapes report and
     * the generated javadoc print it alike.
     */
    public static String printCost(PlanCost cost) {
        StringBuilder out = new StringBuilder();
        out.append("cost\n");
        out.append("  largest table: ").append(cost.largest().name()).append(" over ").append(cost.largest().axes())
                .append(", ").append(cost.largest().size()).append('\n');
        for (PlanCost.Work work : cost.work()) {
            out.append("  work: ").append(work.where()).append(' ').append(work.cost()).append(' ')
                    .append(work.per()).append('\n');
        }
        out.append("  memory: likelihood ").append(cost.likelihoodMemory()).append('\n');
        out.append("  memory: with marginals ").append(cost.marginalsMemory()).append('\n');
        return out.toString();
    }

    private static void printPlates(PlateTree tree, StringBuilder out) {
        if (tree.plates().isEmpty()) {
            return;
        }
        out.append("plates\n");
        for (Plate plate : tree.plates()) {
            int depth = 0;
            for (String p = plate.parent(); p != null; p = tree.plate(p).parent()) {
                depth++;
            }
            String kind = switch (plate.kind()) {
                case INSTANCE -> "instance";
                case MARKOV -> "markov, history " + plate.history();
                case FOLDED -> "folded";
            };
            out.append("  ".repeat(depth + 1)).append(plate.name()).append(": ").append(kind)
                    .append(plate.subsamplable() ? ", subsamplable" : "")
                    .append(plate.holdsFactors() ? "" : ", globals only").append('\n');
        }
    }

    private static String describe(PlanStep step) {
        if (step instanceof PlanStep.Tabulate t) {
            return t.out() + " = tabulate " + t.factor().name() + absent(t) + result(t.out(), t.axes());
        }
        if (step instanceof PlanStep.Observe o) {
            List<String> notes = new ArrayList<>();
            if (!o.factor().foldedPlates().isEmpty()) {
                notes.add("folded " + o.factor().foldedPlates());
            }
            if (!o.factor().dataParents().isEmpty()) {
                notes.add("reads data " + o.factor().dataParents().stream()
                        .map(d -> d.site() + (d.lag() == 0 ? "" : "@" + d.lag())).collect(Collectors.joining(", ")));
            }
            notes.add(o.kind().description());
            return o.out() + " = observe " + o.factor().name() + " (" + String.join(", ", notes) + ")"
                    + result(o.out(), o.axes());
        }
        if (step instanceof PlanStep.Contract c) {
            String sum = c.eliminated().isEmpty() ? "" : ", sum " + names(c.eliminated());
            return c.out() + " = contract " + product(c.inputs()) + sum + result(c.out(), c.axes());
        }
        if (step instanceof PlanStep.Product p) {
            return p.out() + " = product over " + p.plate() + " of " + p.input() + result(p.out(), p.axes());
        }
        if (step instanceof PlanStep.Scan s) {
            return s.out() + " = scan along " + s.plate() + " (" + (s.kind() == ScanKind.FIRST_ORDER ? "first order"
                    : "generic") + ") of " + s.inputs().stream().map(TableRef::name).collect(Collectors.joining(", "))
                    + result(s.out(), s.axes());
        }
        PlanStep.Result r = (PlanStep.Result) step;
        return "result = " + (r.inputs().isEmpty() ? "0" : r.inputs().stream().map(TableRef::name)
                .collect(Collectors.joining(" + ")));
    }

    /** For a boundary variant: what the parameters of absent uses receive. */
    private static String absent(PlanStep.Tabulate t) {
        if (!t.isBoundary()) {
            return "";
        }
        List<String> bound = new ArrayList<>();
        for (Binding b : t.factor().arguments()) {
            if (b instanceof Binding.Enumerated e && e.absentAt(t.variant())) {
                bound.add(e.parameter().parameterName() + " = "
                        + (e.initial().isPresent() ? String.valueOf(e.initial().getAsInt()) : "null"));
            }
        }
        return " at step " + t.variant() + " (" + String.join(", ", bound) + ")";
    }

    private static void printProgram(ScanProgram program, StringBuilder out) {
        String indent = "        ";
        out.append(indent).append("frontier ").append(program.frontier().stream()
                .map(s -> s.use() + " -> " + s.shifted()).collect(Collectors.joining(", ")));
        if (!program.outer().isEmpty()) {
            out.append("; outer ").append(names(program.outer()));
        }
        if (!program.stepLocal().isEmpty()) {
            out.append("; step-local ").append(names(program.stepLocal()));
        }
        out.append('\n');
        for (SlotProgram p : program.programs()) {
            out.append(indent).append(p.step() == SlotProgram.STEADY ? "steady" : "step " + p.step()).append(": ");
            List<String> ops = new ArrayList<>();
            for (int i = 0; i < p.ops().size(); i++) {
                ScanOp op = p.ops().get(i);
                ops.add("s" + (p.inputs().size() + i + 1) + " = " + op.operands().stream().map(s -> "s" + s)
                        .collect(Collectors.joining(" * ")) + (op.eliminated().isEmpty() ? ""
                        : ", sum " + names(op.eliminated())) + " -> " + op.axes());
            }
            out.append(String.join("; ", ops)).append('\n');
        }
    }

    private static String product(List<TableRef> tables) {
        return tables.stream().map(TableRef::name).collect(Collectors.joining(" * "));
    }

    private static String names(List<VarUse> uses) {
        return uses.stream().map(VarUse::name).collect(Collectors.joining(", "));
    }

    private static String result(TableRef out, List<VarUse> axes) {
        return " -> " + axes + (out.instancePlate() == null ? "" : " per " + out.instancePlate());
    }
}
