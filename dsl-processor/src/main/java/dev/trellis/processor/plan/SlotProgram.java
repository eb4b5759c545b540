package dev.trellis.processor.plan;

import dev.trellis.processor.graph.VarUse;
import java.util.List;

/**
 * The contractions of one step of a scan: a boundary step {@code j < history}, or the steady state.
 *
 * @param step the boundary step, or {@link #STEADY}
 * @param message the axes of slot 0, the previous step's message shifted by the frontier map; empty at step 0,
 *     where there is no message
 * @param inputs the axes of each input slot (1..n) as this step sees it: uses that do not exist yet are dropped
 * @param ops the contractions, in order; the last outputs the new message
 */
public record SlotProgram(int step, List<VarUse> message, List<List<VarUse>> inputs, List<ScanOp> ops) {
    /** The {@code step} of the steady program. */
    public static final int STEADY = -1;

    public SlotProgram {
        message = List.copyOf(message);
        inputs = inputs.stream().map(List::copyOf).toList();
        ops = List.copyOf(ops);
    }

    /** {@return whether slot 0 holds a message (every step but the first)} */
    public boolean hasMessage() {
        return step != 0;
    }

    /** {@return the axes of {@code slot}: the message, an input as seen at this step, or an op's output} */
    public List<VarUse> slotAxes(int slot) {
        if (slot == 0) {
            return message;
        }
        if (slot <= inputs.size()) {
            return inputs.get(slot - 1);
        }
        return ops.get(slot - inputs.size() - 1).axes();
    }

    /** {@return the axes of the new message: the last op's output} */
    public List<VarUse> output() {
        return ops.get(ops.size() - 1).axes();
    }
}
