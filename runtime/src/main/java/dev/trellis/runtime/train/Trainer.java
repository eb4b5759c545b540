package dev.trellis.runtime.train;

import dev.trellis.runtime.errors.TrainingStoppedException;
import dev.trellis.runtime.optim.Optimizer;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.params.ParamStoreFile;
import dev.trellis.runtime.params.TrainingState;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Elbo;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Svi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop around {@link Svi}: a number of steps, listeners told of each one (a progress bar, a
 * {@link TrainingLog}), early stopping by a {@link StoppingRule} (e.g. a {@link LossPlateau}), checkpoints every N
 * steps, and resumption from a checkpoint that continues exactly as the uninterrupted run would have.
 *
 * <pre>{@code
 * var svi = new Svi(model, guide, Adam.withLearningRate(0.01), new TraceElbo(), store);
 * TrainingResult result = Trainer.of(svi)
 *         .steps(5000)
 *         .rng(Rng.seeded(0))
 *         .listener(TrainingLog.every(500))
 *         .stopWhen(new LossPlateau(200, 1e-4))
 *         .checkpointEvery(1000, Path.of("run.ckpt.json"))
 *         .run();
 * Map<String, Tensor> learned = store.constrainedValues();
 * }</pre>
 *
 * <p>A checkpoint is a {@link ParamStoreFile} written atomically: the parameters, and the {@link TrainingState} — the
 * steps done, the optimizer's state, the position of the random stream and every loss so far. {@link #resumeFrom}
 * restores all four into a trainer built as the first one was (same programs, optimizer settings and estimator),
 * so that the steps after it are bit for bit those of a run that never stopped. A checkpoint is written after every
 * {@code N}th step and when {@link #run()} ends normally.
 *
 * <p>Logging goes through SLF4J (logger {@code dev.trellis.runtime.train.Trainer}): the start and the end of a run
 * (and why it stopped early) at INFO, each checkpoint at DEBUG. Nothing is printed unless the application binds an
 * SLF4J provider. Both messages come before the listeners' {@code onStart} and after their {@code onEnd}, so they do
 * not cut through a progress bar drawn between them.
 *
 * <p>Not thread-safe: configure and run it on one thread. Other threads may read the parameter store meanwhile.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** Gives the {@link Svi} of each step: the same one, or one bound to the step's programs. */
    private interface StepSource {
        Svi svi(int step, Rng rng);

        Svi current();

        void resumeAt(int stepsDone);
    }

    private final StepSource source;
    private final Optimizer optimizer;
    private final ParamStore store;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private int steps = -1;
    private Rng rng = Rng.seeded(0);
    private @Nullable StoppingRule stoppingRule;
    private @Nullable Path checkpointFile;
    private int checkpointEvery;
    private double[] losses = new double[16];
    private int stepsDone;

    private Trainer(StepSource source, Optimizer optimizer, ParamStore store) {
        this.source = source;
        this.optimizer = optimizer;
        this.store = store;
    }

    /**
     * A trainer that steps {@code svi}.
     *
     * @throws IllegalArgumentException if {@code svi} has already taken steps, whose losses the trainer would not
     *     know (resume from a checkpoint instead)
     */
    public static Trainer of(Svi svi) {
        if (svi.stepsTaken() > 0) {
            throw new IllegalArgumentException("the Svi has already taken " + svi.stepsTaken() + " steps whose losses "
                    + "the trainer does not know; start from a fresh Svi, or resume from a checkpoint");
        }
        StepSource source = new StepSource() {
            private Svi current = svi;

            @Override
            public Svi svi(int step, Rng rng) {
                return current;
            }

            @Override
            public Svi current() {
                return current;
            }

            @Override
            public void resumeAt(int stepsDone) {
                current = current.continuingFrom(stepsDone);
            }
        };
        return new Trainer(source, svi.optimizer(), svi.store());
    }

    /**
     * A trainer whose model and guide change from step to step: before step {@code k} it asks {@code schedule} for
     * the step's programs and runs one {@link Svi} step of them with the shared optimizer, estimator and store.
     */
    public static Trainer scheduled(ProgramSchedule schedule, Optimizer optimizer, Elbo loss, ParamStore store) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(loss, "loss");
        StepSource source = new StepSource() {
            private final Program nothing = context -> { };
            private Svi current = new Svi(nothing, nothing, optimizer, loss, store);

            @Override
            public Svi svi(int step, Rng rng) {
                ProgramSchedule.Programs programs = schedule.programs(step, rng);
                current = current.withPrograms(programs.model(), programs.guide());
                return current;
            }

            @Override
            public Svi current() {
                return current;
            }

            @Override
            public void resumeAt(int stepsDone) {
                current = current.continuingFrom(stepsDone);
            }
        };
        return new Trainer(source, optimizer, store);
    }

    /**
     * Sets the step to stop at, counting every step since the first (resumed ones included); {@link #run()} takes the
     * steps from the last completed one up to it.
     *
     * @throws IllegalArgumentException if negative
     */
    public Trainer steps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("the number of steps must not be negative, got " + steps);
        }
        this.steps = steps;
        return this;
    }

    /** Sets the random stream the steps draw from (default {@code Rng.seeded(0)}); the trainer advances it. */
    public Trainer rng(Rng rng) {
        this.rng = Objects.requireNonNull(rng, "rng");
        return this;
    }

    /** Adds a listener, told after those added before it. */
    public Trainer listener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Stops training when {@code rule} says so (early stopping). */
    public Trainer stopWhen(StoppingRule rule) {
        this.stoppingRule = Objects.requireNonNull(rule, "rule");
        return this;
    }

    /**
     * Writes a checkpoint to {@code file} after every {@code every}th step and when a run ends normally, each one
     * replacing the last atomically.
     *
     * @throws IllegalArgumentException if {@code every} is below 1
     */
    public Trainer checkpointEvery(int every, Path file) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoints must be at least 1 step apart, got " + every);
        }
        this.checkpointEvery = every;
        this.checkpointFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * Restores a checkpoint: the parameter store's whole content, the optimizer's state, the random stream (which
     * replaces the one set by {@link #rng}; set none after this) and the losses. Build the trainer as the one that
     * wrote it was built.
     *
     * @throws IOException naming the file if it cannot be read or is not a checkpoint
     * @throws IllegalArgumentException if the optimizer state is not this optimizer's
     */
    public Trainer resumeFrom(Path checkpoint) throws IOException {
        var params = ParamStoreFile.load(checkpoint);
        TrainingState state = ParamStoreFile.loadTrainingState(checkpoint);
        optimizer.restoreState(state.optimizer());
        store.restore(params);
        rng = Rng.fromState(state.rng());
        losses = Arrays.copyOf(state.losses(), Math.max(16, state.step()));
        stepsDone = state.step();
        source.resumeAt(stepsDone);
        LOG.info("resuming at step {} from {}", stepsDone, checkpoint);
        return this;
    }

    /**
     * Trains from the last completed step to {@link #steps(int)}, or until the stopping rule fires.
     *
     * @return every loss since the first step, and why training stopped early if it did
     * @throws IllegalStateException if no number of steps was set
     * @throws TrainingStoppedException if a step meets a non-finite value: the store holds the values of the last
     *     completed step, {@link #losses()} the losses up to it
     * @throws UncheckedIOException if a checkpoint cannot be written (the previous one is then intact)
     */
    public TrainingResult run() {
        if (steps < 0) {
            throw new IllegalStateException("set the number of steps before running");
        }
        LOG.info("training from step {} to step {}", stepsDone, steps);
        listeners.forEach(listener -> listener.onStart(stepsDone, steps));
        Optional<String> stop = stoppingRule == null || stepsDone == 0 ? Optional.empty()
                : stoppingRule.check(history());
        while (stop.isEmpty() && stepsDone < steps) {
            int step = stepsDone + 1;
            double loss = source.svi(step, rng).step(rng);
            record(loss);
            for (TrainingListener listener : listeners) {
                listener.afterStep(step, loss);
            }
            if (checkpointFile != null && step % checkpointEvery == 0) {
                writeCheckpoint();
            }
            if (stoppingRule != null) {
                stop = stoppingRule.check(history());
            }
        }
        if (checkpointFile != null && stepsDone % checkpointEvery != 0) {
            writeCheckpoint();
        }
        TrainingResult result = new TrainingResult(losses(), stop.orElse(null));
        listeners.forEach(listener -> listener.onEnd(result));
        if (stop.isPresent()) {
            LOG.info("stopped early after step {}: {}", stepsDone, stop.get());
        } else {
            LOG.info("trained {} steps; last loss {}", stepsDone, stepsDone == 0 ? "none" : losses[stepsDone - 1]);
        }
        return result;
    }

    /** {@return the random stream, as the completed steps left it} */
    public Rng rng() {
        return rng;
    }

    /** {@return the losses of every completed step, also after a run that failed} */
    public double[] losses() {
        return Arrays.copyOf(losses, stepsDone);
    }

    /** {@return the number of completed steps} */
    public int stepsDone() {
        return stepsDone;
    }

    /** {@return the {@link Svi} of the last step (or the first one before any)} */
    public Svi svi() {
        return source.current();
    }

    /** The state a checkpoint after the last completed step holds. */
    public TrainingState state() {
        return new TrainingState(stepsDone, optimizer.state(), rng.state(), losses());
    }

    private void writeCheckpoint() {
        try {
            ParamStoreFile.save(store, state(), checkpointFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint after step " + stepsDone + " to "
                    + checkpointFile + ": " + e.getMessage(), e);
        }
        LOG.debug("checkpoint after step {} written to {}", stepsDone, checkpointFile);
    }

    private void record(double loss) {
        if (stepsDone == losses.length) {
            losses = Arrays.copyOf(losses, 2 * losses.length);
        }
        losses[stepsDone++] = loss;
    }

    private LossHistory history() {
        return new LossHistory() {
            @Override
            public int size() {
                return stepsDone;
            }

            @Override
            public double get(int index) {
                Objects.checkIndex(index, stepsDone);
                return losses[index];
            }
        };
    }
}
