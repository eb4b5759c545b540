package dev.trellis.runtime.elimination;

import org.jspecify.annotations.Nullable;

/**
 * One pairwise (or unary) contraction of a {@link PairwiseProgram}: its slots, the uses it sums out, its compiled
 * forward and backward loops, and the strides the traceback needs to read its terms at given values of its output.
 */
final class PairStep {
    final int a;
    /** The second operand's slot, or -1 for a unary step. */
    final int b;
    final int out;
    final int[] eliminated;
    final StridedContraction forward;
    final StridedContraction backA;
    final @Nullable StridedContraction backB;
    final int[] outStrideA;
    final int[] outStrideB;
    final int[] elimSizes;
    final int[] elimStrideA;
    final int[] elimStrideB;
    final int elimCells;
    /** Traceback scratch: the term of every cell of the eliminated uses. */
    final double[] weights;

    PairStep(int a, int b, int out, int[] eliminated, StridedContraction forward, StridedContraction backA,
             @Nullable StridedContraction backB, int[] outStrideA, int[] outStrideB, int[] elimSizes,
             int[] elimStrideA, int[] elimStrideB) {
        this.a = a;
        this.b = b;
        this.out = out;
        this.eliminated = eliminated;
        this.forward = forward;
        this.backA = backA;
        this.backB = backB;
        this.outStrideA = outStrideA;
        this.outStrideB = outStrideB;
        this.elimSizes = elimSizes;
        this.elimStrideA = elimStrideA;
        this.elimStrideB = elimStrideB;
        int cells = 1;
        for (int size : elimSizes) {
            cells *= size;
        }
        this.elimCells = cells;
        this.weights = new double[cells];
    }
}
