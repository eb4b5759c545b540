package dev.trellis.samples.factorisation;

import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.svi.SviFit;
import java.util.Map;

/**
 * {@link MatrixFactorisation} fitted by SVI with {@link MeanFieldFactorsGuide} on the training entries of
 * {@link SyntheticRatings}, and judged on the held-out ones.
 *
 * <p>Predictions are posterior means: under the mean-field guide a user's and an item's vectors are independent, so
 * E[u . v] = E[u] . E[v], the dot product of the guide's means.
 *
 * @param predicted the posterior-mean rating of every entry, [users, items]
 * @param heldOutRmse the RMSE of {@code predicted} on the held-out entries, whose noise alone gives about sigma
 * @param trainingRmse the RMSE on the training entries
 * @param truthHeldOutRmse the RMSE on the held-out entries of the true factors' dot products: the noise floor
 * @param losses the loss of every step
 */
public record FactorisationFit(Tensor predicted, double heldOutRmse, double trainingRmse, double truthHeldOutRmse,
                               double[] losses) {

    /** The learning rate of the first step. */
    public static final double LEARNING_RATE = 0.05;
    /** The factor the learning rate falls by over the run, so that the final iterate settles. */
    public static final double LEARNING_RATE_DROP = 0.01;
    /** The default number of steps. */
    public static final int STEPS = 1500;

    /**
     * Fits the model to the training entries of {@code data}.
     *
     * @param steps SVI steps
     * @param seed seeds the guide's initial means and its draws
     * @param listener told of each step (a progress bar)
     */
    public static FactorisationFit fit(SyntheticRatings data, int steps, long seed, TrainingListener listener) {
        var model = new MatrixFactorisationProgram(new MatrixFactorisation(data.rank(), data.sigma(), data.train()),
                data.ratings());
        var guide = new MeanFieldFactorsGuideProgram(
                new MeanFieldFactorsGuide(data.users(), data.items(), data.rank(), seed), model);
        SviFit result = SviFit.train(model, guide, SviFit.decayingAdam(LEARNING_RATE, LEARNING_RATE_DROP, steps), steps,
                seed, listener);
        Map<String, Tensor> params = result.params();
        Tensor predicted = MatrixFactorisation.predictedRatings(params.get("user_loc"), params.get("item_loc"));
        Tensor truth = MatrixFactorisation.predictedRatings(data.userFactors(), data.itemFactors());
        return new FactorisationFit(predicted, data.heldOutRmse(predicted), data.trainingRmse(predicted),
                data.heldOutRmse(truth), result.losses());
    }
}
