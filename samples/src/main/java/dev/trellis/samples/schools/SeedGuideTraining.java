package dev.trellis.samples.schools;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.svi.SviFit;

/**
 * The seed tutorial's SVI run for the eight schools: the centred model against {@link SeedGuide}, Adam with learning
 * rate 0.03, {@code Trace_ELBO} with one particle, from the guide's initial values (the golden file's
 * {@code svi.init_params}).
 */
public final class SeedGuideTraining {

    /** The seed's learning rate. */
    public static final double LEARNING_RATE = 0.03;
    /** The seed's number of steps. */
    public static final int STEPS = 5000;

    private SeedGuideTraining() {
    }

    /**
     * Trains the seed guide on the seed's data.
     *
     * @param steps how many SVI steps
     * @param seed the seed of the guide's random draws
     * @param listener told of each step (a progress bar)
     */
    public static SviFit run(int steps, long seed, TrainingListener listener) {
        var model = new EightSchoolsProgram(new EightSchools(EightSchools.SIGMA), EightSchools.Y);
        var guide = new SeedGuideProgram(new SeedGuide(EightSchools.Y.numElements()), model);
        return SviFit.train(model, guide, Adam.withLearningRate(LEARNING_RATE), steps, seed, listener);
    }
}
