package dev.trellis.runtime.elimination;

import java.util.List;

/**
 * The reference kernels' contraction: one {@link NaiveProgram} of one op, run per instance of the plate on the
 * inputs' rows, in log space.
 */
final class ReferenceContraction implements TapeStep {

    /** The eliminated uses of a backward pass that adds no marginal mass. */
    private static final int[] NO_USES = {};

    private final int plate;
    private final Table[] inputs;
    private final int[] eliminated;
    private final Table output;
    private final NaiveProgram program;
    private final Frame frame;
    private final double[] scratch;

    private ReferenceContraction(Tape tape, int plate, Table[] inputs, int[] eliminated, Table output) {
        this.plate = plate;
        this.inputs = inputs;
        this.eliminated = eliminated;
        this.output = output;
        SlotShape[] external = new SlotShape[inputs.length];
        int[] operands = new int[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            external[k] = new SlotShape(inputs[k].axes, inputs[k].sizes, inputs[k].strides());
            operands[k] = k;
        }
        this.program = NaiveProgram.compile(external, List.of(new NaryOp(operands, eliminated, output.axes)),
                tape.useSizes);
        this.frame = new Frame(program.shapes.length);
        this.scratch = new double[program.runSize];
    }

    static ReferenceContraction run(Tape tape, int plate, Table[] inputs, int[] eliminated, Table output) {
        ReferenceContraction step = new ReferenceContraction(tape, plate, inputs, eliminated, output);
        step.forward(tape);
        return step;
    }

    private void forward(Tape tape) {
        int cells = output.cells;
        double[] out = new double[output.rows * cells];
        output.values = out;
        Semiring semiring = tape.logSemiring();
        for (int i = 0; i < output.rows; i++) {
            point(i);
            program.bind(frame, out, i * cells, scratch, 0);
            program.forward(semiring, frame);
            boolean dead = true;
            for (int c = 0; c < cells; c++) {
                dead &= out[i * cells + c] == Double.NEGATIVE_INFINITY;
            }
            if (dead) {
                tape.recordDead(plate, output.batched ? i : 0);
            }
        }
    }

    /** Points the input slots' values at instance i's rows. */
    private void point(int instance) {
        for (int k = 0; k < inputs.length; k++) {
            frame.value(k, inputs[k].values, inputs[k].valueOffset(instance));
        }
    }

    @Override
    public void backward(Tape tape) {
        double[] adjOut = output.adjoint;
        if (adjOut == null) {
            return;
        }
        for (int i = 0; i < output.adjointRows; i++) {
            point(i);
            for (int k = 0; k < inputs.length; k++) {
                frame.back(k, inputs[k].adjointArray(), inputs[k].adjointOffset(i));
            }
            program.bind(frame, output.values, output.valueOffset(i), adjOut, output.adjointOffset(i));
            program.backward(frame);
            for (int use : tape.addsMarginals() ? eliminated : NO_USES) {
                int variable = tape.layout.useVariable(use);
                double[] mass = program.mass(use);
                int k = tape.domains[variable];
                for (int x = 0; x < k; x++) {
                    tape.marginals[variable][i * k + x] += mass[x];
                }
            }
        }
    }

    @Override
    public void traceback(Tape tape) {
        if (eliminated.length == 0) {
            return;
        }
        int count = tape.instances.count(plate);
        InstanceContext context = new InstanceContext(tape, plate);
        for (int i = 0; i < count; i++) {
            point(i);
            program.bind(frame, output.values, output.valueOffset(i), scratch, 0);
            context.instance = i;
            program.decide(tape.logSemiring(), frame, context, tape.rng);
        }
    }
}
