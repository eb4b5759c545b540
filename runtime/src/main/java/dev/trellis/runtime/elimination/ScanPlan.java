package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ScanSpec} checked against the layout and the scan's inputs, with what both kernel sets need: the axes of
 * every slot of every program variant.
 *
 * <p>Variants: step j < H runs boundary program j (variant j); step H runs the steady program on the message of
 * boundary program H-1 (variant H); every later step runs it on its own message (variant H+1). The two steady
 * variants differ only in the order of the message's axes, which the last ops of the two programs may give
 * differently. At boundary step j an input's uses of lag greater than j are dropped from its view (read at index 0).
 */
final class ScanPlan {

    final int plate;
    final int parent;
    final ScanSpec spec;
    final Table[] inputs;
    final Table output;
    final int history;
    final int[] frontier;
    final int[] shifted;
    final int[] outer;
    /** Whether each input is per-step (belongs to the plate) rather than homogeneous. */
    final boolean[] perStep;
    /** The variables living at the plate that this scan eliminates. */
    final int[] variables;
    /** Per variant, the message's axes (null for variant 0). */
    final int[][] messageAxes;
    /** Per variant and input, the axes of the input's view. */
    final int[][][] inputAxes;
    final List<List<NaryOp>> ops;
    /** Per variant, the axes of the last op's output (the new message). */
    final int[][] finalAxes;
    final String[] where;
    /**
     * For a {@link ScanKind#FIRST_ORDER} scan, each input's role in the chain the fast kernels fold it into: 0 the
     * initial row (read at step 0 only), 1 the transition matrix (read by the steady program only), 2 every step's
     * evidence (per-step, or read by both), -1 not read. Null for a generic scan.
     */
    final int @Nullable [] firstOrderRoles;

    private ScanPlan(Tape tape, ScanSpec spec, Table[] inputs, Table output, String label) {
        Layout layout = tape.layout;
        this.plate = spec.plate();
        this.parent = layout.plateParent(plate);
        this.spec = spec;
        this.inputs = inputs;
        this.output = output;
        this.history = spec.history();
        this.frontier = spec.frontierUses();
        this.shifted = spec.shiftedUses();
        this.outer = spec.outerUses();
        this.perStep = new boolean[inputs.length];
        int variants = history + 2;
        this.messageAxes = new int[variants][];
        this.inputAxes = new int[variants][][];
        this.ops = new ArrayList<>();
        this.finalAxes = new int[variants][];
        this.where = new String[variants];
        checkFrontierAndOuter(layout, label);
        Set<Integer> variables = new LinkedHashSet<>();
        for (int k = 0; k < inputs.length; k++) {
            perStep[k] = inputs[k].plate == plate;
            for (int use : inputs[k].axes) {
                int variable = layout.useVariable(use);
                if (layout.node(variable) == plate) {
                    variables.add(variable);
                } else if (!contains(outer, use)) {
                    throw new IllegalArgumentException(label + ": input " + (k + 1) + " (" + inputs[k].name
                            + ") has " + layout.describeUse(use) + ", which is neither a variable of "
                            + layout.plateLabel(plate) + " nor an outer use");
                }
            }
        }
        this.variables = variables.stream().mapToInt(Integer::intValue).toArray();
        for (int v = 0; v < variants; v++) {
            boolean steady = v >= history;
            where[v] = label + (steady ? ", steady program" + (v == history ? " after the boundary" : "")
                    : ", boundary step " + v);
            messageAxes[v] = v == 0 ? null : shift(finalAxes[v == history + 1 ? history : v - 1]);
            inputAxes[v] = new int[inputs.length][];
            for (int k = 0; k < inputs.length; k++) {
                int step = v;
                inputAxes[v][k] = steady ? inputs[k].axes
                        : Arrays.stream(inputs[k].axes).filter(u -> layout.useLag(u) <= step).toArray();
            }
            List<NaryOp> program = new ArrayList<>();
            for (ScanSpec.Op op : steady ? spec.steady() : spec.boundary(v)) {
                program.add(new NaryOp(op.operandSlots(), op.eliminated(), op.axes()));
            }
            ops.add(program);
            finalAxes[v] = check(tape, v, program);
        }
        this.firstOrderRoles = spec.kind() == ScanKind.FIRST_ORDER ? firstOrderRoles(tape) : null;
    }

    /** Checks the spec against the layout and the inputs; see {@link Elimination#scan}. */
    static ScanPlan of(Tape tape, ScanSpec spec, Table[] inputs, Table output, String label) {
        return new ScanPlan(tape, spec, inputs, output, label);
    }

    /** {@return the variant step t runs} */
    int variant(int step) {
        return step < history ? step : step == history ? history : history + 1;
    }

    private void checkFrontierAndOuter(Layout layout, String label) {
        for (int k = 0; k < frontier.length; k++) {
            int use = checkUse(layout, frontier[k], label);
            int next = checkUse(layout, shifted[k], label);
            int variable = layout.useVariable(use);
            if (layout.node(variable) != plate) {
                throw new IllegalArgumentException(label + ": frontier use " + layout.describeUse(use) + " is of "
                        + layout.site(variable) + ", which does not live at " + layout.plateLabel(plate));
            }
            if (layout.useVariable(next) != variable || layout.useLag(next) != layout.useLag(use) + 1) {
                throw new IllegalArgumentException(label + ": frontier use " + layout.describeUse(use)
                        + " shifts to " + layout.describeUse(next) + ", not to the same variable one step further");
            }
        }
        for (int use : outer) {
            checkUse(layout, use, label);
            int node = layout.node(layout.useVariable(use));
            if (layout.useLag(use) != 0 || node == plate || !layout.isAncestorOrSelf(node, parent)) {
                throw new IllegalArgumentException(label + ": outer use " + layout.describeUse(use)
                        + " is not a variable of an enclosing plate at lag 0");
            }
        }
    }

    /**
     * Checks what {@link ScanKind#FIRST_ORDER} promises (for both kernel sets, so that a spec is refused the same way
     * whichever runs it) and gives every input its role in the folded chain.
     */
    private int[] firstOrderRoles(Tape tape) {
        int x = frontier[0];
        int previous = shifted[0];
        int[] role = new int[inputs.length];
        String label = where[0].replace(", boundary step 0", "") + " (FIRST_ORDER)";
        if (tape.layout.useLag(x) != 0) {
            throw new IllegalArgumentException(label + ": the frontier use must have lag 0");
        }
        for (int v = 0; v < finalAxes.length; v++) {
            if (!Arrays.equals(finalAxes[v], new int[] {x})) {
                throw new IllegalArgumentException(label + ": " + where[v] + " must output the message over ["
                        + tape.layout.describeUse(x) + "] alone");
            }
        }
        int steady = history + 1;
        for (int i = 0; i < inputs.length; i++) {
            Table input = inputs[i];
            boolean atStart = reads(0, i + 1);
            boolean later = reads(steady, i + 1);
            boolean overX = Arrays.stream(input.axes).allMatch(u -> u == x);
            boolean overPair = Arrays.stream(input.axes).allMatch(u -> u == x || u == previous);
            if (perStep[i] || (atStart && later)) {
                role[i] = 2;
                if (!overX) {
                    throw new IllegalArgumentException(label + ": per-step input " + (i + 1) + " (" + input.name
                            + ") must be over [" + tape.layout.describeUse(x) + "] or nothing");
                }
            } else if (atStart) {
                role[i] = 0;
                if (!overX) {
                    throw new IllegalArgumentException(label + ": input " + (i + 1) + " (" + input.name
                            + ") of step 0 must be over [" + tape.layout.describeUse(x) + "] or nothing");
                }
            } else if (later) {
                role[i] = 1;
                if (!overPair) {
                    throw new IllegalArgumentException(label + ": input " + (i + 1) + " (" + input.name
                            + ") of the steady program must be over " + tape.layout.describeUse(previous) + " and "
                            + tape.layout.describeUse(x));
                }
            } else {
                role[i] = -1;
            }
        }
        return role;
    }

    private boolean reads(int variant, int slot) {
        for (NaryOp op : ops.get(variant)) {
            if (ScanPlan.contains(op.operands(), slot)) {
                return true;
            }
        }
        return false;
    }

    private static int checkUse(Layout layout, int use, String label) {
        if (use < 0 || use >= layout.useCount()) {
            throw new IllegalArgumentException(label + ": use " + use + " is not a use of the layout");
        }
        return use;
    }

    private int[] check(Tape tape, int variant, List<NaryOp> program) {
        Layout layout = tape.layout;
        int[][] external = new int[inputs.length + 1][];
        external[0] = messageAxes[variant];
        System.arraycopy(inputAxes[variant], 0, external, 1, inputs.length);
        boolean[] consumed = new boolean[external.length];
        int[][] axes = NaryOp.check(external, program, consumed, layout, where[variant]);
        if (variant > 0 && !consumed[0]) {
            throw new IllegalArgumentException(where[variant] + ": the message (slot 0) is never read");
        }
        for (int k = 0; k < inputs.length; k++) {
            if (perStep[k] && !consumed[k + 1]) {
                throw new IllegalArgumentException(where[variant] + ": per-step input " + (k + 1) + " ("
                        + inputs[k].name + ") is never read, so its row of this step would be lost");
            }
        }
        int[] last = axes[axes.length - 1];
        for (int use : last) {
            if (!contains(frontier, use) && !contains(outer, use)) {
                throw new IllegalArgumentException(where[variant] + ": the message has " + layout.describeUse(use)
                        + ", which is neither a frontier use nor an outer use");
            }
        }
        for (int use : outer) {
            if (!contains(last, use)) {
                throw new IllegalArgumentException(where[variant] + ": the message lacks the outer use "
                        + layout.describeUse(use));
            }
        }
        return last;
    }

    private int[] shift(int[] axes) {
        int[] out = new int[axes.length];
        for (int k = 0; k < axes.length; k++) {
            int f = indexOf(frontier, axes[k]);
            out[k] = f < 0 ? axes[k] : shifted[f];
        }
        return out;
    }

    static boolean contains(int[] values, int value) {
        return indexOf(values, value) >= 0;
    }

    static int indexOf(int[] values, int value) {
        for (int k = 0; k < values.length; k++) {
            if (values[k] == value) {
                return k;
            }
        }
        return -1;
    }
}
