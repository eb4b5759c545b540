package dev.trellis.samples.dmmjsb;

import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Trains Pyro's examples/dmm.py on the JSB chorales as its {@code main} does: each epoch shuffles the training
 * chorales and takes one SVI step (Trace_ELBO, one particle, ClippedAdam) per mini-batch of 20, the z sites annealed
 * from 0.2 up to 1 over the first 1000 epochs; every 50 epochs (after the first) and at the end, the test negative
 * log-likelihood per time step is the one-particle -ELBO of the whole test split, at annealing 1, over its number of
 * time steps. Each mini-batch is bound as its chorales, each at its own length (no padding, no sorting: the generated
 * program batches each step over the chorales and masks those that have ended, which is what dmm.py's padded, sorted,
 * packed batches compute).
 */
public final class JsbDmmTraining {

    /**
     * dmm.py's command-line settings.
     *
     * @param epochs passes over the training chorales ({@code --num-epochs}, 5000)
     * @param maxSteps stop after this many mini-batch steps in all (0 for no limit), for short runs
     * @param batchSize chorales per step ({@code --mini-batch-size}, 20)
     * @param lr {@code --learning-rate} (0.0003)
     * @param beta1 {@code --beta1} (0.96)
     * @param beta2 {@code --beta2} (0.999)
     * @param clipNorm {@code --clip-norm} (10)
     * @param lrDecay {@code --lr-decay} (0.99996)
     * @param weightDecay {@code --weight-decay} (2.0)
     * @param annealingEpochs {@code --annealing-epochs} (1000)
     * @param minimumAnnealingFactor {@code --minimum-annealing-factor} (0.2)
     * @param evaluateEvery evaluate the test split every this many epochs, after the first (dmm.py's 50; 0 for only
     *     at the end)
     */
    public record Settings(int epochs, int maxSteps, int batchSize, double lr, double beta1, double beta2,
                           double clipNorm, double lrDecay, double weightDecay, int annealingEpochs,
                           double minimumAnnealingFactor, int evaluateEvery) {

        /** dmm.py's defaults. */
        public static Settings dmmPy() {
            return new Settings(5000, 0, 20, 0.0003, 0.96, 0.999, 10.0, 0.99996, 2.0, 1000, 0.2, 50);
        }

        /**
         * dmm.py's KL annealing factor for mini-batch {@code which} (0-based) of epoch {@code epoch}: rising linearly
         * from the minimum to 1 over the annealing epochs, then 1.
         */
        public double annealingFactor(int epoch, int which, int batchesPerEpoch) {
            if (annealingEpochs <= 0 || epoch >= annealingEpochs) {
                return 1.0;
            }
            return minimumAnnealingFactor + (1.0 - minimumAnnealingFactor)
                    * ((double) (which + epoch * batchesPerEpoch + 1) / ((double) annealingEpochs * batchesPerEpoch));
        }

        ClippedAdam optimizer() {
            return new ClippedAdam(lr, beta1, beta2, 1e-8, weightDecay, clipNorm, lrDecay);
        }
    }

    /** One evaluation of the test split, after epoch {@code epoch} (0-based). */
    public record Evaluation(int epoch, double testNllPerTimeStep) {}

    /**
     * What training left.
     *
     * @param losses each step's loss (the -ELBO estimate of its mini-batch, before its update)
     * @param annealing each step's annealing factor
     * @param trainLossPerTimeStep per epoch, the sum of its steps' losses over the time steps of the chorales they
     *     used (dmm.py's {@code epoch_nll / N_train_time_slices} for a whole epoch)
     * @param evaluations the test evaluations, the last one after training
     */
    public record Result(JsbDmmNetworks networks, ParamStore store, double[] losses, double[] annealing,
                         double[] trainLossPerTimeStep, List<Evaluation> evaluations) {

        /** {@return the test negative log-likelihood per time step after training} */
        public double finalTestNll() {
            return evaluations.get(evaluations.size() - 1).testNllPerTimeStep();
        }
    }

    private JsbDmmTraining() {
    }

    /**
     * Trains from torch's default initialisation drawn from {@code rng} (which then shuffles and draws the guide's
     * samples).
     *
     * @param afterStep told the number of steps completed after each step
     * @throws dev.trellis.runtime.errors.TrainingStoppedException if a step meets a non-finite value
     */
    public static Result train(JsbPianoRolls data, Settings settings, Rng rng, IntConsumer afterStep) {
        List<Tensor> train = data.split("train");
        int batches = (train.size() + settings.batchSize() - 1) / settings.batchSize();
        int total = totalSteps(train.size(), settings);
        JsbDmmNetworks networks = new JsbDmmNetworks(rng);
        ParamStore store = new ParamStore();
        ClippedAdam optimizer = settings.optimizer();
        double[] losses = new double[total];
        double[] annealing = new double[total];
        List<Double> perEpoch = new ArrayList<>();
        List<Evaluation> evaluations = new ArrayList<>();
        int step = 0;
        for (int epoch = 0; epoch < settings.epochs() && step < total; epoch++) {
            int[] order = shuffled(train.size(), rng);
            double epochLoss = 0;
            int epochTimeSteps = 0;
            for (int which = 0; which < batches && step < total; which++) {
                List<Tensor> batch = new ArrayList<>();
                for (int i = which * settings.batchSize(); i < Math.min((which + 1) * settings.batchSize(),
                        train.size()); i++) {
                    batch.add(train.get(order[i]));
                    epochTimeSteps += train.get(order[i]).size(0);
                }
                annealing[step] = settings.annealingFactor(epoch, which, batches);
                JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), batch);
                model.setScale("annealing", annealing[step]);
                var guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
                losses[step] = new Svi(model, guide, optimizer, new TraceElbo(), store).step(rng);
                epochLoss += losses[step];
                step++;
                afterStep.accept(step);
            }
            perEpoch.add(epochLoss / epochTimeSteps);
            if (settings.evaluateEvery() > 0 && epoch > 0 && epoch % settings.evaluateEvery() == 0
                    && step < total) {
                evaluations.add(new Evaluation(epoch, testNll(data, networks, store, rng)));
            }
        }
        evaluations.add(new Evaluation(perEpoch.size() - 1, testNll(data, networks, store, rng)));
        return new Result(networks, store, losses, annealing,
                perEpoch.stream().mapToDouble(Double::doubleValue).toArray(), evaluations);
    }

    /** {@return the number of mini-batch steps {@code settings} asks for on {@code chorales} training chorales} */
    public static int totalSteps(int chorales, Settings settings) {
        long all = (long) settings.epochs() * ((chorales + settings.batchSize() - 1) / settings.batchSize());
        return (int) (settings.maxSteps() > 0 ? Math.min(all, settings.maxSteps()) : Math.min(all, Integer.MAX_VALUE));
    }

    /**
     * dmm.py's {@code do_evaluation}: the one-particle -ELBO of the whole test split as one batch, at annealing 1, over
     * its number of time steps.
     */
    public static double testNll(JsbPianoRolls data, JsbDmmNetworks networks, ParamStore store, Rng rng) {
        JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), data.split("test"));
        var guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
        double loss = new Svi(model, guide, Settings.dmmPy().optimizer(), new TraceElbo(), store).evaluateLoss(rng);
        return loss / data.steps("test");
    }

    /** {@code torch.randperm}'s role: a uniformly random order of the training chorales (Fisher–Yates). */
    private static int[] shuffled(int size, Rng rng) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
