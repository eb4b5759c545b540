package dev.trellis.samples.jsb;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.errors.NonFiniteValueException;
import dev.trellis.runtime.errors.TrainingStoppedException;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.optim.Optimizer;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.transforms.ConstraintTransforms;
import dev.trellis.runtime.transforms.Transform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MAP Baum-Welch as hmm.py trains it, on the reference models: full-batch SVI with an {@code AutoDelta} guide over the
 * {@code probs_*} sites, {@code TraceEnum_ELBO} and {@code pyro.optim.Adam}. With the hidden states summed out and a
 * point-mass guide ({@code log q = 0}) the ELBO is exact, so each step is plain gradient descent on
 * {@code loss = -(log p(y | probs) + log prior(probs))} in AutoDelta's unconstrained coordinates.
 *
 * <p>Those coordinates are torch's {@code transform_to(support)}, not {@code biject_to}: a simplex row is
 * {@code softmax(u)} with one free {@code u} per entry (initialised to {@code log p}, over-parameterised), an
 * emission probability is {@code sigmoid(u)} (clamped as torch does). Adam updates {@code u}, one state per tensor.
 * Through the softmax, torch's renormalisation of Categorical probabilities changes no gradient.
 *
 * <p>Not thread-safe: a trainer holds the optimizer's state and the current values.
 */
public final class MapBaumWelch implements JsbTraining {
    private final JsbModel model;
    private final JsbSplit data;
    private final Map<String, Transform> transforms = new LinkedHashMap<>();
    private final Optimizer optimizer;
    private Map<String, Tensor> unconstrained = new LinkedHashMap<>();
    private int stepsTaken;

    /**
     * Starts from the given parameters, as AutoDelta does with an {@code init_loc_fn} returning them.
     *
     * @param model the model to train (hmm2 trains without a prior)
     * @param data the sequences of every step (no subsampling)
     * @param initialParams one constrained table per {@link JsbModel#parameters parameter}
     * @param learningRate Adam's learning rate, hmm.py's {@code -lr} (default 0.05)
     * @throws IllegalArgumentException as {@link JsbModel#negLogLikelihood} for a bad table, or for a bad rate
     */
    public MapBaumWelch(JsbModel model, JsbSplit data, Map<String, Tensor> initialParams, double learningRate) {
        JsbParameterChecks.require(model, initialParams, data.numTones());
        this.model = model;
        this.data = data;
        this.optimizer = Adam.withLearningRate(learningRate);
        for (JsbModel.Parameter parameter : model.parameters(data.numTones())) {
            Transform transform = ConstraintTransforms.transformTo(parameter.constraint());
            transforms.put(parameter.name(), transform);
            unconstrained.put(parameter.name(), transform.inverse(initialParams.get(parameter.name()).detach()));
        }
    }

    /** {@return the current unconstrained values {@code u}, by name} */
    public Map<String, Tensor> unconstrained() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(unconstrained));
    }

    /** {@return the current constrained tables {@code transform_to(support)(u)}, by name} */
    @Override
    public Map<String, Tensor> params() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        unconstrained.forEach((name, u) -> params.put(name, transforms.get(name).forward(u)));
        return params;
    }

    /**
     * Computes the loss at the current values and its gradient with respect to {@code u}, without stepping.
     *
     * @return the loss and the gradient of every unconstrained value
     */
    public Evaluation evaluate() {
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        Map<String, Tensor> params = new LinkedHashMap<>();
        unconstrained.forEach((name, u) -> {
            Tensor leaf = Tensor.variable(u);
            leaves.put(name, leaf);
            params.put(name, transforms.get(name).forward(leaf));
        });
        Tensor loss = model.loss(params, data, model.hasPrior());
        Gradients gradients = Autodiff.gradients(loss);
        Map<String, Tensor> byName = new LinkedHashMap<>();
        leaves.forEach((name, leaf) -> byName.put(name, gradients.of(leaf)));
        return new Evaluation(loss.item(), Collections.unmodifiableMap(byName));
    }

    /**
     * Takes one step, as {@code svi.step}: evaluates the loss at the current values, then lets Adam update them. A
     * step is all or nothing, as the runtime's {@code Svi}: a non-finite loss, gradient or updated value stops
     * training and leaves the values as they were before the step.
     *
     * @return the loss <em>before</em> the update, as {@code svi.step} returns it
     * @throws TrainingStoppedException naming the step, and the parameter and index if a gradient or an updated value
     *     is not finite; the values are then unchanged
     */
    @Override
    public double step() {
        int step = stepsTaken + 1;
        Evaluation evaluation = evaluate();
        if (!Double.isFinite(evaluation.loss())) {
            // MAP's objective is unbounded here: a simplex entry at exactly 0 makes a Dirichlet(0.1) prior +infinity.
            throw new TrainingStoppedException(step, "the loss is " + evaluation.loss() + " (" + model.id()
                    + "); the parameters were left as they were before this step", null, null);
        }
        try {
            unconstrained = new LinkedHashMap<>(optimizer.step(unconstrained, evaluation.gradients()));
        } catch (NonFiniteValueException e) {
            throw new TrainingStoppedException(step, e.getMessage(), e.parameter(), e);
        }
        stepsTaken = step;
        return evaluation.loss();
    }

    /**
     * The loss at one point and its gradient in the unconstrained coordinates.
     *
     * @param loss {@code -(log p(y | probs) + log prior(probs))}
     * @param gradients {@code d loss / d u} by parameter name
     */
    public record Evaluation(double loss, Map<String, Tensor> gradients) {}
}
