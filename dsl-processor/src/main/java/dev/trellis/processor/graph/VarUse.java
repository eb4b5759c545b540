package dev.trellis.processor.graph;

/**
 * A variable at the current step ({@code lag == 0}) or {@code lag} steps earlier along its Markov plate: one axis of
 * the elimination's tables. Uses are canonical: the graph makes one per (variable, lag) it needs and gives it an id
 * (the runtime's use id), so records compare as the axes they name.
 *
 * @param id the use's id, in order of (variable id, lag)
 * @param variable the variable
 * @param lag 0 for the current step, {@code l} for {@code l} steps earlier
 */
public record VarUse(int id, Variable variable, int lag) {

    /** {@return "x" for the current step, "x@2" two steps earlier} */
    public String name() {
        return lag == 0 ? variable.name() : variable.name() + "@" + lag;
    }

    @Override
    public String toString() {
        return name();
    }
}
