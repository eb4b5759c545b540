package dev.trellis.runtime.train;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a run's progress through SLF4J at INFO, every {@code every} steps and at the last one: the step, its loss and
 * the mean loss since the last message (the loss of one step is a noisy estimate; the mean shows the trend). The
 * logger is {@code dev.trellis.runtime.train.TrainingLog} unless one is given; nothing is printed unless the
 * application binds an SLF4J provider.
 *
 * <p>Not thread-safe: it belongs to one trainer.
 */
public final class TrainingLog implements TrainingListener {

    private final int every;
    private final Logger logger;
    private int steps;
    private double sinceLast;
    private int countSinceLast;

    private TrainingLog(int every, Logger logger) {
        if (every < 1) {
            throw new IllegalArgumentException("a training log needs a period of at least 1 step, got " + every);
        }
        this.every = every;
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /** {@return a log every {@code every} steps to this class's logger} */
    public static TrainingLog every(int every) {
        return new TrainingLog(every, LoggerFactory.getLogger(TrainingLog.class));
    }

    /** {@return a log every {@code every} steps to {@code logger}} */
    public static TrainingLog every(int every, Logger logger) {
        return new TrainingLog(every, logger);
    }

    @Override
    public void onStart(int stepsDone, int steps) {
        this.steps = steps;
        sinceLast = 0;
        countSinceLast = 0;
    }

    @Override
    public void afterStep(int step, double loss) {
        sinceLast += loss;
        countSinceLast++;
        if (step % every == 0 || step == steps) {
            if (logger.isInfoEnabled()) {
                logger.info("step {}/{}: loss {}, mean of the last {} steps {}", step, steps, loss, countSinceLast,
                        sinceLast / countSinceLast);
            }
            sinceLast = 0;
            countSinceLast = 0;
        }
    }
}
