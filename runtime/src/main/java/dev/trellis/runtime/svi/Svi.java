package dev.trellis.runtime.svi;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.errors.NonFiniteValueException;
import dev.trellis.runtime.errors.TrainingStoppedException;
import dev.trellis.runtime.optim.Optimizer;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic variational inference, as Pyro's {@code SVI}: each {@link #step(Rng)} estimates the loss and its
 * gradient with the guide, and lets the optimizer update every parameter the step read, in unconstrained space.
 *
 * <p>A step is all or nothing. If the loss, a gradient or an updated value is not finite, it throws
 * {@link TrainingStoppedException} naming the step and the parameter (or the site whose log-probability was not
 * finite), and the store keeps the values from before that step. (A parameter first read in the failing step stays
 * defined at its initial value, as {@code pyro.param} defines it on first use.)
 *
 * <p>{@code dev.trellis.runtime.train.Trainer} runs the loop around it: listeners, early stopping, checkpoints and
 * resumption.
 *
 * <p>Not thread-safe: one thread steps it (its optimizer's state and its step count change with every step). Other
 * threads may read the {@link ParamStore} meanwhile; they see the values of some completed step.
 */
public final class Svi {

    private final Program model;
    private final Program guide;
    private final Optimizer optimizer;
    private final Elbo loss;
    private final ParamStore store;
    private int stepsTaken;

    /**
     * Trains {@code guide} against {@code model}.
     *
     * @param model the model program
     * @param guide the guide program
     * @param optimizer updates the parameters each step read, in unconstrained space
     * @param loss the ELBO estimator, e.g. {@code new TraceElbo()}
     * @param store where the parameters (and the estimator's state) live
     */
    public Svi(Program model, Program guide, Optimizer optimizer, Elbo loss, ParamStore store) {
        this(model, guide, optimizer, loss, store, 0);
    }

    private Svi(Program model, Program guide, Optimizer optimizer, Elbo loss, ParamStore store, int stepsTaken) {
        if (stepsTaken < 0) {
            throw new IllegalArgumentException("steps taken must be non-negative, got " + stepsTaken);
        }
        this.model = model;
        this.guide = guide;
        this.optimizer = optimizer;
        this.loss = loss;
        this.store = store;
        this.stepsTaken = stepsTaken;
    }

    /**
     * The same training with other programs (e.g. the model and guide bound to the next mini-batch, as Pyro's
     * {@code svi.step(batch)}): it shares this one's optimizer, estimator and store and continues its step count.
     */
    public Svi withPrograms(Program model, Program guide) {
        return new Svi(model, guide, optimizer, loss, store, stepsTaken);
    }

    /**
     * The same training counting its steps from {@code stepsTaken} (a run resumed from a checkpoint), so that errors
     * name the right step.
     *
     * @throws IllegalArgumentException if {@code stepsTaken} is negative
     */
    public Svi continuingFrom(int stepsTaken) {
        return new Svi(model, guide, optimizer, loss, store, stepsTaken);
    }

    /** {@return the optimizer, whose state a checkpoint saves} */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** {@return the parameter store the steps update} */
    public ParamStore store() {
        return store;
    }

    /**
     * Takes one step.
     *
     * @param rng the random stream for the guide's draws
     * @return the loss estimated before this step's update, as Pyro's {@code svi.step} returns it
     * @throws TrainingStoppedException if anything in the step is not finite; the store is then unchanged
     */
    public double step(Rng rng) {
        int step = stepsTaken + 1;
        ParamScope scope = new ParamScope(store);
        ElboEstimate estimate = loss.estimate(model, guide, scope, rng);
        if (!Double.isFinite(estimate.loss())) {
            throw new TrainingStoppedException(step, "the loss is " + estimate.loss() + " (non-finite "
                    + "log-probability at " + String.join(", ", estimate.nonFiniteSites())
                    + "); the parameters were left as they were before this step", null, null);
        }
        Gradients gradients = Autodiff.gradients(estimate.surrogateLoss());
        Map<String, Tensor> values = new LinkedHashMap<>();
        Map<String, Tensor> grads = new LinkedHashMap<>();
        scope.leaves().forEach((name, leaf) -> {
            values.put(name, store.unconstrained(name));
            grads.put(name, gradients.of(leaf));
        });
        Map<String, Tensor> updated;
        try {
            updated = optimizer.step(values, grads);
        } catch (NonFiniteValueException e) {
            throw new TrainingStoppedException(step, e.getMessage(), e.parameter(), e);
        }
        // the estimator's state (baselines) goes in with the parameters; state seen for the first time is defined
        Map<String, Tensor> installed = new LinkedHashMap<>(updated);
        estimate.stateUpdates().forEach((name, value) -> {
            if (store.contains(name)) {
                installed.put(name, value);
            }
        });
        store.update(installed);
        estimate.stateUpdates().forEach((name, value) -> store.define(name, value.detach(), new Constraint.Real()));
        stepsTaken = step;
        return estimate.loss();
    }

    /**
     * Estimates the loss without updating anything (as {@code svi.evaluate_loss}).
     *
     * @param rng the random stream for the guide's draws
     */
    public double evaluateLoss(Rng rng) {
        return loss.estimate(model, guide, new ParamScope(store), rng).loss();
    }

    /** {@return how many steps have completed} */
    public int stepsTaken() {
        return stepsTaken;
    }
}
