package dev.trellis.runtime.elimination;

/**
 * Naive kernels for tests: every contraction enumerates its joint cells in log space, and every scan is unrolled
 * step by step in log space with the outer variables carried as ordinary axes, whatever its {@link ScanKind}. No
 * scaling, no fast path, no streaming. Stateless; one instance.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class ReferenceKernels extends Kernels {

    /** The one instance. */
    public static final ReferenceKernels INSTANCE = new ReferenceKernels();

    private ReferenceKernels() {
    }

    @Override
    TapeStep contract(Tape tape, int plate, Table[] inputs, int[] eliminated, Table output) {
        return ReferenceContraction.run(tape, plate, inputs, eliminated, output);
    }

    @Override
    TapeStep scan(Tape tape, ScanPlan plan) {
        return ReferenceScan.run(tape, plan);
    }
}
