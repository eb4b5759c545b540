package dev.trellis.runtime.elimination;

/**
 * A step an elimination recorded, run forward when it was recorded; the backward pass and the traceback visit the
 * steps in reverse order, so that every step sees the complete adjoint of its output and the decided values of
 * everything eliminated after it.
 */
interface TapeStep {

    /**
     * Adds this step's share to its inputs' adjoints (given its output's, complete by now) and the posterior mass of
     * every variable it eliminated to the tape's marginals.
     */
    void backward(Tape tape);

    /** Decides every variable this step eliminated, given the values the later steps decided. */
    void traceback(Tape tape);
}
