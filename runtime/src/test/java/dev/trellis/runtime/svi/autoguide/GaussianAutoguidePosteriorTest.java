package dev.trellis.runtime.svi.autoguide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian autoguides trained by SVI on conjugate models, against the exact posterior: Bayesian linear regression
 * with known noise (a correlated two-dimensional Gaussian posterior) and the normal-normal model.
 *
 * <p>How close is close: after a burn-in the iterates fluctuate around the ELBO's optimum. Each checked quantity (a
 * mean, a covariance entry) is averaged over the last steps in 30 batches of 100 steps, longer than the iterates'
 * correlation time, so the batch means are nearly independent and their spread gives the standard error of the
 * average. The exact value must lie within 5 standard errors, and the standard error must be small against the
 * posterior's own scale, so the check cannot pass by being loose.
 */
class GaussianAutoguidePosteriorTest {

    private static final double[] X = {0.2, 0.8, 1.1, 1.7, 2.4, 3.0};
    private static final double[] Y = {0.9, 1.8, 2.0, 3.1, 4.2, 4.9};
    private static final double NOISE = 0.5;
    private static final double PRIOR_SCALE = 2.0;

    /** intercept, slope ~ Normal(0, 2); y_n ~ Normal(intercept + slope x_n, 0.5). */
    private static final Program REGRESSION = context -> {
        Tensor intercept = context.sample("intercept", Normal.of(0.0, PRIOR_SCALE));
        Tensor slope = context.sample("slope", Normal.of(0.0, PRIOR_SCALE));
        context.observe("y", Normal.of(intercept.add(slope.mul(Tensor.vector(X))), Tensor.scalar(NOISE)),
                Tensor.vector(Y), Plate.full("data", X.length, -1));
    };

    /** The posterior precision {@code I / 4 + X^T X / 0.25} with {@code X = [1, x]}. */
    private static double[][] precision() {
        double n = X.length;
        double sx = 0;
        double sxx = 0;
        for (double x : X) {
            sx += x;
            sxx += x * x;
        }
        double prior = 1 / (PRIOR_SCALE * PRIOR_SCALE);
        double noise = 1 / (NOISE * NOISE);
        return new double[][] {{prior + n * noise, sx * noise}, {sx * noise, prior + sxx * noise}};
    }

    private static double[][] posteriorCovariance() {
        double[][] l = precision();
        double det = l[0][0] * l[1][1] - l[0][1] * l[1][0];
        return new double[][] {{l[1][1] / det, -l[0][1] / det}, {-l[1][0] / det, l[0][0] / det}};
    }

    private static double[] posteriorMean() {
        double sy = 0;
        double sxy = 0;
        for (int i = 0; i < X.length; i++) {
            sy += Y[i];
            sxy += X[i] * Y[i];
        }
        double noise = 1 / (NOISE * NOISE);
        double[][] s = posteriorCovariance();
        return new double[] {(s[0][0] * sy + s[0][1] * sxy) * noise, (s[1][0] * sy + s[1][1] * sxy) * noise};
    }

    @Test
    void theExactPosteriorIsStronglyCorrelatedSoTheDiagonalAndFullGuidesDiffer() {
        double[][] s = posteriorCovariance();
        double correlation = s[0][1] / Math.sqrt(s[0][0] * s[1][1]);
        assertTrue(correlation < -0.8, "correlation " + correlation);
    }

    @Test
    void autoMultivariateNormalRecoversTheRegressionPosteriorMeanAndCovariance() {
        AutoMultivariateNormal guide = new AutoMultivariateNormal(REGRESSION);
        ParamStore store = new ParamStore();
        double[][] averages = train(guide, store, 11, s -> stats(guide.loc(s), guide.covariance(s)));
        assertRecovered(averages, posteriorMean(), posteriorCovariance(), "AutoMultivariateNormal");
    }

    @Test
    void autoLowRankMultivariateNormalRecoversTheRegressionPosteriorWithRankOne() {
        AutoLowRankMultivariateNormal guide = new AutoLowRankMultivariateNormal(REGRESSION);
        ParamStore store = new ParamStore();
        double[][] averages = train(guide, store, 12, s -> stats(guide.loc(s), guide.covariance(s)));
        assertEquals(1, guide.rank(), "round(sqrt(2)); a rank-one factor plus a diagonal spans every 2x2 covariance");
        assertRecovered(averages, posteriorMean(), posteriorCovariance(), "AutoLowRankMultivariateNormal");
    }

    @Test
    void autoDiagonalNormalRecoversTheMeanAndTheMeanFieldVariances() {
        // The mean-field optimum of KL(q || p) for a Gaussian posterior: the exact mean, variances 1 / precision_ii.
        double[][] precision = precision();
        double[][] meanField = {{1 / precision[0][0], 0}, {0, 1 / precision[1][1]}};
        AutoDiagonalNormal guide = new AutoDiagonalNormal(REGRESSION);
        ParamStore store = new ParamStore();
        double[][] averages = train(guide, store, 13, s -> stats(guide.loc(s), guide.covariance(s)));
        assertRecovered(averages, posteriorMean(), meanField, "AutoDiagonalNormal");
    }

    @Test
    void autoMultivariateNormalRecoversTheNormalNormalPosterior() {
        double[] data = {0.8, 1.9, 1.1, 2.4};
        Program model = context -> {
            Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
            context.observe("y", Normal.of(mu, Tensor.scalar(1.0)), Tensor.vector(data), Plate.full("data", 4, -1));
        };
        // precision 1/4 + 4 = 4.25: mean 6.2 / 4.25, variance 1 / 4.25
        AutoMultivariateNormal guide = new AutoMultivariateNormal(model);
        ParamStore store = new ParamStore();
        double[][] averages = train(guide, store, 14, s -> new double[] {guide.loc(s).item(),
            guide.covariance(s).item()});
        assertWithin(6.2 / 4.25, averages[0], 1 / Math.sqrt(4.25), "normal-normal mean");
        assertWithin(1 / 4.25, averages[1], 1 / 4.25, "normal-normal variance");
    }

    /** loc[0], loc[1], cov[0][0], cov[0][1], cov[1][1]. */
    private static double[] stats(Tensor loc, Tensor covariance) {
        double[] l = loc.toArray();
        double[][] c = covariance.toRows();
        return new double[] {l[0], l[1], c[0][0], c[0][1], c[1][1]};
    }

    private static final int STEPS = 6000;
    private static final int BATCHES = 30;
    private static final int BATCH_LENGTH = 100;

    /** Trains with Adam (lr 0.01, four particles a step) and returns the batch means of each statistic, [statistic][batch]. */
    private static double[][] train(Program guide, ParamStore store, long seed, Function<ParamStore, double[]> stats) {
        Program model = ((AutoContinuous) guide).model();
        Svi svi = new Svi(model, guide, Adam.withLearningRate(0.01), new TraceElbo(4), store);
        Rng rng = Rng.seeded(seed);
        double[][] means = null;
        int tailStart = STEPS - BATCHES * BATCH_LENGTH;
        for (int step = 0; step < STEPS; step++) {
            svi.step(rng);
            if (step >= tailStart) {
                double[] values = stats.apply(store);
                if (means == null) {
                    means = new double[values.length][BATCHES];
                }
                int batch = (step - tailStart) / BATCH_LENGTH;
                for (int i = 0; i < values.length; i++) {
                    means[i][batch] += values[i] / BATCH_LENGTH;
                }
            }
        }
        return means;
    }

    private static void assertRecovered(double[][] averages, double[] mean, double[][] covariance, String guide) {
        double[] sd = {Math.sqrt(covariance[0][0]), Math.sqrt(covariance[1][1])};
        assertWithin(mean[0], averages[0], sd[0], guide + " mean of the intercept");
        assertWithin(mean[1], averages[1], sd[1], guide + " mean of the slope");
        assertWithin(covariance[0][0], averages[2], covariance[0][0], guide + " variance of the intercept");
        assertWithin(covariance[0][1], averages[3], sd[0] * sd[1], guide + " covariance");
        assertWithin(covariance[1][1], averages[4], covariance[1][1], guide + " variance of the slope");
    }

    /**
     * Asserts the average of the batch means lies within 5 standard errors of {@code exact}, and that the standard
     * error is below 2% of {@code scale}, the size of the quantity in the posterior.
     */
    private static void assertWithin(double exact, double[] batchMeans, double scale, String what) {
        double average = 0;
        for (double m : batchMeans) {
            average += m / batchMeans.length;
        }
        double variance = 0;
        for (double m : batchMeans) {
            variance += (m - average) * (m - average) / (batchMeans.length - 1);
        }
        double standardError = Math.sqrt(variance / batchMeans.length);
        System.out.printf("%s: exact %.5f, averaged %.5f, standard error %.5f (%.1f standard errors off)%n", what,
                exact, average, standardError, Math.abs(average - exact) / standardError);
        assertTrue(standardError < 0.02 * scale, what + ": standard error " + standardError + " is too large to test "
                + "with against " + scale);
        assertEquals(exact, average, 5 * standardError, what + " (standard error " + standardError + ")");
    }
}
