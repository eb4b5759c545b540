package dev.trellis.runtime.elimination;

/**
 * The decided values of the uses one traceback step sees: a contraction's instance, or one step of one sequence of
 * a scan. Reused between steps; nothing is allocated per decision.
 */
interface UseContext {

    /** {@return the value already decided for a use here} */
    int value(int use);

    /** Records the value decided for a use here. */
    void set(int use, int value);
}
