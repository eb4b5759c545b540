package dev.trellis.processor.plan;

import dev.trellis.processor.graph.VarUse;
import java.util.List;

/**
 * What a {@code Scan} runs along its Markov plate, in the runtime's {@code ScanSpec} slot conventions (design note §4):
 * the frontier map, the outer uses, one program per boundary step and the steady program. After a sequence's last
 * step the engine sums every non-outer axis of the message out.
 *
 * @param history the number of boundary programs: the largest lag at which the scan's inputs read a variable
 * @param frontier each frontier use with the use it becomes one step later, by variable id then lag
 * @param outer the uses of enclosing plates' variables, carried through every step and never eliminated
 * @param stepLocal the uses of variables nobody reads at an earlier step, eliminated within each step
 * @param boundary the programs of steps {@code 0 .. history - 1}
 * @param steady the program of every later step
 */
public record ScanProgram(int history, List<Shift> frontier, List<VarUse> outer, List<VarUse> stepLocal,
                          List<SlotProgram> boundary, SlotProgram steady) {

    public ScanProgram {
        frontier = List.copyOf(frontier);
        outer = List.copyOf(outer);
        stepLocal = List.copyOf(stepLocal);
        boundary = List.copyOf(boundary);
    }

    /** A frontier use and its name one step later ({@code (v, l)} becomes {@code (v, l + 1)}). */
    public record Shift(VarUse use, VarUse shifted) {}

    /** {@return the boundary programs, then the steady one} */
    public List<SlotProgram> programs() {
        var all = new java.util.ArrayList<>(boundary);
        all.add(steady);
        return List.copyOf(all);
    }
}
