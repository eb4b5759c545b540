package dev.trellis.runtime.elimination;

import dev.trellis.runtime.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A list of contractions over numbered slots, compiled into pair steps for the fast kernels: the forward pass in any
 * {@link Semiring}, the backward pass, the traceback and the posterior of a slot.
 *
 * <p>Slots {@code 0..external-1} are given by the caller (table rows, views of them, a scan's message); each n-ary
 * op then makes one slot. An op of k operands becomes k - 1 pair steps, folding the operands from the left and
 * summing out each eliminated use as soon as no later operand has it; an op of one operand is one unary step. Each
 * pair step's output is row-major over its axes and is normalised after it is computed: in scaled space divided by
 * its maximum, in log space that maximum subtracted, and the log of it recorded in the frame's norms. So every
 * intermediate's largest entry is 1 (or 0 in log space), and the caller adds the norms to the log-scale it keeps.
 *
 * <p>Scaled space keeps the precision invariant of {@code ScaledForwardKernels}: every live entry of every operand
 * is at least {@link #PRECISION_FLOOR} = 2^-500 of its slot's maximum, so every product of two is a normal double
 * (at least 2^-1000) and nothing live is flushed to zero. A pair step whose normalised output has a live entry below
 * the floor reports {@link #LOSES_PRECISION}, and the caller redoes that run in log space.
 *
 * <p>Backward quantities: for a slot with values v (scaled) the frame holds {@code C = adjoint / v}, so the adjoint of
 * an entry is {@code v * C} and a pair step out = (a x b) / m passes {@code C_a = (C_out / m) x b} summed to a's
 * axes. In log space the frame holds {@code log C}. The runner sets the output slot's C and gets the external slots'
 * C back; a homogeneous table's C can be accumulated over steps directly (its values do not change).
 */
final class PairwiseProgram {

    /** The smallest live scaled entry an operand may hold: products of two stay normal doubles. */
    static final double PRECISION_FLOOR = 0x1p-500;
    /** Returned by {@link #forward} when a scaled run would lose precision. */
    static final double LOSES_PRECISION = Double.NaN;

    final int externalSlots;
    final SlotShape[] shapes;
    final PairStep[] steps;
    /** The slot of the last op's output. */
    final int outputSlot;
    /** Where each internal slot starts inside one run's block of stored values. */
    private final int[] internalOffsets;
    /** The size of one run's block of internal values. */
    final int runSize;
    /** For each use eliminated here, the pair step that eliminates it. */
    private final int[] eliminatingStep;
    private final int[] eliminatedUses;
    private final double[] ratio;
    private final double[] scratch;
    private final double[] internalBack;
    /** Per pair step, the batches of pulls into operand a and operand b, or null (see {@link StepBatch}). */
    private final StepBatch[][] batches;

    private PairwiseProgram(SlotShape[] shapes, int externalSlots, PairStep[] steps) {
        this.shapes = shapes;
        this.externalSlots = externalSlots;
        this.steps = steps;
        this.outputSlot = steps[steps.length - 1].out;
        this.internalOffsets = new int[shapes.length - externalSlots];
        int size = 0;
        int largest = 1;
        int extent = 1;
        for (int s = externalSlots; s < shapes.length; s++) {
            internalOffsets[s - externalSlots] = size;
            size += shapes[s].cells;
            largest = Math.max(largest, shapes[s].cells);
        }
        List<Integer> uses = new ArrayList<>();
        List<Integer> byStep = new ArrayList<>();
        for (int p = 0; p < steps.length; p++) {
            PairStep step = steps[p];
            extent = Math.max(extent, Math.max(step.forward.outExtent, step.backA.outExtent));
            if (step.backB != null) {
                extent = Math.max(extent, step.backB.outExtent);
            }
            for (int use : step.eliminated) {
                uses.add(use);
                byStep.add(p);
            }
        }
        this.runSize = size;
        this.eliminatedUses = uses.stream().mapToInt(Integer::intValue).toArray();
        this.eliminatingStep = byStep.stream().mapToInt(Integer::intValue).toArray();
        this.ratio = new double[largest];
        this.scratch = new double[extent];
        this.internalBack = new double[Math.max(size, 1)];
        this.batches = new StepBatch[steps.length][2];
    }

    /**
     * Compiles a list of ops, after {@link NaryOp#check} (which the caller has run or this runs).
     *
     * @param external the shapes of the caller's slots; null for a slot that does not exist (the message at step 0)
     * @param ops the ops in order; op i's output is slot {@code external.length + i}
     * @param useSizes the domain size of every use
     * @throws IllegalArgumentException naming the op and the use or slot when the ops are inconsistent
     */
    static PairwiseProgram compile(@Nullable SlotShape[] external, List<NaryOp> ops, int[] useSizes, Layout layout,
                                   String where) {
        return compile(external, ops, useSizes, layout, where, null);
    }

    /**
     * {@link #compile(SlotShape[], List, int[], Layout, String)} with the axes of the intermediate outputs of
     * decomposed ops sorted by {@code order} (null: the operands' order).
     */
    static PairwiseProgram compile(@Nullable SlotShape[] external, List<NaryOp> ops, int[] useSizes, Layout layout,
                                   String where, @Nullable Comparator<Integer> order) {
        int e = external.length;
        int[][] externalAxes = new int[e][];
        for (int s = 0; s < e; s++) {
            externalAxes[s] = external[s] == null ? null : external[s].axes;
        }
        NaryOp.check(externalAxes, ops, new boolean[e], layout, where);
        List<SlotShape> shapes = new ArrayList<>(Arrays.asList(external));
        List<PairStep> steps = new ArrayList<>();
        int[] opSlot = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            NaryOp op = ops.get(i);
            int[] operandSlots = new int[op.operands().length];
            for (int k = 0; k < operandSlots.length; k++) {
                int s = op.operands()[k];
                operandSlots[k] = s < e ? s : opSlot[s - e];
            }
            opSlot[i] = decompose(operandSlots, op, shapes, steps, useSizes, order);
        }
        return new PairwiseProgram(shapes.toArray(SlotShape[]::new), e, steps.toArray(PairStep[]::new));
    }

    /** Adds the pair steps of one op; returns the slot of its output. */
    private static int decompose(int[] operands, NaryOp op, List<SlotShape> shapes, List<PairStep> steps,
                                 int[] useSizes, @Nullable Comparator<Integer> order) {
        int current = operands[0];
        if (operands.length == 1) {
            return addStep(current, -1, op.eliminated(), op.axes(), shapes, steps, useSizes);
        }
        for (int i = 1; i < operands.length; i++) {
            int next = operands[i];
            LinkedHashSet<Integer> union = new LinkedHashSet<>();
            for (int use : shapes.get(current).axes) {
                union.add(use);
            }
            for (int use : shapes.get(next).axes) {
                union.add(use);
            }
            Set<Integer> later = new HashSet<>();
            for (int j = i + 1; j < operands.length; j++) {
                for (int use : shapes.get(operands[j]).axes) {
                    later.add(use);
                }
            }
            int[] now = Arrays.stream(op.eliminated()).filter(u -> union.contains(u) && !later.contains(u)).toArray();
            int[] axes;
            if (i == operands.length - 1) {
                axes = op.axes();
            } else {
                Set<Integer> drop = new HashSet<>();
                for (int use : now) {
                    drop.add(use);
                }
                axes = union.stream().filter(u -> !drop.contains(u))
                        .sorted(order == null ? (u, w) -> 0 : order).mapToInt(Integer::intValue).toArray();
            }
            current = addStep(current, next, now, axes, shapes, steps, useSizes);
        }
        return current;
    }

    private static int addStep(int a, int b, int[] eliminated, int[] outAxes, List<SlotShape> shapes,
                               List<PairStep> steps, int[] useSizes) {
        int[] outSizes = Arrays.stream(outAxes).map(u -> useSizes[u]).toArray();
        SlotShape out = SlotShape.contiguous(outAxes, outSizes);
        SlotShape sa = shapes.get(a);
        SlotShape sb = b < 0 ? null : shapes.get(b);
        LinkedHashSet<Integer> joint = new LinkedHashSet<>();
        for (int use : sa.axes) {
            joint.add(use);
        }
        if (sb != null) {
            for (int use : sb.axes) {
                joint.add(use);
            }
        }
        int[] uses = joint.stream().mapToInt(Integer::intValue).toArray();
        int[] sizes = Arrays.stream(uses).map(u -> useSizes[u]).toArray();
        int[] stA = strides(sa, uses);
        int[] stB = sb == null ? null : strides(sb, uses);
        int[] stOut = strides(out, uses);
        StridedContraction forward = StridedContraction.compile(sizes, stA, stB, stOut);
        StridedContraction backA = StridedContraction.compile(sizes, stOut, stB, stA);
        StridedContraction backB = sb == null ? null : StridedContraction.compile(sizes, stOut, stA, stB);
        int[] outStrideA = strides(sa, outAxes);
        int[] outStrideB = sb == null ? new int[outAxes.length] : strides(sb, outAxes);
        int[] elimSizes = Arrays.stream(eliminated).map(u -> useSizes[u]).toArray();
        int[] elimStrideA = strides(sa, eliminated);
        int[] elimStrideB = sb == null ? new int[eliminated.length] : strides(sb, eliminated);
        shapes.add(out);
        int slot = shapes.size() - 1;
        steps.add(new PairStep(a, b, slot, eliminated.clone(), forward, backA, backB, outStrideA, outStrideB,
                elimSizes, elimStrideA, elimStrideB));
        return slot;
    }

    private static int[] strides(SlotShape shape, int[] uses) {
        int[] strides = new int[uses.length];
        for (int k = 0; k < uses.length; k++) {
            strides[k] = shape.strideOf(uses[k]);
        }
        return strides;
    }

    /** {@return a frame whose internal slots' backward quantities live in this program's scratch} */
    Frame newFrame() {
        Frame frame = new Frame(shapes.length);
        for (int s = externalSlots; s < shapes.length; s++) {
            frame.back(s, internalBack, internalOffsets[s - externalSlots]);
        }
        return frame;
    }

    /** Points the frame's internal slots at one run's block of stored values and norms. */
    void bind(Frame frame, double[] storage, int base, double[] norms, int normBase) {
        for (int s = externalSlots; s < shapes.length; s++) {
            frame.value(s, storage, base + internalOffsets[s - externalSlots]);
        }
        frame.norms(norms, normBase);
    }

    /** {@return the cells of every pair step's joint (operands' axes), summed: the multiply-adds of one run} */
    long work() {
        long total = 0;
        for (PairStep step : steps) {
            long cells = 1;
            java.util.Set<Integer> joint = new java.util.HashSet<>();
            for (int slot : new int[] {step.a, step.b}) {
                if (slot >= 0) {
                    SlotShape shape = shapes[slot];
                    for (int k = 0; k < shape.axes.length; k++) {
                        if (joint.add(shape.axes[k])) {
                            cells *= shape.sizes[k];
                        }
                    }
                }
            }
            total += cells;
        }
        return total;
    }

    /** {@return where the output slot starts inside a run's block} */
    int outputOffset() {
        return internalOffsets[outputSlot - externalSlots];
    }

    /** {@return the pair step that sums out a use, or -1 when this program does not} */
    int stepEliminating(int use) {
        for (int k = 0; k < eliminatedUses.length; k++) {
            if (eliminatedUses[k] == use) {
                return eliminatingStep[k];
            }
        }
        return -1;
    }

    /**
     * Runs the pair steps forward into the frame's internal slots, normalising each output.
     *
     * @return the sum of the steps' log-normalisers; {@code -Infinity} when some output is all zero (the run has
     *     probability zero); {@link #LOSES_PRECISION} when a scaled output breaks the precision invariant
     */
    double forward(Semiring semiring, Frame f) {
        double total = 0.0;
        for (int p = 0; p < steps.length; p++) {
            PairStep step = steps[p];
            double[] a = f.values[step.a];
            int aOff = f.valueOffsets[step.a];
            double[] b = step.b < 0 ? a : f.values[step.b];
            int bOff = step.b < 0 ? aOff : f.valueOffsets[step.b];
            double[] out = f.values[step.out];
            int outOff = f.valueOffsets[step.out];
            int cells = shapes[step.out].cells;
            double norm;
            if (semiring == Semiring.SCALED) {
                Arrays.fill(out, outOff, outOff + cells, 0.0);
                step.forward.sumProduct(a, aOff, b, bOff, out, outOff);
                norm = normaliseScaled(out, outOff, cells);
            } else {
                Arrays.fill(out, outOff, outOff + cells, Double.NEGATIVE_INFINITY);
                if (semiring == Semiring.LOG) {
                    step.forward.logSumExp(a, aOff, b, bOff, out, outOff, scratch);
                } else {
                    step.forward.maxPlus(a, aOff, b, bOff, out, outOff);
                }
                norm = normaliseLog(out, outOff, cells);
            }
            if (norm == Double.NEGATIVE_INFINITY || Double.isNaN(norm)) {
                return norm;
            }
            f.norms[f.normOffset + p] = norm;
            total += norm;
        }
        return total;
    }

    /** Divides by the maximum; returns its log, -inf when all are 0, or LOSES_PRECISION. */
    private static double normaliseScaled(double[] out, int off, int cells) {
        double max = 0.0;
        for (int i = off; i < off + cells; i++) {
            max = out[i] > max ? out[i] : max;
        }
        if (max == 0.0) {
            return Double.NEGATIVE_INFINITY;
        }
        double inverse = 1.0 / max;
        boolean lossy = false;
        for (int i = off; i < off + cells; i++) {
            double v = out[i] * inverse;
            out[i] = v;
            lossy |= v > 0.0 && v < PRECISION_FLOOR;
        }
        return lossy ? LOSES_PRECISION : Math.log(max);
    }

    /** Subtracts the maximum; returns it, or -inf when all are -inf. */
    private static double normaliseLog(double[] out, int off, int cells) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + cells; i++) {
            max = out[i] > max ? out[i] : max;
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        for (int i = off; i < off + cells; i++) {
            out[i] -= max;
        }
        return max;
    }

    /**
     * Runs the backward pass: from the output slot's backward quantity (set by the caller) to every other slot's.
     * Internal slots are written in full; the caller's slots are accumulated into in scaled space (so a homogeneous
     * table's C can gather every step) and overwritten in log space, where the caller must have filled them with
     * {@code -inf}.
     *
     * @param semiring {@link Semiring#SCALED} or {@link Semiring#LOG}, as the forward pass ran
     */
    void backward(Semiring semiring, Frame f) {
        for (int p = steps.length - 1; p >= 0; p--) {
            PairStep step = steps[p];
            int cells = shapes[step.out].cells;
            double[] c = f.back[step.out];
            int cOff = f.backOffsets[step.out];
            double norm = f.norms[f.normOffset + p];
            if (semiring == Semiring.SCALED) {
                double inverse = Math.exp(-norm);
                for (int i = 0; i < cells; i++) {
                    ratio[i] = c[cOff + i] * inverse;
                }
            } else {
                for (int i = 0; i < cells; i++) {
                    ratio[i] = c[cOff + i] - norm;
                }
            }
            double[] a = f.values[step.a];
            int aOff = f.valueOffsets[step.a];
            StepBatch[] batch = semiring == Semiring.SCALED ? batches[p] : NO_BATCHES;
            if (step.b < 0) {
                if (batch[0] != null) {
                    batch[0].add(ratio, null, 0, f.back[step.a], f.backOffsets[step.a]);
                } else {
                    pull(semiring, step.backA, a, aOff, f, step.a);   // unary: the contraction ignores the operand
                }
            } else {
                double[] b = f.values[step.b];
                int bOff = f.valueOffsets[step.b];
                if (batch[0] != null) {
                    batch[0].add(ratio, b, bOff, f.back[step.a], f.backOffsets[step.a]);
                } else {
                    pull(semiring, step.backA, b, bOff, f, step.a);
                }
                if (batch[1] != null) {
                    batch[1].add(ratio, a, aOff, f.back[step.b], f.backOffsets[step.b]);
                } else {
                    pull(semiring, step.backB, a, aOff, f, step.b);
                }
            }
        }
    }

    private static final StepBatch[] NO_BATCHES = new StepBatch[2];

    /**
     * From now on, gathers the scaled backward pulls into an external slot over several steps ({@link StepBatch});
     * the caller must keep that slot's backward target the same until {@link #flushBatches}.
     */
    void batchPullsInto(int slot, int[] useSizes) {
        for (int p = 0; p < steps.length; p++) {
            PairStep step = steps[p];
            SlotShape out = shapes[step.out];
            if (step.a == slot) {
                batches[p][0] = new StepBatch(out, step.b < 0 ? null : shapes[step.b], shapes[step.a], useSizes);
            }
            if (step.b == slot) {
                batches[p][1] = new StepBatch(out, shapes[step.a], shapes[step.b], useSizes);
            }
        }
    }

    /** Adds every gathered pull into its target. */
    void flushBatches() {
        for (StepBatch[] batch : batches) {
            for (StepBatch b : batch) {
                if (b != null) {
                    b.flush();
                }
            }
        }
    }

    private void pull(Semiring semiring, StridedContraction back, double[] other, int otherOff, Frame f, int slot) {
        double[] target = f.back[slot];
        int off = f.backOffsets[slot];
        if (slot >= externalSlots) {
            Arrays.fill(target, off, off + shapes[slot].cells,
                    semiring == Semiring.SCALED ? 0.0 : Double.NEGATIVE_INFINITY);
        }
        if (semiring == Semiring.SCALED) {
            back.sumProduct(ratio, 0, other, otherOff, target, off);
        } else {
            back.logSumExp(ratio, 0, other, otherOff, target, off, scratch);
        }
    }

    /**
     * Decides the uses every pair step sums out, from the last step back: given the values of the step's output
     * axes (already decided), the eliminated uses are drawn in proportion to their terms ({@code rng} given) or set
     * to the first maximum (MAP).
     *
     * @param semiring how the forward pass ran
     * @param rng null for MAP
     */
    void decide(Semiring semiring, Frame f, UseContext context, @Nullable Rng rng) {
        for (int p = steps.length - 1; p >= 0; p--) {
            PairStep step = steps[p];
            if (step.eliminated.length == 0) {
                continue;
            }
            double[] a = f.values[step.a];
            double[] b = step.b < 0 ? null : f.values[step.b];
            int ia = f.valueOffsets[step.a];
            int ib = step.b < 0 ? 0 : f.valueOffsets[step.b];
            int[] outAxes = shapes[step.out].axes;
            for (int k = 0; k < outAxes.length; k++) {
                int value = context.value(outAxes[k]);
                ia += step.outStrideA[k] * value;
                ib += step.outStrideB[k] * value;
            }
            int chosen = choose(semiring, step, a, ia, b, ib, rng);
            for (int k = step.eliminated.length - 1; k >= 0; k--) {
                context.set(step.eliminated[k], chosen % step.elimSizes[k]);
                chosen /= step.elimSizes[k];
            }
        }
    }

    /** The row-major index of the chosen cell of the eliminated uses. */
    private int choose(Semiring semiring, PairStep step, double[] a, int ia, double @Nullable [] b, int ib,
                       @Nullable Rng rng) {
        int n = step.elimCells;
        int[] sizes = step.elimSizes;
        double[] weights = step.weights;
        double max = Double.NEGATIVE_INFINITY;
        for (int cell = 0; cell < n; cell++) {
            int oa = ia;
            int ob = ib;
            int rest = cell;
            for (int k = sizes.length - 1; k >= 0; k--) {
                int index = rest % sizes[k];
                rest /= sizes[k];
                oa += index * step.elimStrideA[k];
                ob += index * step.elimStrideB[k];
            }
            double w;
            if (semiring == Semiring.SCALED) {
                w = b == null ? a[oa] : a[oa] * b[ob];
            } else {
                w = b == null ? a[oa] : a[oa] + b[ob];
            }
            weights[cell] = w;
            max = w > max ? w : max;
        }
        if (semiring == Semiring.MAX || rng == null) {
            for (int cell = 0; cell < n; cell++) {
                if (weights[cell] == max) {
                    return cell;
                }
            }
            return 0;
        }
        if (semiring == Semiring.LOG) {
            for (int cell = 0; cell < n; cell++) {
                weights[cell] = Math.exp(weights[cell] - max);
            }
        }
        return rng.categorical(weights);
    }

    /**
     * Adds {@code weight} times the posterior mass of each value of {@code use} over the slot's cells to
     * {@code marginal[offset + value]}: the slot's adjoint ({@code v * C}, or {@code exp(v + log C)}) summed over its
     * other axes.
     */
    void addPosterior(Semiring semiring, Frame f, int slot, int use, double weight, double[] marginal, int offset) {
        SlotShape shape = shapes[slot];
        int axis = shape.axisOf(use);
        double[] v = f.values[slot];
        double[] c = f.back[slot];
        int vOff = f.valueOffsets[slot];
        int cOff = f.backOffsets[slot];
        int[] sizes = shape.sizes;
        int[] strides = shape.strides;
        if (shape.rowMajor) {
            // Row-major: blocks of the axes before the use, the use's values, the cells after it.
            int size = sizes[axis];
            int inner = strides[axis];
            int blocks = shape.cells / (size * inner);
            if (inner == 1 && semiring == Semiring.SCALED) {
                // The use is the last axis: one pass, one product per cell.
                for (int from = 0; from < shape.cells; from += size) {
                    for (int x = 0; x < size; x++) {
                        marginal[offset + x] += weight * (v[vOff + from + x] * c[cOff + from + x]);
                    }
                }
                return;
            }
            for (int block = 0; block < blocks; block++) {
                for (int x = 0; x < size; x++) {
                    int from = (block * size + x) * inner;
                    double mass = 0.0;
                    for (int i = from; i < from + inner; i++) {
                        mass += mass(semiring, v[vOff + i], c[cOff + i]);
                    }
                    marginal[offset + x] += weight * mass;
                }
            }
            return;
        }
        for (int cell = 0; cell < shape.cells; cell++) {
            int rest = cell;
            int at = 0;
            int value = 0;
            for (int k = sizes.length - 1; k >= 0; k--) {
                int index = rest % sizes[k];
                rest /= sizes[k];
                at += index * strides[k];
                if (k == axis) {
                    value = index;
                }
            }
            marginal[offset + value] += weight * mass(semiring, v[vOff + at], c[cOff + at]);
        }
    }

    /** A cell's adjoint from its value and backward quantity. */
    private static double mass(Semiring semiring, double value, double back) {
        if (semiring == Semiring.SCALED) {
            return value * back;
        }
        double log = value + back;
        return log == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(log);
    }
}
