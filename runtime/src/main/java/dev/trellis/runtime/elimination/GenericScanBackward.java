package dev.trellis.runtime.elimination;

import java.util.Arrays;

/**
 * The backward pass of a {@link GenericScan}: per sequence and lane, from the last step to the first, the pair steps'
 * backward quantities; per step, the adjoints of the per-step inputs' rows and the posterior of the plate's
 * variables; per call, the adjoints of the homogeneous inputs.
 *
 * <p>Each sequence runs with unit weight: its last message's backward quantity is {@code (adjoint of the lane's output
 * / adjoint of the sequence) / total}, so every quantity stays below 2^1000 whatever the plates' scales, and the
 * sequence's adjoint multiplies what is added to the tables.
 */
final class GenericScanBackward {

    private final GenericScan scan;
    private final Tape tape;
    private final ScanPlan plan;
    private final ScanInput[] inputs;
    private final int lanes;
    private final double[][] total;
    private final double[][] sequence;
    private final double[][] direct;
    private final double[][] homBack;
    private final double[][] rowBack;
    private final double[] message;
    private final double[] last;
    private final boolean[][] scratchHomogeneous;

    GenericScanBackward(GenericScan scan) {
        this.scan = scan;
        this.tape = scan.tape;
        this.plan = scan.plan;
        this.inputs = scan.inputs;
        this.lanes = scan.lanes;
        int n = inputs.length;
        this.total = new double[n][];
        this.sequence = new double[n][];
        this.direct = new double[n][];
        this.homBack = new double[n][];
        this.rowBack = new double[n][];
        for (int k = 0; k < n; k++) {
            int cells = inputs[k].table.cells;
            if (inputs[k].perStep) {
                rowBack[k] = new double[cells];
            } else {
                total[k] = new double[cells];
                sequence[k] = new double[cells];
                direct[k] = new double[cells];
                homBack[k] = new double[cells];
            }
        }
        int largest = 1;
        PairwiseProgram[] programs = scan.programs;
        int[][] slots = scan.marginalSlot;
        this.scratchHomogeneous = new boolean[programs.length][n];
        for (int v = 0; v < programs.length; v++) {
            largest = Math.max(largest, programs[v].shapes[programs[v].outputSlot].cells);
            for (int slot : slots[v]) {
                if (slot >= 1 && slot <= n && !inputs[slot - 1].perStep) {
                    scratchHomogeneous[v][slot - 1] = true;
                }
            }
        }
        this.message = new double[largest];
        this.last = new double[largest];
        for (int v = 0; v < programs.length; v++) {
            for (int k = 0; k < n; k++) {
                if (!inputs[k].perStep && !scratchHomogeneous[v][k]) {
                    programs[v].batchPullsInto(k + 1, tape.useSizes);
                }
            }
        }
    }

    void run() {
        double[] adjOut = plan.output.adjoint;
        if (adjOut == null) {
            return;
        }
        int[] offsets = scan.offsets;
        for (int q = 0; q + 1 < offsets.length; q++) {
            int steps = offsets[q + 1] - offsets[q];
            double weight = 0.0;
            for (int lane = 0; lane < lanes; lane++) {
                weight += adjOut[q * lanes + lane];
            }
            if (steps == 0 || weight == 0.0) {
                continue;
            }
            for (double[] s : sequence) {
                if (s != null) {
                    Arrays.fill(s, 0.0);
                }
            }
            for (int lane = 0; lane < lanes; lane++) {
                int idx = q * lanes + lane;
                double share = adjOut[q * lanes + lane];
                if (share != 0.0 && !scan.laneDead[idx]) {
                    lane(q, steps, lane, scan.laneMode[idx], share / weight, weight);
                }
            }
            for (int k = 0; k < inputs.length; k++) {
                if (sequence[k] != null) {
                    for (int c = 0; c < sequence[k].length; c++) {
                        total[k][c] += weight * sequence[k][c];
                    }
                }
            }
        }
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].perStep || !tape.needsAdjoint(inputs[k].table)) {
                continue;
            }
            ScanInput in = inputs[k];
            double[] adjoint = in.table.adjointArray();
            double[] scaled = scan.homScaled[k];
            for (int c = 0; c < in.table.cells; c++) {
                double value = direct[k][c] + (scaled == null ? 0.0 : scaled[c] * total[k][c]);
                adjoint[in.toTable == null ? c : in.toTable[c]] += value;
            }
        }
    }

    /** One lane of sequence q, backwards, with its share of the sequence's unit weight. */
    private void lane(int q, int steps, int lane, Semiring mode, double share, double weight) {
        int[] offsets = scan.offsets;
        double[] values = scan.values;
        PairwiseProgram[] programs = scan.programs;
        boolean scaled = mode == Semiring.SCALED;
        double empty = scaled ? 0.0 : Double.NEGATIVE_INFINITY;
        int lastRow = offsets[q + 1] - 1;
        PairwiseProgram lastProgram = programs[plan.variant(steps - 1)];
        int from = scan.block(lastRow, steps - 1, lane) + lastProgram.outputOffset();
        int cells = lastProgram.shapes[lastProgram.outputSlot].cells;
        double start;
        if (scaled) {
            double sum = 0.0;
            for (int c = from; c < from + cells; c++) {
                sum += values[c];
            }
            start = share / sum;
        } else {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = from; c < from + cells; c++) {
                max = Math.max(max, values[c]);
            }
            double sum = 0.0;
            for (int c = from; c < from + cells; c++) {
                sum += Math.exp(values[c] - max);
            }
            start = Math.log(share) - (max + Math.log(sum));
        }
        Arrays.fill(last, 0, cells, start);
        for (int t = steps - 1; t >= 0; t--) {
            int r = offsets[q] + t;
            int v = plan.variant(t);
            PairwiseProgram program = programs[v];
            Frame f = scan.frames[v];
            scan.point(f, v, r, t, lane, mode);
            int out = program.outputSlot;
            System.arraycopy(last, 0, f.back[out], f.backOffsets[out], program.shapes[out].cells);
            if (t > 0) {
                Arrays.fill(message, 0, program.shapes[0].cells, empty);
                f.back(0, message, 0);
            }
            for (int k = 0; k < inputs.length; k++) {
                ScanInput in = inputs[k];
                int laneOffset = in.laneOffset[lane];
                if (in.perStep) {
                    Arrays.fill(rowBack[k], empty);
                    f.back(k + 1, rowBack[k], laneOffset);
                } else if (scaled && !scratchHomogeneous[v][k]) {
                    f.back(k + 1, sequence[k], laneOffset);
                } else {
                    Arrays.fill(homBack[k], empty);
                    f.back(k + 1, homBack[k], laneOffset);
                }
            }
            program.backward(mode, f);
            addInputAdjoints(v, r, scaled, weight);
            addMarginals(program, f, v, r, mode, weight);
            if (t > 0) {
                System.arraycopy(message, 0, last, 0, program.shapes[0].cells);
            }
        }
        for (PairwiseProgram program : programs) {
            program.flushBatches();
        }
    }

    private void addInputAdjoints(int v, int r, boolean scaled, double weight) {
        for (int k = 0; k < inputs.length; k++) {
            ScanInput in = inputs[k];
            int cells = in.table.cells;
            if (in.perStep) {
                if (!tape.needsAdjoint(in.table)) {
                    continue;
                }
                double[] adjoint = in.table.adjointArray();
                int at = in.table.adjointOffset(r);
                double[] c = rowBack[k];
                if (scaled) {
                    double[] row = scan.stepScaled[k];
                    int from = scan.stepOffset(k, r);
                    for (int x = 0; x < cells; x++) {
                        adjoint[at + x] += weight * (row[from + x] * c[x]);
                    }
                } else {
                    StepRows rows = scan.rows[k];
                    double[] raw = rows.array();
                    int from = rows.offset(r);
                    for (int x = 0; x < cells; x++) {
                        double log = raw[from + x] + c[x];
                        if (log > Double.NEGATIVE_INFINITY) {
                            adjoint[at + x] += weight * Math.exp(log);
                        }
                    }
                }
            } else if (scaled) {
                if (scratchHomogeneous[v][k]) {
                    for (int x = 0; x < cells; x++) {
                        sequence[k][x] += homBack[k][x];
                    }
                }
            } else {
                double[] raw = scan.homLog[k];
                for (int x = 0; x < cells; x++) {
                    double log = raw[x] + homBack[k][x];
                    if (log > Double.NEGATIVE_INFINITY) {
                        direct[k][x] += weight * Math.exp(log);
                    }
                }
            }
        }
    }

    private void addMarginals(PairwiseProgram program, Frame f, int v, int r, Semiring mode, double weight) {
        if (!tape.addsMarginals()) {
            return;
        }
        int[] slots = scan.marginalSlot[v];
        int[] uses = scan.lagZeroUse;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] < 0) {
                continue;
            }
            int variable = plan.variables[i];
            program.addPosterior(mode, f, slots[i], uses[i], weight, tape.marginals[variable],
                    r * tape.domains[variable]);
        }
    }
}
