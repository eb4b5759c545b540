package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The programs of a scan along a Markov plate: what one step computes, for the first H steps (the boundary, where
 * uses of lag greater than the step do not exist) and for every later step (the steady state).
 *
 * <p>A program is a list of {@link Op}s over numbered slots. Slot 0 is the message from the previous step (absent
 * at step 0), slots {@code 1..n} the scan's inputs in the order given to {@link Elimination#scan}, then one slot per
 * op in order. An input with the plate's instance axis is sliced to the current step; at boundary step j an
 * input's uses of lag greater than j are viewed at index 0. The message's axes at step t are the axes of the
 * previous step's last op, each frontier use replaced by its shifted use (lag + 1); the last op of every program
 * outputs the new message: frontier uses that exist at that step and outer uses. After a sequence's last step every
 * axis but the outer ones is summed out.
 *
 * <p>Built once, as a static constant of a generated class; immutable and safe to share. {@link #builder} checks
 * what it can without the layout; {@link Elimination#scan} checks the rest against the layout and the inputs.
 *
 * <p>Immutable, so thread-safe: generated classes hold their scans' specifications in constants.
 */
public final class ScanSpec {

    private final int plate;
    private final ScanKind kind;
    private final int[] frontierUses;
    private final int[] shiftedUses;
    private final int[] outerUses;
    private final Op[][] boundary;
    private final Op[] steady;

    private ScanSpec(Builder builder) {
        this.plate = builder.plate;
        this.kind = builder.kind;
        this.frontierUses = builder.frontierUses.stream().mapToInt(Integer::intValue).toArray();
        this.shiftedUses = builder.shiftedUses.stream().mapToInt(Integer::intValue).toArray();
        this.outerUses = builder.outerUses.clone();
        this.boundary = builder.boundary.values().toArray(Op[][]::new);
        this.steady = builder.steady;
    }

    /**
     * {@return a builder of the scan along a Markov plate}
     *
     * @param plate the Markov plate (a plate id of the layout)
     * @param kind {@link ScanKind#FIRST_ORDER} when the scan keeps that kind's promises, otherwise
     *     {@link ScanKind#GENERIC}
     */
    public static Builder builder(int plate, ScanKind kind) {
        return new Builder(plate, kind);
    }

    /**
     * {@return one contraction of a program: the product of the operands, the eliminated uses summed out (maxed out
     * for MAP), leaving the given axes in the given order}
     *
     * @param operandSlots the slots multiplied (two for a pairwise contraction; one to sum out or reorder); copied
     * @param eliminated the uses summed out here; copied
     * @param axes the output's axes: the operands' uses minus the eliminated ones, in the order wanted
     */
    public static Op op(int[] operandSlots, int[] eliminated, int... axes) {
        return new Op(operandSlots.clone(), eliminated.clone(), axes.clone());
    }

    /** {@return the Markov plate} */
    public int plate() {
        return plate;
    }

    /** {@return the kind the fast kernels run} */
    public ScanKind kind() {
        return kind;
    }

    /** {@return H, the number of boundary programs} */
    public int history() {
        return boundary.length;
    }

    int[] frontierUses() {
        return frontierUses;
    }

    int[] shiftedUses() {
        return shiftedUses;
    }

    int[] outerUses() {
        return outerUses;
    }

    /** The program of boundary step j < H. */
    Op[] boundary(int step) {
        return boundary[step];
    }

    Op[] steady() {
        return steady;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ScanSpec[plate ").append(plate).append(", ").append(kind)
                .append(", frontier ").append(Arrays.toString(frontierUses)).append(" -> ")
                .append(Arrays.toString(shiftedUses)).append(", outer ").append(Arrays.toString(outerUses));
        for (int j = 0; j < boundary.length; j++) {
            out.append(", step ").append(j).append(' ').append(Arrays.toString(boundary[j]));
        }
        return out.append(", steady ").append(Arrays.toString(steady)).append(']').toString();
    }

    /** One contraction of a scan program; see {@link ScanSpec#op}. Immutable. */
    public static final class Op {

        private final int[] operandSlots;
        private final int[] eliminated;
        private final int[] axes;

        private Op(int[] operandSlots, int[] eliminated, int[] axes) {
            if (operandSlots.length == 0) {
                throw new IllegalArgumentException("a scan op needs at least one operand slot");
            }
            this.operandSlots = operandSlots;
            this.eliminated = eliminated;
            this.axes = axes;
        }

        int[] operandSlots() {
            return operandSlots;
        }

        int[] eliminated() {
            return eliminated;
        }

        int[] axes() {
            return axes;
        }

        @Override
        public String toString() {
            return "op(" + Arrays.toString(operandSlots) + " - " + Arrays.toString(eliminated) + " -> "
                    + Arrays.toString(axes) + ")";
        }
    }

    /** Collects a scan's frontier, outer uses and programs. */
    public static final class Builder {

        private final int plate;
        private final ScanKind kind;
        private final List<Integer> frontierUses = new ArrayList<>();
        private final List<Integer> shiftedUses = new ArrayList<>();
        private int[] outerUses = new int[0];
        private final TreeMap<Integer, Op[]> boundary = new TreeMap<>();
        private Op[] steady;

        private Builder(int plate, ScanKind kind) {
            if (plate < 0) {
                throw new IllegalArgumentException("a scan runs along a plate, not along the root (" + plate + ")");
            }
            this.plate = plate;
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        /**
         * Adds a frontier use: {@code use}, the variable l steps back at step t, is {@code shiftedUse}, the same
         * variable l + 1 steps back, at step t + 1.
         */
        public Builder frontier(int use, int shiftedUse) {
            if (frontierUses.contains(use) || shiftedUses.contains(shiftedUse)) {
                throw new IllegalArgumentException("frontier use " + use + " -> " + shiftedUse + " repeats a use");
            }
            frontierUses.add(use);
            shiftedUses.add(shiftedUse);
            return this;
        }

        /** Sets the outer uses: variables of ancestor plates carried through every step and never eliminated. */
        public Builder outer(int... uses) {
            int[] copy = uses.clone();
            if (Arrays.stream(copy).distinct().count() != copy.length) {
                throw new IllegalArgumentException("outer uses " + Arrays.toString(copy) + " repeat a use");
            }
            this.outerUses = copy;
            return this;
        }

        /** Sets the program of boundary step {@code step} ({@code 0 <= step < H}). */
        public Builder boundary(int step, Op... ops) {
            if (step < 0) {
                throw new IllegalArgumentException("boundary step " + step + " is negative");
            }
            if (ops.length == 0) {
                throw new IllegalArgumentException("boundary step " + step + " has no ops");
            }
            if (boundary.put(step, ops.clone()) != null) {
                throw new IllegalArgumentException("boundary step " + step + " is given twice");
            }
            return this;
        }

        /** Sets the program of every step t >= H. */
        public Builder steady(Op... ops) {
            if (ops.length == 0) {
                throw new IllegalArgumentException("the steady program has no ops");
            }
            this.steady = ops.clone();
            return this;
        }

        /**
         * {@return the spec}
         *
         * @throws IllegalArgumentException if the boundary steps are not 0..H-1, the steady program is missing, an
         *     outer use is also a frontier use, or a {@link ScanKind#FIRST_ORDER} spec breaks that kind's promises
         */
        public ScanSpec build() {
            if (steady == null) {
                throw new IllegalArgumentException("scan along plate " + plate + " has no steady program");
            }
            if (boundary.isEmpty() || boundary.lastKey() != boundary.size() - 1) {
                throw new IllegalArgumentException("scan along plate " + plate + ": boundary steps "
                        + boundary.keySet() + " are not 0..H-1 with H >= 1");
            }
            for (int use : outerUses) {
                if (frontierUses.contains(use) || shiftedUses.contains(use)) {
                    throw new IllegalArgumentException("scan along plate " + plate + ": use " + use
                            + " is both outer and in the frontier");
                }
            }
            if (kind == ScanKind.FIRST_ORDER && (frontierUses.size() != 1 || outerUses.length != 0
                    || boundary.size() != 1)) {
                throw new IllegalArgumentException("scan along plate " + plate + " is FIRST_ORDER but has "
                        + frontierUses.size() + " frontier uses, " + outerUses.length + " outer uses and "
                        + boundary.size() + " boundary steps (it needs 1, 0 and 1)");
            }
            return new ScanSpec(this);
        }
    }
}
