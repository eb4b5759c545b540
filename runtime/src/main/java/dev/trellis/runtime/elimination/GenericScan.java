package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The fast kernels' scan along a Markov plate: every step's program compiled into pair steps
 * ({@link PairwiseProgram}), run in scaled probability space per sequence and lane (one lane per assignment of the
 * outer uses, see {@link ScanInput}), with the log-space fallback per sequence and lane.
 *
 * <p>Numerics: homogeneous inputs are exponentiated once per call against the maximum of each lane's slice,
 * per-step inputs once per step; every pair step's output is divided by its maximum; the logs of all those scales
 * add up, with Neumaier compensation, into the lane's log-normaliser. A lane whose scaled numbers would break the
 * precision invariant (a live entry 2^-500 below its slice's or output's maximum, see {@link PairwiseProgram}) is
 * redone in log space for that sequence; when a homogeneous input cannot be carried at all, every lane runs in log
 * space. MAP runs in log space (max-plus) throughout.
 *
 * <p>Memory: LIKELIHOOD keeps two steps per lane and streams per-step evidence in blocks, so it does not grow with
 * the sequences; the other queries keep every step's pair-step outputs (and the exponentiated per-step rows) for
 * the backward pass or the traceback. Nothing is allocated per step.
 *
 * <p>Backward: per sequence, the lanes' backward quantities run from the last step to the first with unit total
 * weight (so no intermediate can overflow) and are scaled by the sequence's output adjoint when added up; a
 * homogeneous input's scaled backward quantities accumulate over the steps of a sequence and are multiplied by its
 * (constant) scaled values once.
 */
final class GenericScan implements TapeStep {

    final Tape tape;
    final ScanPlan plan;
    final ScanInput[] inputs;
    final StepRows[] rows;
    final int lanes;
    final PairwiseProgram[] programs;
    final Frame[] frames;
    private final boolean[][] reads;
    final int[] offsets;
    private final boolean stored;
    private final Semiring first;
    final double[][] homLog;
    final double[][] homScaled;
    private final double[][] homScale;
    private boolean allLog;
    final double[][] stepScaled;
    private final double[][] stepScale;
    private final boolean[][] lossySlices;
    private final boolean[] stepLossy;
    private final int[] blockOf;
    private final int[] normOf;
    private final int maxRun;
    private final int maxSteps;
    final double[] values;
    private final double[] norms;
    final Semiring[] laneMode;
    final boolean[] laneDead;
    private final boolean[] laneRedo;
    private final double[] laneSum;
    private final double[] laneCompensation;
    private final int[] lastDeath;
    /** Per variant and variable of the plate, the slot whose posterior gives its marginal (-1: none). */
    final int[][] marginalSlot;
    final int[] lagZeroUse;
    /** How many (sequence, lane) runs were redone in log space; for tests of the fallback. */
    private int redone;

    private GenericScan(Tape tape, ScanPlan plan) {
        this.tape = tape;
        this.plan = plan;
        int n = plan.inputs.length;
        int[] outer = plan.outer;
        int[] outerSizes = Arrays.stream(outer).map(u -> tape.useSizes[u]).toArray();
        this.lanes = Arrays.stream(outerSizes).reduce(1, Math::multiplyExact);
        this.offsets = tape.instances.offsetsView(plan.plate);
        this.stored = tape.query != Query.LIKELIHOOD;
        this.first = tape.query == Query.MAP ? Semiring.MAX : Semiring.SCALED;
        this.inputs = new ScanInput[n];
        this.rows = new StepRows[n];
        this.homLog = new double[n][];
        this.homScaled = new double[n][];
        this.homScale = new double[n][];
        this.stepScaled = new double[n][];
        this.stepScale = new double[n][];
        this.lossySlices = new boolean[n][];
        this.stepLossy = new boolean[n];
        int count = tape.instances.count(plan.plate);
        Comparator<Integer> canonical = canonicalOrder(tape.layout, outer);
        for (int k = 0; k < n; k++) {
            Table table = plan.inputs[k];
            boolean perStep = plan.perStep[k];
            int[] order = perStep ? table.axes
                    : Arrays.stream(table.axes).boxed().sorted(canonical).mapToInt(Integer::intValue).toArray();
            ScanInput in = new ScanInput(table, perStep, order, outer, outerSizes, lanes);
            inputs[k] = in;
            lossySlices[k] = new boolean[in.slices];
            if (perStep) {
                rows[k] = new StepRows(tape, table);
                if (first == Semiring.SCALED) {
                    stepScaled[k] = new double[(stored ? count : 1) * table.cells];
                    stepScale[k] = new double[(stored ? count : 1) * in.slices];
                }
            } else {
                homLog[k] = in.toInternal(table.values, 0);
                if (first == Semiring.SCALED) {
                    homScaled[k] = new double[table.cells];
                    homScale[k] = new double[in.slices];
                    allLog |= in.exponentiate(homLog[k], 0, homScaled[k], 0, homScale[k], 0, lossySlices[k]);
                }
            }
        }
        int variants = plan.history + 2;
        this.programs = new PairwiseProgram[variants];
        this.frames = new Frame[variants];
        this.reads = new boolean[variants][n];
        int run = 1;
        int pairSteps = 1;
        int[][] finals = new int[variants][];
        for (int v = 0; v < variants; v++) {
            SlotShape[] external = new SlotShape[n + 1];
            if (v > 0) {
                int[] axes = shift(finals[v == plan.history + 1 ? plan.history : v - 1]);
                external[0] = SlotShape.contiguous(axes, Arrays.stream(axes).map(u -> tape.useSizes[u]).toArray());
            }
            for (int k = 0; k < n; k++) {
                external[k + 1] = inputs[k].view(plan.inputAxes[v][k], outer);
            }
            List<NaryOp> ops = new ArrayList<>();
            for (NaryOp op : plan.ops.get(v)) {
                ops.add(new NaryOp(op.operands(), op.eliminated(), Arrays.stream(op.axes()).boxed()
                        .filter(u -> !ScanPlan.contains(outer, u)).sorted(canonical).mapToInt(Integer::intValue)
                        .toArray()));
                for (int slot : op.operands()) {
                    if (slot >= 1 && slot <= n) {
                        reads[v][slot - 1] = true;
                    }
                }
            }
            finals[v] = ops.get(ops.size() - 1).axes();
            programs[v] = PairwiseProgram.compile(external, ops, tape.useSizes, tape.layout, plan.where[v],
                    canonical);
            frames[v] = programs[v].newFrame();
            run = Math.max(run, programs[v].runSize);
            pairSteps = Math.max(pairSteps, programs[v].steps.length);
        }
        this.maxRun = run;
        this.maxSteps = pairSteps;
        if (stored) {
            this.blockOf = new int[count];
            this.normOf = new int[count];
            long size = 0;
            long normSize = 0;
            for (int q = 0; q + 1 < offsets.length; q++) {
                for (int r = offsets[q]; r < offsets[q + 1]; r++) {
                    PairwiseProgram program = programs[plan.variant(r - offsets[q])];
                    blockOf[r] = Math.toIntExact(size);
                    normOf[r] = Math.toIntExact(normSize);
                    size += (long) lanes * program.runSize;
                    normSize += (long) lanes * program.steps.length;
                }
            }
            this.values = new double[Math.toIntExact(size)];
            this.norms = new double[Math.toIntExact(normSize)];
        } else {
            this.blockOf = null;
            this.normOf = null;
            this.values = new double[2 * lanes * run];
            this.norms = new double[2 * lanes * pairSteps];
        }
        int sequences = offsets.length - 1;
        this.laneMode = new Semiring[sequences * lanes];
        this.laneDead = new boolean[sequences * lanes];
        this.laneRedo = new boolean[sequences * lanes];
        this.laneSum = new double[sequences * lanes];
        this.laneCompensation = new double[sequences * lanes];
        this.lastDeath = new int[sequences];
        this.lagZeroUse = new int[plan.variables.length];
        for (int i = 0; i < plan.variables.length; i++) {
            lagZeroUse[i] = -1;
            for (int use = 0; use < tape.layout.useCount(); use++) {
                if (tape.layout.useVariable(use) == plan.variables[i] && tape.layout.useLag(use) == 0) {
                    lagZeroUse[i] = use;
                }
            }
        }
        this.marginalSlot = new int[variants][];
        for (int v = 0; v < variants; v++) {
            marginalSlot[v] = new int[plan.variables.length];
            for (int i = 0; i < plan.variables.length; i++) {
                marginalSlot[v][i] = marginalSlot(programs[v], lagZeroUse[i]);
            }
        }
    }

    /**
     * The order of axes inside the fast scan: outer uses first (a lane's slice of a table is then contiguous), then
     * older uses before newer ones. A message over {@code [x@2, x@1]} times a table over {@code [x@2, x@1, x]} then
     * sums {@code x@2} out as K^2 contiguous row updates {@code out[x@1, :] += m[x@2, x@1] * t[x@2, x@1, :]}, and
     * shifting the message keeps its order. Only the fast kernels' internal layouts change: the spec's orders
     * matter for the tables it is given, not for its intermediate results.
     */
    private static Comparator<Integer> canonicalOrder(Layout layout, int[] outer) {
        return Comparator.comparingInt((Integer u) -> ScanPlan.contains(outer, u) ? 0 : 1)
                .thenComparingInt(u -> -layout.useLag(u))
                .thenComparingInt(u -> layout.useVariable(u))
                .thenComparingInt(u -> u);
    }

    /** A message's axes at the next step: each frontier use replaced by its shifted use. */
    private int[] shift(int[] axes) {
        int[] out = new int[axes.length];
        for (int m = 0; m < axes.length; m++) {
            int f = ScanPlan.indexOf(plan.frontier, axes[m]);
            out[m] = f < 0 ? axes[m] : plan.shifted[f];
        }
        return out;
    }

    /** The slot to read a use's posterior from: the final output, or an operand of the step that sums it out. */
    private int marginalSlot(PairwiseProgram program, int use) {
        if (use < 0) {
            return -1;
        }
        if (program.shapes[program.outputSlot].has(use)) {
            return program.outputSlot;
        }
        int p = program.stepEliminating(use);
        if (p < 0) {
            return -1;
        }
        PairStep step = program.steps[p];
        int fallback = -1;
        for (int slot : new int[] {step.a, step.b}) {
            if (slot < 0 || !program.shapes[slot].has(use)) {
                continue;
            }
            boolean homogeneous = slot >= 1 && slot <= inputs.length && !inputs[slot - 1].perStep;
            if (!homogeneous) {
                return slot;
            }
            fallback = slot;
        }
        return fallback;
    }

    static GenericScan run(Tape tape, ScanPlan plan) {
        GenericScan scan = new GenericScan(tape, plan);
        scan.forward();
        return scan;
    }

    /** Where (row r, step t, lane)'s pair-step outputs live. */
    int block(int r, int t, int lane) {
        if (stored) {
            return blockOf[r] + lane * programs[plan.variant(t)].runSize;
        }
        return ((t & 1) * lanes + lane) * maxRun;
    }

    private int normBlock(int r, int t, int lane) {
        if (stored) {
            return normOf[r] + lane * programs[plan.variant(t)].steps.length;
        }
        return ((t & 1) * lanes + lane) * maxSteps;
    }

    private void forward() {
        Table output = plan.output;
        double[] out = new double[output.rows * lanes];
        output.values = out;
        for (int q = 0; q + 1 < offsets.length; q++) {
            int steps = offsets[q + 1] - offsets[q];
            if (steps == 0) {
                continue;   // log 1 in every lane
            }
            boolean redo = false;
            for (int lane = 0; lane < lanes; lane++) {
                int idx = q * lanes + lane;
                laneMode[idx] = allLog && first == Semiring.SCALED ? Semiring.LOG : first;
            }
            runSequence(q, false);
            for (int lane = 0; lane < lanes; lane++) {
                int idx = q * lanes + lane;
                if (laneRedo[idx]) {
                    redone++;
                    laneMode[idx] = Semiring.LOG;
                    laneSum[idx] = 0.0;
                    laneCompensation[idx] = 0.0;
                    redo = true;
                }
            }
            if (redo) {
                runSequence(q, true);
            }
            boolean allDead = true;
            for (int lane = 0; lane < lanes; lane++) {
                int idx = q * lanes + lane;
                if (laneDead[idx]) {
                    out[q * lanes + lane] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                allDead = false;
                out[q * lanes + lane] = laneSum[idx] + laneCompensation[idx] + finish(q, steps, lane, idx);
            }
            if (allDead) {
                tape.recordDead(plan.plate, lastDeath[q]);
            }
        }
    }

    /** Runs every step of sequence q for its live lanes (first pass) or for the lanes being redone in log space. */
    private void runSequence(int q, boolean redoPass) {
        int start = offsets[q];
        int end = offsets[q + 1];
        boolean exponentiate = first == Semiring.SCALED && !allLog && !redoPass;
        for (int t = 0; t < end - start; t++) {
            int r = start + t;
            int v = plan.variant(t);
            prepareRow(r, end, exponentiate);
            PairwiseProgram program = programs[v];
            Frame f = frames[v];
            for (int lane = 0; lane < lanes; lane++) {
                int idx = q * lanes + lane;
                if (laneDead[idx] || laneRedo[idx] != redoPass) {
                    continue;
                }
                Semiring mode = laneMode[idx];
                if (mode == Semiring.SCALED && readsLossySlice(v, lane)) {
                    laneRedo[idx] = true;
                    continue;
                }
                double lambda = point(f, v, r, t, lane, mode);
                if (lambda == Double.NEGATIVE_INFINITY) {
                    die(q, idx, r);
                    continue;
                }
                double result = program.forward(mode, f);
                if (result == Double.NEGATIVE_INFINITY) {
                    die(q, idx, r);
                } else if (Double.isNaN(result)) {
                    laneRedo[idx] = true;
                } else {
                    add(idx, lambda);
                    add(idx, result);
                }
            }
        }
        if (redoPass) {
            for (int lane = 0; lane < lanes; lane++) {
                laneRedo[q * lanes + lane] = false;
            }
        }
    }

    private void die(int q, int idx, int r) {
        laneDead[idx] = true;
        lastDeath[q] = Math.max(lastDeath[q], r);
    }

    private void add(int idx, double term) {
        double sum = laneSum[idx];
        double next = sum + term;
        laneCompensation[idx] += Math.abs(sum) >= Math.abs(term) ? (sum - next) + term : (term - next) + sum;
        laneSum[idx] = next;
    }

    /** Makes row r of every per-step input available, exponentiated (per slice) when scaled lanes need it. */
    private void prepareRow(int r, int end, boolean exponentiate) {
        for (int k = 0; k < inputs.length; k++) {
            if (!inputs[k].perStep) {
                continue;
            }
            rows[k].ensure(r, end);
            if (exponentiate) {
                ScanInput in = inputs[k];
                stepLossy[k] = in.exponentiate(rows[k].array(), rows[k].offset(r), stepScaled[k],
                        stepOffset(k, r), stepScale[k], scaleOffset(k, r), lossySlices[k]);
            }
        }
    }

    private boolean readsLossySlice(int v, int lane) {
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].perStep && reads[v][k] && stepLossy[k] && lossySlices[k][inputs[k].laneSlice[lane]]) {
                return true;
            }
        }
        return false;
    }

    int stepOffset(int k, int r) {
        return stored ? r * inputs[k].table.cells : 0;
    }

    private int scaleOffset(int k, int r) {
        return stored ? r * inputs[k].slices : 0;
    }

    /**
     * Points the frame at step t (row r) of a lane: the message, the inputs' lane views (scaled or raw) and the
     * storage of the pair steps; returns the sum of the log-scales of the inputs the step reads (0 in log space).
     */
    double point(Frame f, int v, int r, int t, int lane, Semiring mode) {
        PairwiseProgram program = programs[v];
        if (t > 0) {
            f.value(0, values, block(r - 1, t - 1, lane) + programs[plan.variant(t - 1)].outputOffset());
        }
        program.bind(f, values, block(r, t, lane), norms, normBlock(r, t, lane));
        double lambda = 0.0;
        for (int k = 0; k < inputs.length; k++) {
            ScanInput in = inputs[k];
            int laneOffset = in.laneOffset[lane];
            if (in.perStep) {
                if (mode == Semiring.SCALED) {
                    f.value(k + 1, stepScaled[k], stepOffset(k, r) + laneOffset);
                    if (reads[v][k]) {
                        lambda += stepScale[k][scaleOffset(k, r) + in.laneSlice[lane]];
                    }
                } else {
                    f.value(k + 1, rows[k].array(), rows[k].offset(r) + laneOffset);
                }
            } else if (mode == Semiring.SCALED) {
                f.value(k + 1, homScaled[k], laneOffset);
                if (reads[v][k]) {
                    lambda += homScale[k][in.laneSlice[lane]];
                }
            } else {
                f.value(k + 1, homLog[k], laneOffset);
            }
        }
        return lambda;
    }

    /** The log of the last message's total (its maximum is 1, or 0 in log space). */
    private double finish(int q, int steps, int lane, int idx) {
        int last = offsets[q] + steps - 1;
        PairwiseProgram program = programs[plan.variant(steps - 1)];
        int from = block(last, steps - 1, lane) + program.outputOffset();
        int cells = program.shapes[program.outputSlot].cells;
        Semiring mode = laneMode[idx];
        if (mode == Semiring.MAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = from; c < from + cells; c++) {
                max = Math.max(max, values[c]);
            }
            return max;
        }
        double sum = 0.0;
        for (int c = from; c < from + cells; c++) {
            sum += mode == Semiring.SCALED ? values[c] : Math.exp(values[c]);
        }
        return Math.log(sum);
    }

    @Override
    public void backward(Tape tape) {
        new GenericScanBackward(this).run();
    }

    @Override
    public void traceback(Tape tape) {
        InstanceContext context = new InstanceContext(tape, plan.plate);
        for (int q = 0; q + 1 < offsets.length; q++) {
            int steps = offsets[q + 1] - offsets[q];
            if (steps == 0) {
                continue;
            }
            int lane = 0;
            for (int o = 0; o < plan.outer.length; o++) {
                lane = lane * tape.useSizes[plan.outer[o]] + tape.valueAt(plan.outer[o], plan.parent, q);
            }
            int idx = q * lanes + lane;
            Semiring mode = laneMode[idx];
            int last = offsets[q + 1] - 1;
            PairwiseProgram lastProgram = programs[plan.variant(steps - 1)];
            context.instance = last;
            decideFinal(mode, lastProgram, block(last, steps - 1, lane) + lastProgram.outputOffset(), context);
            for (int t = steps - 1; t >= 0; t--) {
                int r = offsets[q] + t;
                int v = plan.variant(t);
                Frame f = frames[v];
                point(f, v, r, t, lane, mode);
                context.instance = r;
                programs[v].decide(mode, f, context, tape.rng);
            }
        }
    }

    /** Decides the last message's uses: a draw in proportion to it, or its first maximum (MAP). */
    private void decideFinal(Semiring mode, PairwiseProgram program, int from, InstanceContext context) {
        SlotShape shape = program.shapes[program.outputSlot];
        double[] weights = new double[shape.cells];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < shape.cells; c++) {
            weights[c] = values[from + c];
            max = Math.max(max, weights[c]);
        }
        int chosen = 0;
        if (mode == Semiring.MAX) {
            while (weights[chosen] != max) {
                chosen++;
            }
        } else {
            if (mode == Semiring.LOG) {
                for (int c = 0; c < shape.cells; c++) {
                    weights[c] = Math.exp(weights[c] - max);
                }
            }
            chosen = tape.rng.categorical(weights);
        }
        for (int m = shape.axes.length - 1; m >= 0; m--) {
            context.set(shape.axes[m], chosen % shape.sizes[m]);
            chosen /= shape.sizes[m];
        }
    }

    /** {@return how many (sequence, lane) runs were redone in log space} */
    int redoneInLogSpace() {
        return redone;
    }

    /** {@return whether every lane ran in log space because a homogeneous input could not be scaled} */
    boolean allInLogSpace() {
        return allLog;
    }
}
