package dev.trellis.samples.schools;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.autoguide.AutoNormal;
import dev.trellis.runtime.svi.autoguide.PosteriorSamples;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.svi.SviFit;

/**
 * The eight schools fitted with an {@link AutoNormal} guide: the non-centred model ({@link EightSchoolsNonCentred}),
 * whose posterior an independent normal per unconstrained latent (mu0, log tau, each eta) can follow, trained with
 * the seed's optimizer (Adam 0.03, {@code Trace_ELBO}), then summarised by posterior draws from the guide.
 *
 * <p>Means and standard deviations are estimated from {@link #POSTERIOR_DRAWS} guide draws: theta = mu0 + tau * eta
 * is computed per draw, so its moments include the guide's spread of tau (the guide's own parameters describe only
 * mu0, log tau and eta).
 *
 * @param losses the loss of every step
 * @param mu0 the posterior mean and sd of mu0
 * @param tau the posterior mean and sd of tau
 * @param theta the posterior mean and sd of each school's effect
 */
public record AutoNormalFit(double[] losses, Moments mu0, Moments tau, Moments theta) {

    /** How many guide draws the moments are estimated from. */
    public static final int POSTERIOR_DRAWS = 10_000;

    /**
     * Sample moments of a site's draws.
     *
     * @param mean the sample mean, one entry per element of the site
     * @param sd the sample standard deviation (n - 1 divisor), one entry per element
     */
    public record Moments(double[] mean, double[] sd) {}

    /**
     * Trains the guide and summarises it.
     *
     * @param steps SVI steps
     * @param seed seeds the training draws; the posterior draws use a stream split off it
     * @param listener told of each step (a progress bar)
     */
    public static AutoNormalFit fit(int steps, long seed, TrainingListener listener) {
        var model = new EightSchoolsNonCentredProgram(new EightSchoolsNonCentred(EightSchools.SIGMA), EightSchools.Y);
        var guide = new AutoNormal(model);
        SviFit result = SviFit.train(model, guide, Adam.withLearningRate(SeedGuideTraining.LEARNING_RATE), steps, seed,
                listener);
        Rng draws = Rng.seeded(seed).split();
        PosteriorSamples samples = PosteriorSamples.draw(guide, result.store(), POSTERIOR_DRAWS, draws);
        Tensor mu0 = samples.samples("mu0");
        Tensor tau = samples.samples("tau");
        Tensor theta = EightSchoolsNonCentred.theta(mu0.unsqueeze(1), tau.unsqueeze(1), samples.samples("eta"));
        return new AutoNormalFit(result.losses(), moments(mu0.unsqueeze(1)), moments(tau.unsqueeze(1)),
                moments(theta));
    }

    /** Column moments of {@code draws} [n, k]. */
    private static Moments moments(Tensor draws) {
        int n = draws.size(0);
        Tensor mean = draws.mean(0, false);
        Tensor sd = draws.sub(mean).square().sum(0, false).div(n - 1).sqrt();
        return new Moments(mean.toArray(), sd.toArray());
    }
}
