package dev.trellis.samples.logistic;

import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.svi.SviFit;
import java.util.Map;

/**
 * {@link LogisticRegression} fitted by SVI with {@link MeanFieldGuide}: the guide's means and scales, and how well
 * the posterior-mean weights classify the training flowers.
 *
 * @param weightMeans the guide's mean of each feature weight (standardised units)
 * @param weightSds the guide's standard deviation of each weight
 * @param biasMean the guide's mean of the bias
 * @param biasSd the guide's standard deviation of the bias
 * @param accuracy the fraction of flowers whose label is the more probable one under the posterior-mean weights
 * @param losses the loss of every step
 */
public record LogisticFit(double[] weightMeans, double[] weightSds, double biasMean, double biasSd, double accuracy,
                          double[] losses) {

    /** The learning rate of the first step. */
    public static final double LEARNING_RATE = 0.05;
    /**
     * The factor the learning rate falls by over the whole run. With a constant rate the final iterate keeps jumping
     * around the optimum by about the step size times the gradient noise (0.3 posterior sds at 0.05 here); decaying it
     * a hundredfold lets the last steps average that noise out.
     */
    public static final double LEARNING_RATE_DROP = 0.01;
    /** The default number of steps. */
    public static final int STEPS = 3000;

    /**
     * Fits the model to {@code data}.
     *
     * @param steps SVI steps
     * @param seed the seed of the guide's draws
     * @param listener told of each step (a progress bar)
     */
    public static LogisticFit fit(IrisPair data, int steps, long seed, TrainingListener listener) {
        var model = new LogisticRegressionProgram(new LogisticRegression(data.features()), data.labels());
        var guide = new MeanFieldGuideProgram(new MeanFieldGuide(data.features().size(1)), model);
        SviFit result = SviFit.train(model, guide, SviFit.decayingAdam(LEARNING_RATE, LEARNING_RATE_DROP, steps), steps,
                seed, listener);
        Map<String, Tensor> params = result.params();
        Tensor w = params.get("w_loc");
        Tensor b = params.get("b_loc");
        return new LogisticFit(w.toArray(), params.get("w_scale").toArray(), b.item(), params.get("b_scale").item(),
                accuracy(data, w, b), result.losses());
    }

    /** {@return the fraction of points whose label has logit sign agreement: label 1 where x w + b > 0} */
    public static double accuracy(IrisPair data, Tensor w, Tensor b) {
        double[] logits = LogisticRegression.logits(data.features(), w, b).toArray();
        double[] labels = data.labels().toArray();
        int right = 0;
        for (int i = 0; i < logits.length; i++) {
            right += (logits[i] > 0) == (labels[i] == 1.0) ? 1 : 0;
        }
        return (double) right / logits.length;
    }
}
