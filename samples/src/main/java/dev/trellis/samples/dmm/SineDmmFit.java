package dev.trellis.samples.dmm;

import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.svi.autoguide.PosteriorSamples;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.Trainer;
import dev.trellis.runtime.train.TrainingListener;
import java.util.Arrays;

/**
 * Trains the seed tutorial's DMM on one series as the tutorial does (and as {@code svi_reference} of
 * {@code shared/golden/dmm_seed.json} records Pyro doing it): the generated {@link DmmProgram} and
 * {@link DmmGuideProgram}, torch's default initialisation, ClippedAdam (lr 0.003, betas 0.96 / 0.999, clip 10),
 * one-particle Trace_ELBO; then summarises the guide's posterior of the latent path.
 *
 * @param networks the trained networks
 * @param store the trained parameters ({@code dmm$$$...} and {@code obs_scale}), unconstrained
 * @param losses the loss each step returned (-ELBO before its update)
 * @param posteriorMean the mean of the guide's joint draws of z, {@code [T, z_dim]}
 * @param emittedMean the emitter's location at that mean path, {@code [T, x_dim]}: the guide's denoised series
 */
public record SineDmmFit(DmmNetworks networks, ParamStore store, double[] losses, Tensor posteriorMean,
                         Tensor emittedMean) {

    /** The tutorial's network sizes: z 2, hidden 16, RNN 16 (x is one-dimensional). */
    public static final int Z_DIM = 2;
    public static final int HIDDEN_DIM = 16;
    public static final int RNN_DIM = 16;

    /** The seed tutorial's ClippedAdam: lr 0.003, betas 0.96 / 0.999, clip 10, no decay. */
    public static ClippedAdam optimizer() {
        return new ClippedAdam(0.003, 0.96, 0.999, 1e-8, 0.0, 10.0, 1.0);
    }

    /**
     * Trains from torch's default initialisation drawn from {@code rng}, which then draws the guide's samples.
     *
     * @param x the observations {@code [T, 1]}
     * @param steps SVI steps, at least 1
     * @param annealing the KL annealing factor of the z sites (1 for none)
     * @param draws how many joint guide draws the posterior mean averages, at least 1
     * @param listener told of each step (a progress bar)
     * @throws dev.trellis.runtime.errors.TrainingStoppedException if a step meets a non-finite value
     */
    public static SineDmmFit train(Tensor x, int steps, double annealing, int draws, Rng rng,
            TrainingListener listener) {
        if (steps < 1 || draws < 1) {
            throw new IllegalArgumentException("steps and draws must be at least 1, got " + steps + " and " + draws);
        }
        DmmNetworks networks = new DmmNetworks(x.size(1), Z_DIM, HIDDEN_DIM, RNN_DIM, rng);
        DmmProgram model = new DmmProgram(new Dmm(networks), x);
        DmmGuideProgram guide = new DmmGuideProgram(new DmmGuide(networks), model);
        model.setScale("annealing", annealing);
        ParamStore store = new ParamStore();
        double[] losses = Trainer.of(new Svi(model, guide, optimizer(), new TraceElbo(), store)).steps(steps).rng(rng)
                .listener(listener).run().losses();
        Tensor mean = posteriorMean(guide, store, x.size(0), draws, rng);
        Tensor emitted = networks.emitter().forward(mean).detach();
        return new SineDmmFit(networks, store, losses, mean, emitted);
    }

    /** The mean of {@code draws} joint draws of z_1..z_T from the guide, {@code [T, z_dim]}. */
    static Tensor posteriorMean(DmmGuideProgram guide, ParamStore store, int length, int draws, Rng rng) {
        PosteriorSamples samples = PosteriorSamples.draw(guide, store, draws, rng);
        Tensor[] steps = new Tensor[length];
        for (int t = 1; t <= length; t++) {
            steps[t - 1] = samples.mean("z_" + t);
        }
        return Tensor.stack(0, steps);
    }

    /** {@return the mean of the last {@code count} losses (of all of them if there are fewer)} */
    public double meanOfLastLosses(int count) {
        return Arrays.stream(losses, Math.max(0, losses.length - count), losses.length).average().orElseThrow();
    }

    /** {@return obs_scale as trained, constrained} */
    public double obsScale() {
        return Math.exp(store.unconstrained("obs_scale").item());
    }
}
