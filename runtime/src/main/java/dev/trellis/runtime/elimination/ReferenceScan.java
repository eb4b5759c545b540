package dev.trellis.runtime.elimination;

import java.util.Arrays;

/**
 * The reference kernels' scan: every step's program run in log space by a {@link NaiveProgram}, unrolled step by
 * step, the outer uses carried as ordinary axes of the message. Every step's results are kept for the backward pass
 * and the traceback (only the last one for LIKELIHOOD).
 */
final class ReferenceScan implements TapeStep {

    private final ScanPlan plan;
    private final NaiveProgram[] programs;
    private final Frame[] frames;
    private final int[] offsets;
    /** Per instance of the plate (a step), its program's internal values; null when not kept. */
    private final double[][] results;
    /** Per sequence, whether it was found impossible. */
    private final boolean[] dead;
    private final int[] outerSizes;

    private ReferenceScan(Tape tape, ScanPlan plan) {
        this.plan = plan;
        int variants = plan.history + 2;
        this.programs = new NaiveProgram[variants];
        this.frames = new Frame[variants];
        for (int v = 0; v < variants; v++) {
            SlotShape[] external = new SlotShape[plan.inputs.length + 1];
            if (plan.messageAxes[v] != null) {
                int[] axes = plan.messageAxes[v];
                external[0] = SlotShape.contiguous(axes, Arrays.stream(axes).map(u -> tape.useSizes[u]).toArray());
            }
            for (int k = 0; k < plan.inputs.length; k++) {
                Table input = plan.inputs[k];
                int[] axes = plan.inputAxes[v][k];
                int[] full = input.strides();
                int[] sizes = new int[axes.length];
                int[] strides = new int[axes.length];
                for (int m = 0; m < axes.length; m++) {
                    int axis = input.axisOf(axes[m]);
                    sizes[m] = input.sizes[axis];
                    strides[m] = full[axis];
                }
                external[k + 1] = new SlotShape(axes, sizes, strides);
            }
            programs[v] = NaiveProgram.compile(external, plan.ops.get(v), tape.useSizes);
            frames[v] = new Frame(programs[v].shapes.length);
        }
        this.offsets = tape.instances.offsetsView(plan.plate);
        this.results = new double[tape.instances.count(plan.plate)][];
        this.dead = new boolean[offsets.length - 1];
        this.outerSizes = Arrays.stream(plan.outer).map(u -> tape.useSizes[u]).toArray();
    }

    static ReferenceScan run(Tape tape, ScanPlan plan) {
        for (Table input : plan.inputs) {
            TableChecks.materialise(tape, input);
        }
        ReferenceScan scan = new ReferenceScan(tape, plan);
        scan.forward(tape);
        return scan;
    }

    private void forward(Tape tape) {
        Table output = plan.output;
        int outCells = output.cells;
        double[] out = new double[output.rows * outCells];
        output.values = out;
        boolean keep = tape.query != Query.LIKELIHOOD;
        Semiring semiring = tape.logSemiring();
        for (int q = 0; q + 1 < offsets.length; q++) {
            int steps = offsets[q + 1] - offsets[q];
            if (steps == 0) {
                continue;   // log 1
            }
            double[] previous = null;
            for (int t = 0; t < steps; t++) {
                int r = offsets[q] + t;
                int v = plan.variant(t);
                NaiveProgram program = programs[v];
                Frame f = frames[v];
                point(f, r);
                if (previous != null) {
                    f.value(0, previous, programs[plan.variant(t - 1)].outputOffset());
                }
                double[] block = new double[program.runSize];
                program.bind(f, block, 0, block, 0);
                program.forward(semiring, f);
                if (keep) {
                    results[r] = block;
                }
                previous = block;
                if (allImpossible(block, program.outputOffset(), program.shapes[program.outputSlot].cells)) {
                    dead[q] = true;
                    tape.recordDead(plan.plate, r);
                    break;
                }
            }
            if (dead[q]) {
                Arrays.fill(out, q * outCells, (q + 1) * outCells, Double.NEGATIVE_INFINITY);
                continue;
            }
            NaiveProgram last = programs[plan.variant(steps - 1)];
            finish(semiring, last, previous, out, q * outCells);
        }
    }

    /** Sums (maxes) the last message over every axis but the outer ones into the sequence's output row. */
    private void finish(Semiring semiring, NaiveProgram last, double[] block, double[] out, int at) {
        SlotShape shape = last.shapes[last.outputSlot];
        int base = last.outputOffset();
        int outCells = plan.output.cells;
        Arrays.fill(out, at, at + outCells, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < shape.cells; c++) {
            int o = outerIndex(shape, c);
            out[at + o] = Math.max(out[at + o], block[base + c]);
        }
        if (semiring == Semiring.MAX) {
            return;
        }
        double[] sums = new double[outCells];
        for (int c = 0; c < shape.cells; c++) {
            int o = outerIndex(shape, c);
            if (out[at + o] > Double.NEGATIVE_INFINITY) {
                sums[o] += Math.exp(block[base + c] - out[at + o]);
            }
        }
        for (int o = 0; o < outCells; o++) {
            if (out[at + o] > Double.NEGATIVE_INFINITY) {
                out[at + o] += Math.log(sums[o]);
            }
        }
    }

    /** The row-major index over the outer uses (in the spec's order) of cell c of a message. */
    private int outerIndex(SlotShape shape, int cell) {
        int[] index = decode(cell, shape.sizes);
        int o = 0;
        for (int m = 0; m < plan.outer.length; m++) {
            o = o * outerSizes[m] + index[shape.axisOf(plan.outer[m])];
        }
        return o;
    }

    private static int[] decode(int cell, int[] sizes) {
        int[] index = new int[sizes.length];
        int rest = cell;
        for (int m = sizes.length - 1; m >= 0; m--) {
            index[m] = rest % sizes[m];
            rest /= sizes[m];
        }
        return index;
    }

    /** Points the input slots at step r's rows (per-step inputs) or at the whole table (homogeneous ones). */
    private void point(Frame f, int r) {
        for (int k = 0; k < plan.inputs.length; k++) {
            Table input = plan.inputs[k];
            f.value(k + 1, input.values, plan.perStep[k] ? input.valueOffset(r) : 0);
        }
    }

    private static boolean allImpossible(double[] values, int from, int cells) {
        for (int c = from; c < from + cells; c++) {
            if (values[c] > Double.NEGATIVE_INFINITY) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void backward(Tape tape) {
        Table output = plan.output;
        double[] adjOut = output.adjoint;
        if (adjOut == null) {
            return;
        }
        for (int q = 0; q + 1 < offsets.length; q++) {
            int steps = offsets[q + 1] - offsets[q];
            if (steps == 0 || dead[q]) {
                continue;
            }
            int last = offsets[q + 1] - 1;
            NaiveProgram lastProgram = programs[plan.variant(steps - 1)];
            SlotShape finalShape = lastProgram.shapes[lastProgram.outputSlot];
            double[] adjFinal = new double[finalShape.cells];
            int outAt = q * output.cells;
            for (int c = 0; c < finalShape.cells; c++) {
                int o = outerIndex(finalShape, c);
                double total = output.values[outAt + o];
                double value = results[last][lastProgram.outputOffset() + c];
                if (adjOut[outAt + o] != 0.0 && total > Double.NEGATIVE_INFINITY) {
                    adjFinal[c] = adjOut[outAt + o] * Math.exp(value - total);
                }
            }
            for (int t = steps - 1; t >= 0; t--) {
                int r = offsets[q] + t;
                int v = plan.variant(t);
                NaiveProgram program = programs[v];
                Frame f = frames[v];
                point(f, r);
                for (int k = 0; k < plan.inputs.length; k++) {
                    Table input = plan.inputs[k];
                    f.back(k + 1, input.adjointArray(), plan.perStep[k] ? input.adjointOffset(r) : 0);
                }
                double[] adjMessage = null;
                if (t > 0) {
                    f.value(0, results[r - 1], programs[plan.variant(t - 1)].outputOffset());
                    adjMessage = new double[program.shapes[0].cells];
                    f.back(0, adjMessage, 0);
                }
                double[] adjBlock = new double[program.runSize];
                System.arraycopy(adjFinal, 0, adjBlock, program.outputOffset(), adjFinal.length);
                program.bind(f, results[r], 0, adjBlock, 0);
                program.backward(f);
                addMarginals(tape, program, f, r);
                adjFinal = adjMessage;
            }
        }
    }

    /** Adds step r's posterior of every variable of the plate to the tape's marginals. */
    private void addMarginals(Tape tape, NaiveProgram program, Frame f, int r) {
        if (!tape.addsMarginals()) {
            return;
        }
        for (int variable : plan.variables) {
            int use = lagZeroUse(tape, variable);
            int k = tape.domains[variable];
            double[] mass = use < 0 ? null : program.mass(use);
            if (mass == null && use >= 0) {
                mass = slotMass(program, f, program.outputSlot, use, k);
            }
            if (mass == null) {
                continue;
            }
            for (int x = 0; x < k; x++) {
                tape.marginals[variable][r * k + x] += mass[x];
            }
        }
    }

    /** The adjoint of a slot summed to one of its axes, or null when the slot lacks the use. */
    private static double[] slotMass(NaiveProgram program, Frame f, int slot, int use, int k) {
        SlotShape shape = program.shapes[slot];
        int axis = shape.axisOf(use);
        if (axis < 0) {
            return null;
        }
        double[] mass = new double[k];
        for (int c = 0; c < shape.cells; c++) {
            int[] index = decode(c, shape.sizes);
            int at = 0;
            for (int m = 0; m < index.length; m++) {
                at += index[m] * shape.strides[m];
            }
            mass[index[axis]] += f.back[slot][f.backOffsets[slot] + at];
        }
        return mass;
    }

    private static int lagZeroUse(Tape tape, int variable) {
        for (int use = 0; use < tape.layout.useCount(); use++) {
            if (tape.layout.useVariable(use) == variable && tape.layout.useLag(use) == 0) {
                return use;
            }
        }
        return -1;
    }

    @Override
    public void traceback(Tape tape) {
        Semiring semiring = tape.logSemiring();
        InstanceContext context = new InstanceContext(tape, plan.plate);
        for (int q = 0; q + 1 < offsets.length; q++) {
            int steps = offsets[q + 1] - offsets[q];
            if (steps == 0) {
                continue;
            }
            int last = offsets[q + 1] - 1;
            NaiveProgram lastProgram = programs[plan.variant(steps - 1)];
            context.instance = last;
            decideFinal(tape, semiring, lastProgram, results[last], context);
            for (int t = steps - 1; t >= 0; t--) {
                int r = offsets[q] + t;
                int v = plan.variant(t);
                Frame f = frames[v];
                point(f, r);
                if (t > 0) {
                    f.value(0, results[r - 1], programs[plan.variant(t - 1)].outputOffset());
                }
                programs[v].bind(f, results[r], 0, results[r], 0);
                context.instance = r;
                programs[v].decide(semiring, f, context, tape.rng);
            }
        }
    }

    /** Decides the last message's frontier uses, given the outer uses' values. */
    private void decideFinal(Tape tape, Semiring semiring, NaiveProgram program, double[] block,
                             InstanceContext context) {
        SlotShape shape = program.shapes[program.outputSlot];
        int base = program.outputOffset();
        double[] weights = new double[shape.cells];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < shape.cells; c++) {
            int[] index = decode(c, shape.sizes);
            boolean matches = true;
            for (int use : plan.outer) {
                matches &= index[shape.axisOf(use)] == context.value(use);
            }
            weights[c] = matches ? block[base + c] : Double.NEGATIVE_INFINITY;
            max = Math.max(max, weights[c]);
        }
        int chosen = 0;
        if (semiring == Semiring.MAX) {
            while (weights[chosen] != max) {
                chosen++;
            }
        } else {
            for (int c = 0; c < shape.cells; c++) {
                weights[c] = Math.exp(weights[c] - max);
            }
            chosen = tape.rng.categorical(weights);
        }
        int[] index = decode(chosen, shape.sizes);
        for (int m = 0; m < shape.axes.length; m++) {
            if (!ScanPlan.contains(plan.outer, shape.axes[m])) {
                context.set(shape.axes[m], index[m]);
            }
        }
    }
}
