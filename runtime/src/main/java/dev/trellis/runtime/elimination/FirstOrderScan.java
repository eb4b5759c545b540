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
    private final double[] sequenceLogLikelihood;
    /** Per sequence, its evidence rows (MARGINALS, GRADIENT, SAMPLE). */
    private double[][][] evidence;
    private double[][][] marginals;
    private double[][] counts;
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
        for (int i = 0; i < n; i++) {
            Table input = plan.inputs[i];
            if (role[i] == 0) {
                fold(input, logInit, null);
            } else if (role[i] == 1) {
                fold(input, null, logTrans);
            } else if (role[i] == 2 && plan.perStep[i]) {
                rows[i] = new StepRows(tape, input);
            }
        }
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
        scan.forward();
        return scan;
    }

    private void forward() {
        int sequences = offsets.length - 1;
        double[] out = new double[plan.output.rows];
        plan.output.values = out;
        Query query = tape.query;
        if (query != Query.LIKELIHOOD) {
            evidence = new double[sequences][][];
        }
        ForwardAccumulator accumulator = query == Query.LIKELIHOOD ? new ForwardAccumulator(logInit, logTrans) : null;
        ScaledTransitionMatrix trans = tape.wantsBackward() ? ScaledTransitionMatrix.of(logTrans) : null;
        SequenceGradientPass pass = tape.wantsBackward() ? new SequenceGradientPass(k) : null;
        if (tape.wantsBackward()) {
            marginals = new double[sequences][][];
            counts = new double[sequences][];
        }
        if (query == Query.MAP) {
            paths = new int[sequences][];
        }
        double[] row = new double[k];
        for (int q = 0; q < sequences; q++) {
            int start = offsets[q];
            int steps = offsets[q + 1] - start;
            if (steps == 0) {
                continue;
            }
            int firstImpossible = -1;
            if (accumulator != null) {
                accumulator.reset();
                for (int t = 0; t < steps && accumulator.firstImpossibleStep() < 0; t++) {
                    accumulator.observe(evidenceRow(start + t, offsets[q + 1], row));
                }
                out[q] = accumulator.logLikelihood();
                firstImpossible = accumulator.firstImpossibleStep();
            } else {
                double[][] logEvidence = new double[steps][];
                for (int t = 0; t < steps; t++) {
                    logEvidence[t] = evidenceRow(start + t, offsets[q + 1], new double[k]);
                }
                evidence[q] = logEvidence;
                if (pass != null) {
                    marginals[q] = new double[steps][k];
                    counts[q] = new double[k * k];
                    out[q] = pass.run(trans, logInit, logTrans, logEvidence, marginals[q], counts[q]);
                } else if (query == Query.MAP) {
                    try {
                        ViterbiPath path = ChainKernels.viterbi(logInit, logTrans, logEvidence);
                        paths[q] = path.path();
                        out[q] = path.logJoint();
                    } catch (ImpossibleEvidenceException e) {
                        out[q] = Double.NEGATIVE_INFINITY;
                        firstImpossible = e.firstImpossibleStep();
                    }
                } else {
                    out[q] = ChainKernels.logLikelihood(logInit, logTrans, logEvidence);
                }
            }
            if (out[q] == Double.NEGATIVE_INFINITY) {
                tape.recordDead(plan.plate, start + (firstImpossible >= 0 ? firstImpossible
                        : firstImpossibleStep(evidence[q])));
            }
            sequenceLogLikelihood[q] = out[q];
        }
    }

    /** Where a forward pass over an impossible sequence's rows first has zero mass (for messages only). */
    private int firstImpossibleStep(double[][] logEvidence) {
        ForwardAccumulator forward = new ForwardAccumulator(logInit, logTrans);
        for (int t = 0; t < logEvidence.length && forward.firstImpossibleStep() < 0; t++) {
            forward.observe(logEvidence[t]);
        }
        return Math.max(0, forward.firstImpossibleStep());
    }

    /** The sum of step r's per-step inputs (and of the homogeneous ones every step reads), into {@code row}. */
    private double[] evidenceRow(int r, int end, double[] row) {
        Arrays.fill(row, 0.0);
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
            for (int j = 0; j < k; j++) {
                row[j] += values[from + (input.axes.length == 0 ? 0 : j)];
            }
        }
        return row;
    }

    @Override
    public void backward(Tape tape) {
        double[] adjOut = plan.output.adjoint;
        if (adjOut == null) {
            return;
        }
        double[] mass = tape.marginals[variable];
        for (int q = 0; q + 1 < offsets.length; q++) {
            double w = adjOut[q];
            if (w == 0.0 || marginals[q] == null || sequenceLogLikelihood[q] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double[][] posterior = marginals[q];
            for (int i = 0; i < plan.inputs.length; i++) {
                Table input = plan.inputs[i];
                double[] adjoint = input.adjointArray();
                if (role[i] == 0) {
                    addRow(input, adjoint, 0, posterior[0], w);
                } else if (role[i] == 1) {
                    addCounts(input, adjoint, counts[q], w);
                } else if (role[i] == 2) {
                    for (int t = 0; t < posterior.length; t++) {
                        int r = offsets[q] + t;
                        addRow(input, adjoint, plan.perStep[i] ? input.adjointOffset(r) : 0, posterior[t], w);
                    }
                }
            }
            for (int t = 0; t < posterior.length; t++) {
                int r = offsets[q] + t;
                for (int j = 0; j < k; j++) {
                    mass[r * k + j] += w * posterior[t][j];
                }
            }
        }
    }

    /** Adds w times a posterior over x into an input over [x] or no axes. */
    private static void addRow(Table input, double[] adjoint, int at, double[] posterior, double w) {
        for (int j = 0; j < posterior.length; j++) {
            adjoint[at + (input.axes.length == 0 ? 0 : j)] += w * posterior[j];
        }
    }

    /** Adds w times the expected transition counts (row = previous state) into an input over a subset of the pair. */
    private void addCounts(Table input, double[] adjoint, double[] pairCounts, double w) {
        int ax = input.axisOf(x);
        int ap = input.axisOf(previous);
        int[] strides = input.strides();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                int cell = (ax < 0 ? 0 : j * strides[ax]) + (ap < 0 ? 0 : i * strides[ap]);
                adjoint[cell] += w * pairCounts[i * k + j];
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
                    : ChainKernels.samplePosterior(logInit, logTrans, evidence[q], tape.rng);
            System.arraycopy(path, 0, tape.assignments[variable], offsets[q], steps);
        }
    }
}
