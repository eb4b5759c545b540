package dev.trellis.runtime.train;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;

/**
 * The model and guide of each step, for training whose programs change from step to step: a mini-batch bound per
 * step (Pyro's {@code svi.step(batch)}), an annealing factor set per step. A {@link Trainer} built with
 * {@link Trainer#scheduled} asks before every step.
 *
 * <p>A checkpoint saves the parameters, the optimizer, the random stream and the losses, not the schedule: a
 * schedule whose programs depend only on the step number (and on draws from the stream it is given) resumes exactly;
 * one that keeps its own state between steps (an epoch's shuffled order drawn at the epoch's first step) has to be
 * brought back to that state by its owner.
 *
 * <p>Implementations run on the training thread and need not be thread-safe.
 */
@FunctionalInterface
public interface ProgramSchedule {

    /** A step's model and guide. */
    record Programs(Program model, Program guide) {}

    /**
     * @param step the step about to be taken, from 1
     * @param rng the training stream, which the schedule may draw from (e.g. to shuffle at the start of an epoch)
     * @return the programs of that step
     */
    Programs programs(int step, Rng rng);
}
