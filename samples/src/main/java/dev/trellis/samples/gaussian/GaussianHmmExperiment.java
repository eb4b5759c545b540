package dev.trellis.samples.gaussian;

import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.svi.SviFit;
import java.util.Map;

/**
 * The {@code hmm-gaussian} sample end to end: simulate a series from true tables, fit a {@link GaussianHmm} to it by
 * MAP from random starts, then decode the series at the fit (the MAP path and the state marginals) and compare with the
 * true states, the fitted states put in the true labels by {@link StateMatching}.
 *
 * @param truth the true tables, states and series
 * @param fit the fit with the lowest final loss among the restarts (its tables in the fit's own labels)
 * @param restart which restart that was, from 0
 * @param matching the fitted states' true labels
 * @param fittedParams the fitted tables in the true labels
 * @param mapPath the MAP state path at the fitted tables (Viterbi), in the true labels
 * @param mapLogJoint log p(series, MAP path) at the fitted tables
 * @param marginals {@code [t][k]} = P(state at t = k | series) at the fitted tables, k a true label
 * @param trueTablesMapPath the MAP path at the true tables: what decoding could reach knowing them
 * @param logLikelihoodTrue log p(series) at the true tables
 * @param logLikelihoodFitted log p(series) at the fitted tables
 */
public record GaussianHmmExperiment(GaussianTruth truth, GaussianHmmFit fit, int restart, StateMatching matching,
                                    Map<String, Tensor> fittedParams, int[] mapPath, double mapLogJoint,
                                    double[][] marginals, int[] trueTablesMapPath, double logLikelihoodTrue,
                                    double logLikelihoodFitted) {

    /**
     * Runs the sample.
     *
     * @param states K, the number of hidden states (of the truth and of the fit)
     * @param steps T, the length of the series
     * @param seed seeds the truth, the series and the first random start (restart r starts from seed + r)
     * @param sviSteps SVI steps per restart
     * @param lr Adam's learning rate
     * @param restarts how many random starts to fit from, keeping the fit of lowest final loss
     * @param listener told of each SVI step, numbered over all restarts
     */
    public static GaussianHmmExperiment run(int states, int steps, long seed, int sviSteps, double lr, int restarts,
            TrainingListener listener) {
        if (restarts < 1) {
            throw new IllegalArgumentException("there must be at least one start, got " + restarts);
        }
        GaussianTruth truth = GaussianTruth.simulate(states, steps, seed);
        GaussianHmmFit best = null;
        int bestRestart = -1;
        for (int r = 0; r < restarts; r++) {
            int done = r * sviSteps;
            GaussianHmmFit fit = GaussianHmmFit.run(truth.series(), states, sviSteps, lr, seed + r,
                    SviFit.after(done, listener));
            if (best == null || finalLoss(fit) < finalLoss(best)) {
                best = fit;
                bestRestart = r;
            }
        }
        GaussianHmm model = new GaussianHmm(states);
        double[] series = truth.series();
        StateMatching matching = StateMatching.byMeans(best.params().get("locs").toArray(),
                truth.params().get("locs").toArray());
        GaussianHmmInference fitted = new GaussianHmmInference(model, best.params());
        GaussianHmmInference.MapAssignment map = fitted.viterbi(series);
        GaussianHmmInference atTruth = new GaussianHmmInference(model, truth.params());
        return new GaussianHmmExperiment(truth, best, bestRestart, matching, matching.relabel(best.params()),
                matching.relabel(map.x()), map.logJoint(), matching.relabel(fitted.marginals(series).x()),
                atTruth.viterbi(series).x(), atTruth.logLikelihood(series), fitted.logLikelihood(series));
    }

    /** The last loss is of the tables before the last update: close enough to rank restarts. */
    private static double finalLoss(GaussianHmmFit fit) {
        return fit.losses()[fit.losses().length - 1];
    }

    /** {@return the fraction of steps where the MAP path at the fitted tables is the true state} */
    public double mapAccuracy() {
        return StateMatching.accuracy(mapPath, truth.states());
    }

    /** {@return the fraction of steps where the most probable state under the marginals is the true state} */
    public double marginalAccuracy() {
        return StateMatching.accuracy(StateMatching.argmax(marginals), truth.states());
    }

    /** {@return the accuracy of the MAP path at the true tables: the reference the fit is measured against} */
    public double trueTablesMapAccuracy() {
        return StateMatching.accuracy(trueTablesMapPath, truth.states());
    }

    /** {@return the posterior probability of the true state, averaged over the steps} */
    public double meanProbabilityOfTrueState() {
        double sum = 0;
        for (int t = 0; t < marginals.length; t++) {
            sum += marginals[t][truth.states()[t]];
        }
        return sum / marginals.length;
    }
}
