package dev.trellis.runtime.elimination;

/**
 * The kernels to use: contractions compiled into strided loops over pairs of operands; scans along a Markov plate in
 * scaled probability space with a log-space fallback per sequence, or, for {@link ScanKind#FIRST_ORDER} scans, the
 * chain kernels of {@code dev.trellis.runtime.inference}. Stateless; one instance.
 *
 * <p>Thread-safe: it keeps no state; every call works on the buffers of its own elimination.
 */
public final class FastKernels extends Kernels {

    /** The one instance. */
    public static final FastKernels INSTANCE = new FastKernels();

    private FastKernels() {
    }

    @Override
    TapeStep contract(Tape tape, int plate, Table[] inputs, int[] eliminated, Table output) {
        return FastContraction.run(tape, plate, inputs, eliminated, output);
    }

    @Override
    TapeStep scan(Tape tape, ScanPlan plan) {
        if (plan.spec.kind() == ScanKind.FIRST_ORDER) {
            return FirstOrderScan.run(tape, plan);
        }
        return GenericScan.run(tape, plan);
    }
}
