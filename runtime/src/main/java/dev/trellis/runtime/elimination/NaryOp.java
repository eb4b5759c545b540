package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One contraction of a program as the caller gives it: the operand slots multiplied, the uses summed out, the axes
 * left in order. Slots {@code 0..external-1} are the caller's; op i's output is slot {@code external + i}.
 */
record NaryOp(int[] operands, int[] eliminated, int[] axes) {

    /**
     * Checks a program against its slots' axes and returns the axes of every op's output.
     *
     * <p>Each slot is read at most once (a table used twice would be counted twice), no op reads a use an earlier op
     * summed out, every eliminated use is an operand's, and every op's output axes are exactly its operands' uses
     * minus the eliminated ones; every op's output but the last is read.
     *
     * @param external the axes of the caller's slots; null for a slot that does not exist (the message at step 0)
     * @param consumed modified: marks the caller's slots the program reads
     * @throws IllegalArgumentException naming the program, the op and the slot or use
     */
    static int[][] check(int @Nullable [][] external, List<NaryOp> ops, boolean[] consumed, Layout layout,
                         String where) {
        int e = external.length;
        int[][] axes = new int[ops.size()][];
        boolean[] opConsumed = new boolean[ops.size()];
        Set<Integer> eliminatedSoFar = new HashSet<>();
        for (int i = 0; i < ops.size(); i++) {
            NaryOp op = ops.get(i);
            String at = where + ", op " + i + ": ";
            LinkedHashSet<Integer> union = new LinkedHashSet<>();
            for (int s : op.operands()) {
                if (s < 0 || s >= e + i) {
                    throw new IllegalArgumentException(at + "slot " + s + " does not exist (slots 0.." + (e + i - 1)
                            + " do here)");
                }
                if (s < e && external[s] == null) {
                    throw new IllegalArgumentException(at + "slot " + s + " (the message) does not exist at step 0");
                }
                boolean[] seen = s < e ? consumed : opConsumed;
                int index = s < e ? s : s - e;
                if (seen[index]) {
                    throw new IllegalArgumentException(at + "slot " + s + " is used a second time");
                }
                seen[index] = true;
                for (int use : s < e ? external[s] : axes[s - e]) {
                    if (eliminatedSoFar.contains(use)) {
                        throw new IllegalArgumentException(at + "slot " + s + " has " + layout.describeUse(use)
                                + ", which an earlier op summed out");
                    }
                    union.add(use);
                }
            }
            Set<Integer> eliminated = new HashSet<>();
            for (int use : op.eliminated()) {
                if (!union.contains(use)) {
                    throw new IllegalArgumentException(at + "eliminates " + layout.describeUse(use)
                            + ", which no operand has");
                }
                if (!eliminated.add(use)) {
                    throw new IllegalArgumentException(at + "eliminates " + layout.describeUse(use) + " twice");
                }
            }
            Set<Integer> expected = new LinkedHashSet<>(union);
            expected.removeAll(eliminated);
            Set<Integer> given = new LinkedHashSet<>();
            for (int use : op.axes()) {
                if (!given.add(use)) {
                    throw new IllegalArgumentException(at + "output axis " + layout.describeUse(use)
                            + " is repeated");
                }
            }
            if (!given.equals(expected)) {
                throw new IllegalArgumentException(at + "output axes " + names(given, layout)
                        + " are not the operands' uses minus the eliminated ones, " + names(expected, layout));
            }
            eliminatedSoFar.addAll(eliminated);
            axes[i] = op.axes().clone();
        }
        for (int i = 0; i + 1 < ops.size(); i++) {
            if (!opConsumed[i]) {
                throw new IllegalArgumentException(where + ": the output of op " + i + " (slot " + (e + i)
                        + ") is never read; only the last op's output leaves the program");
            }
        }
        return axes;
    }

    private static String names(Set<Integer> uses, Layout layout) {
        List<String> names = new ArrayList<>();
        for (int use : uses) {
            names.add(layout.describeUse(use));
        }
        return names.toString();
    }
}
