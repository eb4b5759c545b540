package dev.trellis.runtime.elimination;

import dev.trellis.runtime.random.Rng;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reference kernels' program: each op enumerates every cell of its joint (output axes times eliminated axes) and
 * adds its operands' log values there; the sum over the eliminated cells is a two-pass log-sum-exp (or a maximum).
 * No scaling, no pairing, no normalisation: the plainest reading of the contract, for tests.
 *
 * <p>The backward pass works on adjoints themselves (posterior masses), in the same layout as the values: an op's
 * joint cell gets {@code adjoint(out) * exp(joint - out)}, added to every operand's entry and, per eliminated use,
 * to that use's value in {@link #mass}.
 */
final class NaiveProgram {

    /** One op, compiled: strides of every operand along its output and eliminated axes. */
    private static final class Op {
        final int[] operands;
        final int out;
        final int[] eliminated;
        final int[] outSizes;
        final int[] elimSizes;
        final int outCells;
        final int elimCells;
        final int[][] outStrides;
        final int[][] elimStrides;
        final int[] base;
        final int[] index;
        final double[] weights;
        /** Per eliminated use, the posterior mass of each of its values in the last backward run. */
        final double[][] mass;

        Op(int[] operands, int out, int[] eliminated, int[] outAxes, SlotShape[] shapes, int[] useSizes) {
            this.operands = operands;
            this.out = out;
            this.eliminated = eliminated;
            this.outSizes = Arrays.stream(outAxes).map(u -> useSizes[u]).toArray();
            this.elimSizes = Arrays.stream(eliminated).map(u -> useSizes[u]).toArray();
            this.outCells = product(outSizes);
            this.elimCells = product(elimSizes);
            this.outStrides = new int[operands.length][];
            this.elimStrides = new int[operands.length][];
            for (int k = 0; k < operands.length; k++) {
                SlotShape shape = shapes[operands[k]];
                outStrides[k] = Arrays.stream(outAxes).map(shape::strideOf).toArray();
                elimStrides[k] = Arrays.stream(eliminated).map(shape::strideOf).toArray();
            }
            this.base = new int[operands.length];
            this.index = new int[Math.max(eliminated.length, outAxes.length)];
            this.weights = new double[elimCells];
            this.mass = new double[eliminated.length][];
            for (int m = 0; m < eliminated.length; m++) {
                mass[m] = new double[elimSizes[m]];
            }
        }

        /** Sets {@link #base} to every operand's offset at output cell a. */
        void locate(int a, Frame f) {
            decode(a, outSizes, index);
            for (int k = 0; k < operands.length; k++) {
                int at = f.valueOffsets[operands[k]];
                for (int m = 0; m < outSizes.length; m++) {
                    at += index[m] * outStrides[k][m];
                }
                base[k] = at;
            }
        }

        /** The sum of the operands' log values at eliminated cell e (after {@link #locate}). */
        double joint(int e, Frame f) {
            decode(e, elimSizes, index);
            double sum = 0.0;
            for (int k = 0; k < operands.length; k++) {
                int at = base[k];
                for (int m = 0; m < elimSizes.length; m++) {
                    at += index[m] * elimStrides[k][m];
                }
                sum += f.values[operands[k]][at];
            }
            return sum;
        }
    }

    final int externalSlots;
    final SlotShape[] shapes;
    private final Op[] ops;
    final int outputSlot;
    private final int[] internalOffsets;
    final int runSize;

    private NaiveProgram(SlotShape[] shapes, int externalSlots, Op[] ops) {
        this.shapes = shapes;
        this.externalSlots = externalSlots;
        this.ops = ops;
        this.outputSlot = shapes.length - 1;
        this.internalOffsets = new int[shapes.length - externalSlots];
        int size = 0;
        for (int s = externalSlots; s < shapes.length; s++) {
            internalOffsets[s - externalSlots] = size;
            size += shapes[s].cells;
        }
        this.runSize = size;
    }

    /** Compiles ops that {@link NaryOp#check} accepted; op i's output is slot {@code external.length + i}. */
    static NaiveProgram compile(@Nullable SlotShape[] external, List<NaryOp> ops, int[] useSizes) {
        int e = external.length;
        SlotShape[] shapes = Arrays.copyOf(external, e + ops.size());
        Op[] compiled = new Op[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            NaryOp op = ops.get(i);
            int[] axes = op.axes();
            shapes[e + i] = SlotShape.contiguous(axes, Arrays.stream(axes).map(u -> useSizes[u]).toArray());
            compiled[i] = new Op(op.operands().clone(), e + i, op.eliminated().clone(), axes, shapes, useSizes);
        }
        return new NaiveProgram(shapes, e, compiled);
    }

    /** Points the internal slots' values and adjoints at one run's blocks. */
    void bind(Frame frame, double[] values, int valueBase, double[] adjoints, int adjointBase) {
        for (int s = externalSlots; s < shapes.length; s++) {
            frame.value(s, values, valueBase + internalOffsets[s - externalSlots]);
            frame.back(s, adjoints, adjointBase + internalOffsets[s - externalSlots]);
        }
    }

    int outputOffset() {
        return internalOffsets[outputSlot - externalSlots];
    }

    /** Runs every op forward in log space ({@link Semiring#LOG} or {@link Semiring#MAX}). */
    void forward(Semiring semiring, Frame f) {
        for (Op op : ops) {
            double[] out = f.values[op.out];
            int outOff = f.valueOffsets[op.out];
            for (int a = 0; a < op.outCells; a++) {
                op.locate(a, f);
                double max = Double.NEGATIVE_INFINITY;
                for (int e = 0; e < op.elimCells; e++) {
                    max = Math.max(max, op.joint(e, f));
                }
                if (semiring == Semiring.MAX || max == Double.NEGATIVE_INFINITY) {
                    out[outOff + a] = max;
                    continue;
                }
                double sum = 0.0;
                for (int e = 0; e < op.elimCells; e++) {
                    sum += Math.exp(op.joint(e, f) - max);
                }
                out[outOff + a] = max + Math.log(sum);
            }
        }
    }

    /**
     * Runs every op backward: from the output slot's adjoint (set by the caller) into every other slot's, which the
     * caller's slots accumulate and internal slots start at 0. Afterwards {@link #mass} holds the posterior mass of
     * every value of every use an op summed out.
     */
    void backward(Frame f) {
        for (int s = externalSlots; s < shapes.length - 1; s++) {
            Arrays.fill(f.back[s], f.backOffsets[s], f.backOffsets[s] + shapes[s].cells, 0.0);
        }
        for (int i = ops.length - 1; i >= 0; i--) {
            Op op = ops[i];
            for (double[] m : op.mass) {
                Arrays.fill(m, 0.0);
            }
            double[] out = f.values[op.out];
            int outOff = f.valueOffsets[op.out];
            double[] adjOut = f.back[op.out];
            int adjOff = f.backOffsets[op.out];
            for (int a = 0; a < op.outCells; a++) {
                double adjoint = adjOut[adjOff + a];
                double value = out[outOff + a];
                if (adjoint == 0.0 || value == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                op.locate(a, f);
                for (int e = 0; e < op.elimCells; e++) {
                    double w = adjoint * Math.exp(op.joint(e, f) - value);
                    if (w == 0.0) {
                        continue;
                    }
                    decode(e, op.elimSizes, op.index);
                    for (int m = 0; m < op.eliminated.length; m++) {
                        op.mass[m][op.index[m]] += w;
                    }
                    for (int k = 0; k < op.operands.length; k++) {
                        int slot = op.operands[k];
                        int at = f.backOffsets[slot] + (op.base[k] - f.valueOffsets[slot]);
                        for (int m = 0; m < op.elimSizes.length; m++) {
                            at += op.index[m] * op.elimStrides[k][m];
                        }
                        f.back[slot][at] += w;
                    }
                }
            }
        }
    }

    /** {@return the posterior mass per value of a use the last backward run summed out, or null if none did} */
    double @Nullable [] mass(int use) {
        for (Op op : ops) {
            for (int m = 0; m < op.eliminated.length; m++) {
                if (op.eliminated[m] == use) {
                    return op.mass[m];
                }
            }
        }
        return null;
    }

    /**
     * Decides every op's eliminated uses, last op first, given the values of its output axes: a draw in proportion
     * to {@code exp(joint)} ({@code rng} given), or the first maximum (MAP).
     */
    void decide(Semiring semiring, Frame f, UseContext context, @Nullable Rng rng) {
        for (int i = ops.length - 1; i >= 0; i--) {
            Op op = ops[i];
            if (op.eliminated.length == 0) {
                continue;
            }
            int[] outAxes = shapes[op.out].axes;
            int a = 0;
            for (int m = 0; m < outAxes.length; m++) {
                a = a * op.outSizes[m] + context.value(outAxes[m]);
            }
            op.locate(a, f);
            double max = Double.NEGATIVE_INFINITY;
            for (int e = 0; e < op.elimCells; e++) {
                op.weights[e] = op.joint(e, f);
                max = Math.max(max, op.weights[e]);
            }
            int chosen = 0;
            if (semiring == Semiring.MAX || rng == null) {
                while (op.weights[chosen] != max) {
                    chosen++;
                }
            } else {
                for (int e = 0; e < op.elimCells; e++) {
                    op.weights[e] = Math.exp(op.weights[e] - max);
                }
                chosen = rng.categorical(op.weights);
            }
            decode(chosen, op.elimSizes, op.index);
            for (int m = 0; m < op.eliminated.length; m++) {
                context.set(op.eliminated[m], op.index[m]);
            }
        }
    }

    private static void decode(int cell, int[] sizes, int[] index) {
        int rest = cell;
        for (int m = sizes.length - 1; m >= 0; m--) {
            index[m] = rest % sizes[m];
            rest /= sizes[m];
        }
    }

    private static int product(int[] sizes) {
        int p = 1;
        for (int s : sizes) {
            p = Math.multiplyExact(p, s);
        }
        return p;
    }
}
