package dev.trellis.processor.plan;

import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.graph.Variable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans one scan along a Markov plate (design note §3.3): the frontier, outer and step-local uses of its inputs, and
 * the slot program of each boundary step and of the steady state, whose contractions follow the {@link GreedyOrder}.
 */
final class ScanPlanner {
    private final PlatedFactorGraph graph;
    private final List<ScanInput> inputs;
    /** Local variable -> the largest lag the inputs read it at, by variable id. */
    private final Map<Variable, Integer> maxLagRead = new TreeMap<>((a, b) -> Integer.compare(a.id(), b.id()));
    private final List<VarUse> outer;
    private final List<VarUse> stepLocal = new ArrayList<>();
    private final List<ScanProgram.Shift> frontier = new ArrayList<>();
    private final int history;

    /**
     * One input of the scan.
     *
     * @param table the table
     * @param axes its axes
     * @param perStep whether it has the plate's instance axis (sliced to the current step); otherwise it is a
     *     homogeneous tabulation
     * @param variant for a tabulation, its variant (see {@link PlanStep.Tabulate})
     * @param maxLag for a tabulation, its factor's number of boundary variants
     */
    record ScanInput(TableRef table, List<VarUse> axes, boolean perStep, int variant, int maxLag) {}

    /** The planned program and the kernels it allows. */
    record Planned(ScanProgram program, ScanKind kind) {}

    private ScanPlanner(PlatedFactorGraph graph, String plate, List<ScanInput> inputs) {
        this.graph = graph;
        this.inputs = inputs;
        Set<VarUse> outerUses = new LinkedHashSet<>();
        for (ScanInput input : inputs) {
            for (VarUse use : input.axes()) {
                if (Objects.equals(use.variable().node(), plate)) {
                    maxLagRead.merge(use.variable(), use.lag(), Math::max);
                } else {
                    outerUses.add(use);
                }
            }
        }
        outer = GreedyOrder.byId(outerUses);
        int deepest = 0;
        for (var entry : maxLagRead.entrySet()) {
            int lags = entry.getValue();
            deepest = Math.max(deepest, lags);
            if (lags == 0) {
                stepLocal.add(graph.use(entry.getKey(), 0));
            }
            for (int lag = 0; lag < lags; lag++) {
                frontier.add(new ScanProgram.Shift(graph.use(entry.getKey(), lag), graph.use(entry.getKey(), lag + 1)));
            }
        }
        history = deepest;
        if (frontier.isEmpty()) {
            throw new IllegalArgumentException("a scan along " + plate + " needs a variable read at an earlier step");
        }
    }

    /** {@return the scan of {@code inputs} along the Markov plate {@code plate}} */
    static Planned plan(PlatedFactorGraph graph, String plate, List<ScanInput> inputs) {
        return new ScanPlanner(graph, plate, inputs).plan();
    }

    private Planned plan() {
        List<SlotProgram> boundary = new ArrayList<>();
        for (int step = 0; step < history; step++) {
            boundary.add(program(step, step));
        }
        SlotProgram steady = program(SlotProgram.STEADY, history);
        var program = new ScanProgram(history, frontier, outer, stepLocal, boundary, steady);
        return new Planned(program, isFirstOrder(program) ? ScanKind.FIRST_ORDER : ScanKind.GENERIC);
    }

    /**
     * The program of a step at which uses of lag up to {@code reach} exist: {@code reach} is the boundary step, or
     * the history for the steady state (where every use exists).
     */
    private SlotProgram program(int step, int reach) {
        List<VarUse> message = new ArrayList<>();
        if (reach > 0) {
            for (ScanProgram.Shift shift : frontierAt(reach - 1)) {
                message.add(shift.shifted());
            }
            message.addAll(outer);
        }
        List<List<VarUse>> views = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<List<VarUse>> scopes = new ArrayList<>();
        if (reach > 0) {
            slots.add(0);
            scopes.add(message);
        }
        for (int i = 0; i < inputs.size(); i++) {
            ScanInput input = inputs.get(i);
            List<VarUse> view = input.axes().stream().filter(use -> exists(use, reach)).toList();
            views.add(view);
            if (input.perStep() || input.variant() == Math.min(reach, input.maxLag())) {
                slots.add(i + 1);
                scopes.add(view);
            }
        }
        Set<VarUse> eliminate = new LinkedHashSet<>(stepLocal);
        maxLagRead.forEach((variable, lags) -> {
            if (lags > 0 && lags <= reach) {
                eliminate.add(graph.use(variable, lags));
            }
        });
        List<VarUse> newMessage = new ArrayList<>();
        frontierAt(reach).forEach(shift -> newMessage.add(shift.use()));
        newMessage.addAll(outer);
        return new SlotProgram(step, message, views,
                contractions(slots, scopes, eliminate, newMessage, inputs.size()));
    }

    /** Greedy elimination over the slots, ending in one op whose output is the new message. */
    private static List<ScanOp> contractions(List<Integer> slots, List<List<VarUse>> scopes, Set<VarUse> eliminate,
            List<VarUse> message, int inputCount) {
        List<ScanOp> ops = new ArrayList<>();
        slots = new ArrayList<>(slots);
        scopes = new ArrayList<>(scopes);
        Set<VarUse> remaining = new LinkedHashSet<>(eliminate);
        while (!remaining.isEmpty()) {
            VarUse use = GreedyOrder.next(scopes, remaining);
            List<Integer> operands = new ArrayList<>();
            Set<VarUse> union = new LinkedHashSet<>();
            for (int i = slots.size() - 1; i >= 0; i--) {
                if (scopes.get(i).contains(use)) {
                    operands.add(0, slots.remove(i));
                    union.addAll(scopes.remove(i));
                }
            }
            union.remove(use);
            List<VarUse> axes = GreedyOrder.byId(union);
            ops.add(new ScanOp(operands, List.of(use), axes));
            slots.add(inputCount + ops.size());
            scopes.add(axes);
            remaining.remove(use);
        }
        Set<VarUse> left = new LinkedHashSet<>();
        scopes.forEach(left::addAll);
        if (!left.equals(new LinkedHashSet<>(message))) {
            throw new IllegalStateException("a step leaves " + left + " but its message is " + message);
        }
        boolean lastIsAlone = slots.size() == 1 && slots.get(0) == inputCount + ops.size() && !ops.isEmpty();
        if (lastIsAlone) {
            // The last contraction already holds the message's axes: lay them out in the message's order.
            ScanOp last = ops.remove(ops.size() - 1);
            ops.add(new ScanOp(last.operands(), last.eliminated(), message));
        } else {
            ops.add(new ScanOp(slots, List.of(), message));
        }
        return ops;
    }

    /** {@return the frontier uses that exist once uses of lag up to {@code reach} do} */
    private List<ScanProgram.Shift> frontierAt(int reach) {
        return frontier.stream().filter(shift -> shift.use().lag() <= reach).toList();
    }

    private boolean exists(VarUse use, int reach) {
        return !maxLagRead.containsKey(use.variable()) || use.lag() <= reach;
    }

    /** The promise of {@link ScanKind#FIRST_ORDER} (design note §4). */
    private boolean isFirstOrder(ScanProgram program) {
        if (history != 1 || frontier.size() != 1 || !outer.isEmpty() || !stepLocal.isEmpty()) {
            return false;
        }
        VarUse x = frontier.get(0).use();
        VarUse previous = frontier.get(0).shifted();
        int initial = 0;
        int transition = 0;
        for (ScanInput input : inputs) {
            if (input.perStep()) {
                if (!input.axes().equals(List.of(x))) {
                    return false;
                }
            } else if (input.variant() == 0 && input.maxLag() == 1 && input.axes().equals(List.of(x))) {
                initial++;
            } else if (input.variant() == 1 && input.maxLag() == 1 && input.axes().equals(List.of(previous, x))) {
                transition++;
            } else {
                return false;
            }
        }
        return initial == 1 && transition == 1;
    }
}
