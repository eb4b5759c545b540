package dev.trellis.runtime.elimination;

import dev.trellis.runtime.errors.ImpossibleEvidenceException;
import dev.trellis.runtime.inference.ChainKernels;
import dev.trellis.runtime.inference.ForwardAccumulator;
import dev.trellis.runtime.inference.ScaledTransitionMatrix;
import dev.trellis.runtime.inference.SequenceGradientPass;
import dev.trellis.runtime.inference.ViterbiPath;
import java.util.Arrays;

/**
 * The fast kernels' {@link ScanKind#FIRST_ORDER} scan: the scan's tables folded into one chain (an initial row, a
 * transition matrix, one evidence row per step) and handed to the chain kernels of
 * {@code dev.trellis.runtime.inference}: {@link ForwardAccumulator} streaming the rows for LIKELIHOOD,
 * {@link SequenceGradientPass} (scaled forward-backward with its log-space fallback) for MARGINALS and GRADIENT,
 * {@link ChainKernels#viterbi} for MAP and {@link ChainKernels#samplePosterior} for SAMPLE.
 *
 * <p>Folding: the homogeneous tables boundary step 0 reads (over {@code [x]} or no axes) add up into the initial row;
 * those the steady program reads (over {@code [x@1, x]} in either order, or a subset) into the transition matrix;
 * per-step inputs (over {@code [x]} or no axes), and homogeneous tables both programs read, into every step's
 * evidence row. Adjoints flow back the same way: the initial row's to the first step's posterior, the transition
 * matrix's to the expected transition counts, every evidence row's to that step's posterior.
 *
 * <p>Data flow: the rows live where the plate's tables keep them, row r of the plate at {@code r * K}. When the only
 * per-step input is a table over {@code [x]} (an observed site's evidence), the chain kernels read its rows in place
 * (LIKELIHOOD: in the streamed block); otherwise the inputs are added into one such array first. The posteriors of
 * every step go into one array of the same layout, so each sequence's adjoints and marginal mass are added with one
 * loop over a range of it. Nothing is allocated per step or per sequence.
 */
final class FirstOrderScan implements TapeStep {

    private final Tape tape;
    private final ScanPlan plan;
    private final int x;
    private final int previous;
    private final int variable;
    private final int k;
    private final int[] offsets;
    /** Per input: its role in the folded chain ({@link ScanPlan#firstOrderRoles}). */
    private final int[] role;
    private final double[] logInit;
    private final double[][] logTrans;
    private final StepRows[] rows;
    /** The input whose rows are the chain's evidence rows as they are, or -1 when the rows are a sum. */
    private final int direct;
    private final double[] sequenceLogLikelihood;
    /** MARGINALS, GRADIENT, MAP, SAMPLE: every step's evidence row, row r at {@code evidenceFrom + r * K}. */
    private double[] evidence;
    private int evidenceFrom;
    /** MARGINALS, GRADIENT: every step's posterior, row r at {@code r * K}; per sequence, its K x K counts. */
    private double[] posterior;
    private double[] counts;
    private int[][] paths;

    private FirstOrderScan(Tape tape, ScanPlan plan) {
        this.tape = tape;
        this.plan = plan;
        this.x = plan.frontier[0];
        this.previous = plan.shifted[0];
        this.variable = tape.layout.useVariable(x);
        this.k = tape.domains[variable];
        this.offsets = tape.instances.offsetsView(plan.plate);
        int n = plan.inputs.length;
        this.role = plan.firstOrderRoles;
        this.rows = new StepRows[n];
        this.logInit = new double[k];
        this.logTrans = new double[k][k];
        int evidenceInputs = 0;
        int only = -1;
        for (int i = 0; i < n; i++) {
            Table input = plan.inputs[i];
            if (role[i] == 0) {
                fold(input, logInit, null);
            } else if (role[i] == 1) {
                fold(input, null, logTrans);
            } else if (role[i] == 2) {
                evidenceInputs++;
                only = i;
                if (plan.perStep[i]) {
                    rows[i] = new StepRows(tape, input);
                }
            }
        }
        this.direct = evidenceInputs == 1 && plan.perStep[only] && plan.inputs[only].axes.length == 1 ? only : -1;
        this.sequenceLogLikelihood = new double[offsets.length - 1];
    }

    /** Adds a homogeneous table into the initial row or the transition matrix (row = previous state). */
    private void fold(Table input, double[] row, double[][] matrix) {
        int ax = input.axisOf(x);
        int ap = input.axisOf(previous);
        int[] strides = input.strides();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (row != null && i > 0) {
                    break;
                }
                int cell = (ax < 0 ? 0 : j * strides[ax]) + (ap < 0 ? 0 : i * strides[ap]);
                if (row != null) {
                    row[j] += input.values[cell];
                } else {
                    matrix[i][j] += input.values[cell];
                }
            }
        }
    }

    static FirstOrderScan run(Tape tape, ScanPlan plan) {
        FirstOrderScan scan = new FirstOrderScan(tape, plan);
        if (tape.query == Query.LIKELIHOOD) {
            scan.stream();
        } else {
            scan.forward();
        }
        return scan;
    }

    /** LIKELIHOOD: every sequence streamed through a forward accumulator, its rows pulled block by block. */
    private void stream() {
        double[] out = new double[plan.output.rows];
        plan.output.values = out;
        ForwardAccumulator accumulator = new ForwardAccumulator(logInit, logTrans);
        double[] row = new double[k];
        for (int q = 0; q + 1 < offsets.length; q++) {
            int start = offsets[q];
            int end = offsets[q + 1];
            if (end == start) {
                continue;
            }
            accumulator.reset();
            for (int r = start; r < end && accumulator.firstImpossibleStep() < 0; r++) {
                if (direct >= 0) {
                    StepRows source = rows[direct];
                    source.ensure(r, end);
                    accumulator.observeValidated(source.array(), source.offset(r));
                } else {
                    sumRow(r, end, row, 0);
                    accumulator.observeValidated(row, 0);
                }
            }
            out[q] = accumulator.logLikelihood();
            if (out[q] == Double.NEGATIVE_INFINITY) {
                tape.recordDead(plan.plate, start + accumulator.firstImpossibleStep());
            }
            sequenceLogLikelihood[q] = out[q];
        }
    }

    /** MARGINALS, GRADIENT, MAP, SAMPLE: the evidence rows of every step, then every sequence's pass over them. */
    private void forward() {
        int sequences = offsets.length - 1;
        double[] out = new double[plan.output.rows];
        plan.output.values = out;
        int count = offsets[sequences];
        if (direct >= 0) {
            Table input = plan.inputs[direct];
            evidence = input.values;
            evidenceFrom = input.valueOffset(0);
        } else {
            evidence = new double[Math.multiplyExact(count, k)];
            for (int q = 0; q < sequences; q++) {
                for (int r = offsets[q]; r < offsets[q + 1]; r++) {
                    sumRow(r, offsets[q + 1], evidence, r * k);
                }
            }
        }
        Query query = tape.query;
        ScaledTransitionMatrix trans = tape.wantsBackward() ? ScaledTransitionMatrix.of(logTrans) : null;
        SequenceGradientPass pass = tape.wantsBackward() ? new SequenceGradientPass(k) : null;
        if (pass != null) {
            posterior = new double[Math.multiplyExact(count, k)];
            counts = new double[Math.multiplyExact(sequences, k * k)];
        }
        if (query == Query.MAP) {
            paths = new int[sequences][];
        }
        for (int q = 0; q < sequences; q++) {
            int start = offsets[q];
            int steps = offsets[q + 1] - start;
            if (steps == 0) {
                continue;
            }
            int from = evidenceFrom + start * k;
            int firstImpossible = -1;
            if (pass != null) {
                out[q] = pass.run(trans, logInit, logTrans, evidence, from, steps, posterior, start * k, counts,
                        q * k * k);
            } else if (query == Query.MAP) {
                try {
                    ViterbiPath path = ChainKernels.viterbi(logInit, logTrans, evidence, from, steps);
                    paths[q] = path.path();
                    out[q] = path.logJoint();
                } catch (ImpossibleEvidenceException e) {
                    out[q] = Double.NEGATIVE_INFINITY;
                    firstImpossible = e.firstImpossibleStep();
                }
            } else {
                out[q] = forwardPass(from, steps).logLikelihood();
            }
            if (out[q] == Double.NEGATIVE_INFINITY) {
                int step = firstImpossible >= 0 ? firstImpossible
                        : Math.max(0, forwardPass(from, steps).firstImpossibleStep());
                tape.recordDead(plan.plate, start + step);
            }
            sequenceLogLikelihood[q] = out[q];
        }
    }

    /** A forward pass over a sequence's evidence rows, stopped where it first has zero mass. */
    private ForwardAccumulator forwardPass(int from, int steps) {
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        for (int t = 0; t < steps && forward.firstImpossibleStep() < 0; t++) {
            forward.observeValidated(evidence, from + t * k);
        }
        return forward;
    }

    /** The sum of step r's evidence inputs (per-step ones and homogeneous ones every step reads) into {@code out}. */
    private void sumRow(int r, int end, double[] out, int at) {
        Arrays.fill(out, at, at + k, 0.0);
        for (int i = 0; i < plan.inputs.length; i++) {
            if (role[i] != 2) {
                continue;
            }
            Table input = plan.inputs[i];
            double[] values;
            int from;
            if (rows[i] != null) {
                rows[i].ensure(r, end);
                values = rows[i].array();
                from = rows[i].offset(r);
            } else {
                values = input.values;
                from = 0;
            }
            if (input.axes.length == 0) {
                for (int j = 0; j < k; j++) {
                    out[at + j] += values[from];
                }
            } else {
                for (int j = 0; j < k; j++) {
                    out[at + j] += values[from + j];
                }
            }
        }
    }

    @Override
    public void backward(Tape tape) {
        double[] adjOut = plan.output.adjoint;
        if (adjOut == null) {
            return;
        }
        double[] mass = tape.addsMarginals() ? tape.marginals[variable] : null;
        for (int q = 0; q + 1 < offsets.length; q++) {
            double w = adjOut[q];
            int start = offsets[q];
            int end = offsets[q + 1];
            if (w == 0.0 || end == start || sequenceLogLikelihood[q] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            for (int i = 0; i < plan.inputs.length; i++) {
                Table input = plan.inputs[i];
                if (role[i] < 0 || !tape.needsAdjoint(input)) {
                    continue;
                }
                double[] adjoint = input.adjointArray();
                if (role[i] == 0) {
                    addRow(input, adjoint, 0, start, w);
                } else if (role[i] == 1) {
                    addCounts(input, adjoint, q * k * k, w);
                } else if (plan.perStep[i] && input.axes.length == 1) {
                    addRange(adjoint, input.adjointOffset(start) - start * k, start * k, end * k, w);
                } else {
                    for (int r = start; r < end; r++) {
                        addRow(input, adjoint, plan.perStep[i] ? input.adjointOffset(r) : 0, r, w);
                    }
                }
            }
            if (mass != null) {
                addRange(mass, 0, start * k, end * k, w);
            }
        }
    }

    /** {@code into[shift + c] += w * posterior[c]} for c in {@code [from, to)}. */
    private void addRange(double[] into, int shift, int from, int to, double w) {
        double[] p = posterior;
        if (shift == 0) {
            for (int c = from; c < to; c++) {
                into[c] += w * p[c];
            }
        } else {
            for (int c = from; c < to; c++) {
                into[shift + c] += w * p[c];
            }
        }
    }

    /** Adds w times step r's posterior over x into an input over [x] or no axes, at {@code at}. */
    private void addRow(Table input, double[] adjoint, int at, int r, double w) {
        int from = r * k;
        if (input.axes.length == 0) {
            for (int j = 0; j < k; j++) {
                adjoint[at] += w * posterior[from + j];
            }
        } else {
            for (int j = 0; j < k; j++) {
                adjoint[at + j] += w * posterior[from + j];
            }
        }
    }

    /** Adds w times a sequence's expected transition counts (row = previous state) into an input over the pair. */
    private void addCounts(Table input, double[] adjoint, int from, double w) {
        int ax = input.axisOf(x);
        int ap = input.axisOf(previous);
        int[] strides = input.strides();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                int cell = (ax < 0 ? 0 : j * strides[ax]) + (ap < 0 ? 0 : i * strides[ap]);
                adjoint[cell] += w * counts[from + i * k + j];
            }
        }
    }

    @Override
    public void traceback(Tape tape) {
        for (int q = 0; q + 1 < offsets.length; q++) {
            int steps = offsets[q + 1] - offsets[q];
            if (steps == 0) {
                continue;
            }
            int[] path = tape.query == Query.MAP ? paths[q]
                    : ChainKernels.samplePosterior(logInit, logTrans, evidence, evidenceFrom + offsets[q] * k, steps,
                    tape.rng);
            System.arraycopy(path, 0, tape.assignments[variable], offsets[q], steps);
        }
    }
}
