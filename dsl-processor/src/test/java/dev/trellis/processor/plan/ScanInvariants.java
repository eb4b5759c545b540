package dev.trellis.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.TreeMap;

/**
 * Checks one scan against the runtime's {@code ScanSpec} conventions (design note §4), recomputing from its inputs'
 * axes what each step sees: slot 0 is the previous message shifted by the frontier map (absent at step 0), slots
 * 1..n the inputs with the uses that do not exist yet dropped, then one slot per op; each op's axes are its operands'
 * minus what it sums out; the last op outputs the frontier uses that exist at that step, then the outer uses.
 */
final class ScanInvariants {
    private ScanInvariants() {}

    static void check(PlatedFactorGraph graph, PlanStep.Scan scan, Map<TableRef, List<VarUse>> axes,
            Map<TableRef, PlanStep> producers) {
        String plate = scan.plate();
        Map<Variable, Integer> lags = new TreeMap<>((a, b) -> Integer.compare(a.id(), b.id()));
        Set<VarUse> outer = new LinkedHashSet<>();
        for (TableRef input : scan.inputs()) {
            assertTrue(input.instancePlate() == null || input.instancePlate().equals(plate));
            for (VarUse use : axes.get(input)) {
                if (Objects.equals(use.variable().node(), plate)) {
                    lags.merge(use.variable(), use.lag(), Math::max);
                } else {
                    assertEquals(0, use.lag(), "outer uses are current");
                    outer.add(use);
                }
            }
        }
        ScanProgram program = scan.program();
        int history = lags.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertEquals(history, program.history());
        assertEquals(history, program.boundary().size());
        assertEquals(new ArrayList<>(outer).stream().sorted((a, b) -> a.id() - b.id()).toList(), program.outer());
        assertEquals(program.outer(), scan.axes());
        assertEquals(graph.plates().plate(plate).parent(), scan.out().instancePlate());
        List<ScanProgram.Shift> frontier = new ArrayList<>();
        lags.forEach((v, max) -> {
            for (int l = 0; l < max; l++) {
                frontier.add(new ScanProgram.Shift(graph.use(v, l), graph.use(v, l + 1)));
            }
        });
        assertEquals(frontier, program.frontier());
        List<VarUse> previousOutput = null;
        for (SlotProgram p : program.programs()) {
            int reach = p.step() == SlotProgram.STEADY ? history : p.step();
            // Slot 0: the previous step's message shifted (the steady program follows the last boundary step).
            List<VarUse> expectedMessage = previousOutput == null ? List.of() : shift(previousOutput, program);
            assertEquals(expectedMessage, p.message(), "message at step " + p.step());
            checkProgram(graph, scan, axes, producers, p, reach, lags);
            previousOutput = p.output();
        }
        // The steady state is a fixed point: its own output shifted is its message.
        assertEquals(shift(program.steady().output(), program), program.steady().message());
        if (scan.kind() == ScanKind.FIRST_ORDER) {
            checkFirstOrder(scan, axes, lags);
        }
    }

    private static void checkProgram(PlatedFactorGraph graph, PlanStep.Scan scan, Map<TableRef, List<VarUse>> axes,
            Map<TableRef, PlanStep> producers, SlotProgram p, int reach, Map<Variable, Integer> lags) {
        int n = scan.inputs().size();
        assertEquals(n, p.inputs().size());
        List<List<VarUse>> slots = new ArrayList<>();
        slots.add(p.message());
        for (int i = 0; i < n; i++) {
            List<VarUse> view = axes.get(scan.inputs().get(i)).stream()
                    .filter(u -> !lags.containsKey(u.variable()) || u.lag() <= reach).toList();
            assertEquals(view, p.inputs().get(i), "input " + (i + 1) + " at step " + p.step());
            slots.add(view);
        }
        Map<Integer, Integer> uses = new HashMap<>();
        Set<VarUse> eliminated = new HashSet<>();
        for (int k = 0; k < p.ops().size(); k++) {
            ScanOp op = p.ops().get(k);
            int slot = n + k + 1;
            Set<VarUse> union = new LinkedHashSet<>();
            for (int operand : op.operands()) {
                assertTrue(operand < slot && operand >= 0, "operand s" + operand + " of s" + slot);
                assertTrue(operand != 0 || p.hasMessage(), "no message at step 0");
                uses.merge(operand, 1, Integer::sum);
                union.addAll(slots.get(operand));
            }
            assertTrue(union.containsAll(op.eliminated()));
            for (VarUse e : op.eliminated()) {
                assertTrue(eliminated.add(e), e + " summed out twice");
            }
            union.removeAll(op.eliminated());
            assertEquals(union, new HashSet<>(op.axes()), "axes of s" + slot + " at step " + p.step());
            for (VarUse u : op.axes()) {
                assertTrue(!lags.containsKey(u.variable()) || u.lag() <= reach, u + " does not exist at " + p.step());
            }
            slots.add(op.axes());
        }
        uses.values().forEach(count -> assertEquals(1, count, "a slot is used twice at step " + p.step()));
        if (p.hasMessage()) {
            assertEquals(1, uses.getOrDefault(0, 0), "the message is used at step " + p.step());
        }
        for (int k = 0; k < p.ops().size() - 1; k++) {
            assertEquals(1, uses.getOrDefault(n + k + 1, 0), "op output s" + (n + k + 1) + " is used");
        }
        for (int i = 0; i < n; i++) {
            TableRef input = scan.inputs().get(i);
            boolean perStep = scan.plate().equals(input.instancePlate());
            boolean expected = perStep || variantUsedAt(producers.get(input), reach);
            assertEquals(expected ? 1 : 0, uses.getOrDefault(i + 1, 0), input + " at step " + p.step());
        }
        Set<VarUse> mustEliminate = new HashSet<>();
        List<VarUse> message = new ArrayList<>();
        lags.forEach((v, max) -> {
            if (max == 0) {
                mustEliminate.add(graph.use(v, 0));
            } else if (max <= reach) {
                mustEliminate.add(graph.use(v, max));
            }
            for (int l = 0; l < max && l <= reach; l++) {
                message.add(graph.use(v, l));
            }
        });
        message.addAll(scan.program().outer());
        assertEquals(mustEliminate, eliminated, "eliminated at step " + p.step());
        assertEquals(message, p.output(), "message out of step " + p.step());
    }

    /** A tabulation's boundary variant j serves step j, its steady variant every step from its max lag on. */
    private static boolean variantUsedAt(PlanStep producer, int reach) {
        var tabulation = (PlanStep.Tabulate) producer;
        return tabulation.isBoundary() ? tabulation.variant() == reach : reach >= tabulation.factor().maxLag();
    }

    private static List<VarUse> shift(List<VarUse> output, ScanProgram program) {
        List<VarUse> shifted = new ArrayList<>();
        for (VarUse u : output) {
            shifted.add(program.frontier().stream().filter(s -> s.use().equals(u)).map(ScanProgram.Shift::shifted)
                    .findFirst().orElse(u));
        }
        return shifted;
    }

    private static void checkFirstOrder(PlanStep.Scan scan, Map<TableRef, List<VarUse>> axes,
            Map<Variable, Integer> lags) {
        assertEquals(1, lags.size());
        assertEquals(1, scan.program().frontier().size());
        assertEquals(List.of(), scan.program().outer());
        VarUse x = scan.program().frontier().get(0).use();
        VarUse previous = scan.program().frontier().get(0).shifted();
        int homogeneous = 0;
        for (TableRef input : scan.inputs()) {
            if (scan.plate().equals(input.instancePlate())) {
                assertEquals(List.of(x), axes.get(input));
            } else {
                homogeneous++;
                assertTrue(axes.get(input).equals(List.of(x)) || axes.get(input).equals(List.of(previous, x)));
            }
        }
        assertEquals(2, homogeneous);
    }
}
