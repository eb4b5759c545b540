package dev.trellis.runtime.train;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceGraphElbo;
import dev.trellis.runtime.tensor.Tensor;

/** Small programs to train in the trainer's tests. */
final class TrainingModels {
    static final Tensor DATA = Tensor.vector(0.3, -1.2, 2.0, 0.7, 1.1, -0.4);

    private TrainingModels() {}

    /**
     * A model with a reparameterised latent (mu) and a discrete one (z, drawn with the score-function estimator), so
     * that a step uses the random stream in both ways.
     */
    static final Program MODEL = context -> {
        Tensor z = context.sample("z", Bernoulli.of(0.3));
        Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
        context.observe("x", Normal.of(mu.add(z.mul(0.5)), Tensor.scalar(1.0)).expand(DATA.size(0)), DATA,
                Plate.full("data", DATA.size(0), -1));
    };

    /** The model without z: a MAP fit of mu has an exact, smooth loss. */
    static final Program MODEL_CONTINUOUS = context -> {
        Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
        context.observe("x", Normal.of(mu, Tensor.scalar(1.0)).expand(DATA.size(0)), DATA,
                Plate.full("data", DATA.size(0), -1));
    };

    static final Program GUIDE = context -> {
        context.sample("z", Bernoulli.ofLogits(context.param("z_logit", Tensor.scalar(0.0))));
        Tensor loc = context.param("loc", Tensor.scalar(0.0));
        Tensor scale = context.param("scale", Tensor.scalar(1.0), new Constraint.Positive());
        context.sample("mu", Normal.of(loc, scale));
    };

    /**
     * A fresh training of {@link #MODEL}: ClippedAdam with learning-rate decay (state beyond the moments) and
     * TraceGraph_ELBO with a decaying-average baseline (state kept in the parameter store).
     */
    static Svi svi(ParamStore store) {
        return new Svi(MODEL, GUIDE, new ClippedAdam(0.05, 0.9, 0.999, 1e-8, 0.0, 10.0, 0.999),
                new TraceGraphElbo().withDecayingAverageBaselines(), store);
    }
}
