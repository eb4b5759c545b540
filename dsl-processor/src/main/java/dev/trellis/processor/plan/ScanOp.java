package dev.trellis.processor.plan;

import dev.trellis.processor.graph.VarUse;
import java.util.List;

/**
 * One contraction of a scan's slot program (the runtime's {@code ScanSpec.op}): the product of its operand slots,
 * with {@code eliminated} summed out, laid out over {@code axes}. Its output is the next slot.
 *
 * @param operands slot numbers: 0 the message from the previous step, 1..n the scan's inputs, then earlier ops'
 *     outputs in order
 * @param eliminated the uses summed out
 * @param axes the output's axes, in order (the union of the operands' axes minus the eliminated ones)
 */
public record ScanOp(List<Integer> operands, List<VarUse> eliminated, List<VarUse> axes) {
    public ScanOp {
        operands = List.copyOf(operands);
        eliminated = List.copyOf(eliminated);
        axes = List.copyOf(axes);
    }
}
