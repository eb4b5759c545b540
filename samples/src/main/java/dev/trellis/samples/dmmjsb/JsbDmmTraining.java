package dev.trellis.samples.dmmjsb;

import dev.trellis.runtime.optim.ClippedAdam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.ProgramSchedule;
import dev.trellis.runtime.train.Trainer;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.runtime.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains Pyro's examples/dmm.py on the JSB chorales as its {@code main} does: each epoch shuffles the training
 * chorales and takes one SVI step (Trace_ELBO, one particle, ClippedAdam) per mini-batch of 20, the z sites annealed
 * from 0.2 up to 1 over the first 1000 epochs; every 50 epochs (after the first) and at the end, the test negative
 * log-likelihood per time step is the one-particle -ELBO of the whole test split, at annealing 1, over its number of
 * time steps. Each mini-batch is bound as its chorales, each at its own length, longest first as dmm.py's {@code
 * get_mini_batch} sorts them (no padding: the generated program runs each step's networks on the chorales that have the
 * step, which is what dmm.py's padded, sorted, packed batches compute; in this order they are the batch's first rows, a
 * slice rather than a gather).
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
     * samples), through the runtime's {@link Trainer} with an {@link EpochSchedule}.
     *
     * @param listener told of each step (a progress bar)
     * @throws dev.trellis.runtime.errors.TrainingStoppedException if a step meets a non-finite value
     */
    public static Result train(JsbPianoRolls data, Settings settings, Rng rng, TrainingListener listener) {
        List<Tensor> train = data.split("train");
        int total = totalSteps(train.size(), settings);
        JsbDmmNetworks networks = new JsbDmmNetworks(rng);
        ParamStore store = new ParamStore();
        EpochSchedule schedule = new EpochSchedule(data, settings, networks, store);
        Trainer trainer = Trainer.scheduled(schedule, settings.optimizer(), new TraceElbo(), store).steps(total)
                .rng(rng).listener(schedule).listener(listener);
        double[] losses = trainer.run().losses();
        List<Double> perEpoch = schedule.lossPerTimeStep();
        List<Evaluation> evaluations = new ArrayList<>(schedule.evaluations());
        evaluations.add(new Evaluation(perEpoch.size() - 1, testNll(data, networks, store, trainer.rng())));
        return new Result(networks, store, losses, schedule.annealing(),
                perEpoch.stream().mapToDouble(Double::doubleValue).toArray(), evaluations);
    }

    /**
     * dmm.py's epochs as a {@link ProgramSchedule}: at the first step of an epoch, the evaluation the last epoch asked
     * for (if any), then the shuffled order of the training chorales, both drawn from the training stream in dmm.py's
     * order; each step binds its mini-batch and annealing factor. As a listener it adds each step's loss to its
     * epoch's.
     */
    private static final class EpochSchedule implements ProgramSchedule, TrainingListener {
        private final JsbPianoRolls data;
        private final List<Tensor> train;
        private final Settings settings;
        private final JsbDmmNetworks networks;
        private final ParamStore store;
        private final int batches;
        private final List<Double> annealing = new ArrayList<>();
        private final List<Double> perEpoch = new ArrayList<>();
        private final List<Evaluation> evaluations = new ArrayList<>();
        private int[] order = new int[0];
        private int epochTimeSteps;
        private int batchTimeSteps;
        private double epochLoss;

        EpochSchedule(JsbPianoRolls data, Settings settings, JsbDmmNetworks networks, ParamStore store) {
            this.data = data;
            this.train = data.split("train");
            this.settings = settings;
            this.networks = networks;
            this.store = store;
            this.batches = (train.size() + settings.batchSize() - 1) / settings.batchSize();
        }

        @Override
        public Programs programs(int step, Rng rng) {
            int epoch = (step - 1) / batches;
            int which = (step - 1) % batches;
            if (which == 0) {
                if (epoch > 0) {
                    endEpoch(epoch - 1, rng);
                }
                order = shuffled(train.size(), rng);
            }
            List<Tensor> batch = new ArrayList<>();
            batchTimeSteps = 0;
            for (int i = which * settings.batchSize(); i < Math.min((which + 1) * settings.batchSize(), train.size());
                    i++) {
                batch.add(train.get(order[i]));
                batchTimeSteps += train.get(order[i]).size(0);
            }
            double factor = settings.annealingFactor(epoch, which, batches);
            annealing.add(factor);
            JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), longestFirst(batch));
            model.setScale("annealing", factor);
            return new Programs(model, new JsbDmmGuideProgram(new JsbDmmGuide(networks), model));
        }

        @Override
        public void afterStep(int step, double loss) {
            epochLoss += loss;
            epochTimeSteps += batchTimeSteps;
        }

        @Override
        public void onEnd(TrainingResult result) {
            perEpoch.add(epochLoss / epochTimeSteps);   // the last epoch, whole or cut short by --steps
        }

        /** An epoch's loss per time step, and the test evaluation dmm.py makes after it (when more steps follow). */
        private void endEpoch(int epoch, Rng rng) {
            perEpoch.add(epochLoss / epochTimeSteps);
            epochLoss = 0;
            epochTimeSteps = 0;
            if (settings.evaluateEvery() > 0 && epoch > 0 && epoch % settings.evaluateEvery() == 0) {
                evaluations.add(new Evaluation(epoch, testNll(data, networks, store, rng)));
            }
        }

        List<Double> lossPerTimeStep() {
            return perEpoch;
        }

        List<Evaluation> evaluations() {
            return evaluations;
        }

        double[] annealing() {
            return annealing.stream().mapToDouble(Double::doubleValue).toArray();
        }
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
        JsbDmmProgram model = new JsbDmmProgram(new JsbDmm(networks), longestFirst(data.split("test")));
        var guide = new JsbDmmGuideProgram(new JsbDmmGuide(networks), model);
        double loss = new Svi(model, guide, Settings.dmmPy().optimizer(), new TraceElbo(), store).evaluateLoss(rng);
        return loss / data.steps("test");
    }

    /**
     * {@return the chorales by decreasing number of time steps, chorales of equal length in their given order}:
     * dmm.py's {@code get_mini_batch} order (it sorts by length for {@code pack_padded_sequence})
     */
    public static List<Tensor> longestFirst(List<Tensor> chorales) {
        List<Tensor> sorted = new ArrayList<>(chorales);
        sorted.sort(java.util.Comparator.comparingInt((Tensor chorale) -> chorale.size(0)).reversed());
        return sorted;
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
