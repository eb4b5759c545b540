package dev.trellis.runtime.elimination;

/**
 * Hand-written step sequences for chains of history 1 to 3 over a Markov plate, as the generator would emit them: the
 * transition factor's boundary tables and steady table, one evidence row per step, one scan, then the product over
 * the sequences (when the chain runs inside a plate of sequences).
 */
final class ChainPlans {

    private ChainPlans() {
    }

    /** The uses x, x@1, ..., x@history of a chain variable. */
    static int[] lags(ToyModel m, int variable, int history) {
        int[] uses = new int[history + 1];
        for (int l = 0; l <= history; l++) {
            uses[l] = m.use(variable, l);
        }
        return uses;
    }

    /**
     * A chain of the given history with transition factor {@code px} over {@code [x, x@1, .., x@H]} and per-step
     * evidence {@code y} over {@code [x]}. Slots: 0 message, 1..H boundary tables, H+1 steady table, H+2 evidence.
     *
     * @param sequences the plate of sequences, or ROOT when time is top-level
     */
    static EngineCheck.Plan chain(int time, int sequences, int[] x, ToyModel.Factor px, ToyModel.Factor y,
                                  ScanKind kind) {
        int history = x.length - 1;
        return (e, m) -> {
            int[] inputs = new int[history + 2];
            for (int j = 0; j < history; j++) {
                inputs[j] = m.registerBoundary(e, px, j);
            }
            inputs[history] = m.register(e, px);
            inputs[history + 1] = m.register(e, y);
            int out = e.scan(time, chainSpec(time, x, kind), inputs);
            return e.result(sequences == Layout.ROOT ? out : e.product(sequences, out));
        };
    }

    /** The spec of {@link #chain}: no elimination at the boundary, then message x transition summed over x@H. */
    static ScanSpec chainSpec(int time, int[] x, ScanKind kind) {
        int history = x.length - 1;
        int evidenceSlot = history + 2;
        int firstOp = history + 3;
        ScanSpec.Builder spec = ScanSpec.builder(time, kind);
        for (int l = 0; l < history; l++) {
            spec.frontier(x[l], x[l + 1]);
        }
        spec.boundary(0, ScanSpec.op(new int[] {1, evidenceSlot}, new int[] {}, x[0]));
        for (int j = 1; j < history; j++) {
            // message [x@1..x@j] times the boundary table [x, x@1..x@j] times the evidence: [x, x@1..x@j]
            int[] axes = new int[j + 1];
            System.arraycopy(x, 0, axes, 0, j + 1);
            spec.boundary(j, ScanSpec.op(new int[] {0, 1 + j, evidenceSlot}, new int[] {}, axes));
        }
        int[] kept = new int[history];
        System.arraycopy(x, 0, kept, 0, history);
        spec.steady(ScanSpec.op(new int[] {0, history + 1}, new int[] {x[history]}, kept),
                ScanSpec.op(new int[] {firstOp, evidenceSlot}, new int[] {}, kept));
        return spec.build();
    }
}
