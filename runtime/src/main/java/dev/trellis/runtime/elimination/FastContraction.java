package dev.trellis.runtime.elimination;

import java.util.Arrays;
import java.util.List;

/**
 * The fast kernels' contraction outside scans: the op compiled into pair steps ({@link PairwiseProgram}) and run per
 * instance in log space (max-plus for MAP). Each pair step's output is kept per instance for the backward pass and
 * the traceback.
 *
 * <p>Why log space and not scaled: outside a scan the contraction's cells are independent, so there is no running
 * normaliser to share; its output cells may differ by any amount (one per value of a variable of an enclosing plate),
 * and exponentiating the inputs would cost as many exponentials as the log-sum-exp does unless the joint is much
 * larger than the inputs.
 */
final class FastContraction implements TapeStep {

    /** The eliminated uses of a backward pass that adds no marginal mass. */
    private static final int[] NO_USES = {};

    private final int plate;
    private final Table[] inputs;
    private final int[] eliminated;
    private final Table output;
    private final PairwiseProgram program;
    private final Frame frame;
    private final int steps;
    private double[] stored;
    private double[] norms;
    private boolean[] dead;
    private final double[][] inputBack;

    private FastContraction(Tape tape, int plate, Table[] inputs, int[] eliminated, Table output) {
        this.plate = plate;
        this.inputs = inputs;
        this.eliminated = eliminated;
        this.output = output;
        SlotShape[] external = new SlotShape[inputs.length];
        int[] operands = new int[inputs.length];
        this.inputBack = new double[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            external[k] = new SlotShape(inputs[k].axes, inputs[k].sizes, inputs[k].strides());
            operands[k] = k;
            inputBack[k] = new double[inputs[k].cells];
        }
        this.program = PairwiseProgram.compile(external, List.of(new NaryOp(operands, eliminated, output.axes)),
                tape.useSizes, tape.layout, "contract at " + tape.plateLabel(plate));
        this.frame = program.newFrame();
        this.steps = program.steps.length;
    }

    static FastContraction run(Tape tape, int plate, Table[] inputs, int[] eliminated, Table output) {
        FastContraction step = new FastContraction(tape, plate, inputs, eliminated, output);
        step.forward(tape);
        return step;
    }

    private void forward(Tape tape) {
        int rows = output.rows;
        int cells = output.cells;
        double[] out = new double[rows * cells];
        output.values = out;
        boolean keep = tape.query != Query.LIKELIHOOD;
        stored = new double[(keep ? rows : 1) * program.runSize];
        norms = new double[(keep ? rows : 1) * steps];
        dead = new boolean[rows];
        Semiring semiring = tape.logSemiring();
        int outputOffset = program.outputOffset();
        for (int i = 0; i < rows; i++) {
            int slot = keep ? i : 0;
            point(i, slot);
            double total = program.forward(semiring, frame);
            if (total == Double.NEGATIVE_INFINITY) {
                dead[i] = true;
                Arrays.fill(out, i * cells, (i + 1) * cells, Double.NEGATIVE_INFINITY);
                tape.recordDead(plate, output.batched ? i : 0);
                continue;
            }
            int from = slot * program.runSize + outputOffset;
            for (int c = 0; c < cells; c++) {
                out[i * cells + c] = stored[from + c] + total;
            }
        }
    }

    /** Points the inputs at instance i's rows and the internal slots at stored block {@code slot}. */
    private void point(int instance, int slot) {
        for (int k = 0; k < inputs.length; k++) {
            frame.value(k, inputs[k].values, inputs[k].valueOffset(instance));
        }
        program.bind(frame, stored, slot * program.runSize, norms, slot * steps);
    }

    @Override
    public void backward(Tape tape) {
        double[] adjOut = output.adjoint;
        if (adjOut == null) {
            return;
        }
        int cells = output.cells;
        int outputSlot = program.outputSlot;
        for (int i = 0; i < output.adjointRows; i++) {
            int row = output.batched ? i : 0;
            int adjAt = output.adjointOffset(i);
            if (dead[row] || isZero(adjOut, adjAt, cells)) {
                continue;
            }
            point(i, row);
            double[] c = frame.back[outputSlot];
            int cOff = frame.backOffsets[outputSlot];
            int vOff = frame.valueOffsets[outputSlot];
            for (int a = 0; a < cells; a++) {
                double adjoint = adjOut[adjAt + a];
                double value = stored[vOff + a];
                c[cOff + a] = adjoint > 0.0 && value > Double.NEGATIVE_INFINITY
                        ? Math.log(adjoint) - value : Double.NEGATIVE_INFINITY;
            }
            for (int k = 0; k < inputs.length; k++) {
                Arrays.fill(inputBack[k], Double.NEGATIVE_INFINITY);
                frame.back(k, inputBack[k], 0);
            }
            program.backward(Semiring.LOG, frame);
            for (int k = 0; k < inputs.length; k++) {
                Table input = inputs[k];
                if (!tape.needsAdjoint(input)) {
                    continue;
                }
                double[] adjoint = input.adjointArray();
                int at = input.adjointOffset(i);
                int from = input.valueOffset(i);
                for (int x = 0; x < input.cells; x++) {
                    double log = input.values[from + x] + inputBack[k][x];
                    if (log > Double.NEGATIVE_INFINITY) {
                        adjoint[at + x] += Math.exp(log);
                    }
                }
            }
            for (int use : tape.addsMarginals() ? eliminated : NO_USES) {
                int variable = tape.layout.useVariable(use);
                PairStep step = program.steps[program.stepEliminating(use)];
                int slot = program.shapes[step.a].has(use) ? step.a : step.b;
                program.addPosterior(Semiring.LOG, frame, slot, use, 1.0, tape.marginals[variable],
                        i * tape.domains[variable]);
            }
        }
    }

    private static boolean isZero(double[] values, int from, int cells) {
        for (int c = from; c < from + cells; c++) {
            if (values[c] != 0.0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void traceback(Tape tape) {
        if (eliminated.length == 0) {
            return;
        }
        int count = tape.instances.count(plate);
        InstanceContext context = new InstanceContext(tape, plate);
        for (int i = 0; i < count; i++) {
            point(i, output.batched ? i : 0);
            context.instance = i;
            program.decide(tape.logSemiring(), frame, context, tape.rng);
        }
    }
}
