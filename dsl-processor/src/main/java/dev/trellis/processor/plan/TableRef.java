package dev.trellis.processor.plan;

/**
 * A table of the plan: the output of one step, consumed by exactly one later step.
 *
 * @param id its position in order of creation
 * @param name a readable name, unique within the plan, that the generator uses for its local (e.g. {@code
 *     xTransition}, {@code yEvidence}, {@code timeScan})
 * @param instancePlate the plate whose instances are its outermost axis, or null for a table without one (a
 *     homogeneous table, shared by every instance, or a table at the root)
 */
public record TableRef(int id, String name, String instancePlate) {

    @Override
    public String toString() {
        return name;
    }
}
