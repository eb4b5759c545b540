package dev.trellis.runtime.svi.autoguide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.distributions.HalfNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.optim.Sgd;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.Svi;
import dev.trellis.runtime.svi.TraceElbo;
import dev.trellis.runtime.tensor.Tensor;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class AutoLaplaceApproximationTest {

    private static final double[] X = {0.2, 0.8, 1.1, 1.7, 2.4, 3.0};
    private static final double[] Y = {0.9, 1.8, 2.0, 3.1, 4.2, 4.9};

    /** Bayesian linear regression with known noise 0.5 and Normal(0, 2) priors: a Gaussian posterior. */
    private static final Program REGRESSION = context -> {
        Tensor intercept = context.sample("intercept", Normal.of(0.0, 2.0));
        Tensor slope = context.sample("slope", Normal.of(0.0, 2.0));
        context.observe("y", Normal.of(intercept.add(slope.mul(Tensor.vector(X))), Tensor.scalar(0.5)),
                Tensor.vector(Y), Plate.full("data", X.length, -1));
    };

    /** Trains the MAP point with plain gradient descent: the loss of a Delta guide has no noise. */
    private static ParamStore trainMap(Program model, AutoLaplaceApproximation guide, double rate, int steps) {
        ParamStore store = new ParamStore();
        Svi svi = new Svi(model, guide, Sgd.withLearningRate(rate), new TraceElbo(), store);
        Rng rng = Rng.seeded(0);
        for (int step = 0; step < steps; step++) {
            svi.step(rng);
        }
        return store;
    }

    @Test
    void onTheRegressionItIsTheExactPosterior() {
        AutoLaplaceApproximation guide = new AutoLaplaceApproximation(REGRESSION);
        ParamStore store = trainMap(REGRESSION, guide, 0.01, 3000);
        AutoMultivariateNormal laplace = guide.laplaceApproximation(store);
        // exact: precision L = I / 4 + X^T X / 0.25, mean = L^-1 X^T y / 0.25
        double sx = 0;
        double sxx = 0;
        double sy = 0;
        double sxy = 0;
        for (int i = 0; i < X.length; i++) {
            sx += X[i];
            sxx += X[i] * X[i];
            sy += Y[i];
            sxy += X[i] * Y[i];
        }
        double[][] precision = {{0.25 + 4 * X.length, 4 * sx}, {4 * sx, 0.25 + 4 * sxx}};
        double det = precision[0][0] * precision[1][1] - precision[0][1] * precision[1][0];
        double[][] covariance = {{precision[1][1] / det, -precision[0][1] / det},
            {-precision[1][0] / det, precision[0][0] / det}};
        double[] mean = {(covariance[0][0] * sy + covariance[0][1] * sxy) * 4,
            (covariance[1][0] * sy + covariance[1][1] * sxy) * 4};
        assertArrayEquals(mean, laplace.loc(store).toArray(), 1e-10, "the MAP is the posterior mean");
        assertArrayEquals(new double[] {precision[0][0], precision[0][1], precision[1][0], precision[1][1]},
                guide.hessian(guide.loc(store), store).toArray(), 1e-9 * precision[1][1], "the Hessian is the precision");
        double[] found = laplace.covariance(store).toArray();
        double[] exact = {covariance[0][0], covariance[0][1], covariance[1][0], covariance[1][1]};
        for (int i = 0; i < 4; i++) {
            assertEquals(exact[i], found[i], 1e-9 * Math.abs(exact[i]), "covariance entry " + i);
        }
        assertTrue(laplace.isFixed());
    }

    @Test
    void onTheNormalNormalModelItIsTheExactPosterior() {
        Program model = context -> {
            Tensor mu = context.sample("mu", Normal.of(0.0, 2.0));
            context.observe("y", Normal.of(mu, Tensor.scalar(1.0)), Tensor.vector(0.8, 1.9, 1.1, 2.4),
                    Plate.full("data", 4, -1));
        };
        AutoLaplaceApproximation guide = new AutoLaplaceApproximation(model);
        ParamStore store = trainMap(model, guide, 0.1, 500);
        AutoMultivariateNormal laplace = guide.laplaceApproximation(store);
        // precision 1/4 + 4 = 4.25: mean 6.2 / 4.25, variance 1 / 4.25
        assertEquals(6.2 / 4.25, laplace.loc(store).item(), 1e-12);
        assertEquals(1 / 4.25, laplace.covariance(store).item(), 1e-12);
    }

    private static final double[] DATA = {1.2, 2.9, 0.4, 2.2, 1.7};

    /** mu ~ Normal(0, 5), sigma ~ HalfNormal(2), y_i ~ Normal(mu, sigma): sigma is positive, so z = (mu, log sigma). */
    private static final Program SCALE_MODEL = context -> {
        Tensor mu = context.sample("mu", Normal.of(0.0, 5.0));
        Tensor sigma = context.sample("sigma", HalfNormal.of(2.0));
        context.observe("y", Normal.of(mu, sigma), Tensor.vector(DATA), Plate.full("data", DATA.length, -1));
    };

    /** -log p(y, mu, sigma) - log sigma at z = (mu, log sigma), written out by hand. */
    private static double negativeLogDensity(double[] z) {
        double mu = z[0];
        double sigma = Math.exp(z[1]);
        double log = logNormal(mu, 0, 5) + Math.log(2) + logNormal(sigma, 0, 2) + z[1];
        for (double y : DATA) {
            log += logNormal(y, mu, sigma);
        }
        return -log;
    }

    private static double logNormal(double x, double mean, double sd) {
        return -0.5 * Math.log(2 * Math.PI) - Math.log(sd) - (x - mean) * (x - mean) / (2 * sd * sd);
    }

    /**
     * The Hessian of {@code f} by second differences of its values, Richardson-extrapolated from steps h and h/2
     * (h = 1e-3): an oracle independent of the autodiff gradients the guide differences.
     */
    private static double[][] finiteDifferenceHessian(ToDoubleFunction<double[]> f, double[] z) {
        double[][] coarse = secondDifferences(f, z, 1e-3);
        double[][] fine = secondDifferences(f, z, 5e-4);
        double[][] hessian = new double[z.length][z.length];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z.length; j++) {
                hessian[i][j] = (4 * fine[i][j] - coarse[i][j]) / 3;
            }
        }
        return hessian;
    }

    private static double[][] secondDifferences(ToDoubleFunction<double[]> f, double[] z, double h) {
        int n = z.length;
        double[][] result = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                result[i][j] = (f.applyAsDouble(shift(z, i, h, j, h)) - f.applyAsDouble(shift(z, i, h, j, -h))
                        - f.applyAsDouble(shift(z, i, -h, j, h)) + f.applyAsDouble(shift(z, i, -h, j, -h)))
                        / (4 * h * h);
            }
        }
        return result;
    }

    private static double[] shift(double[] z, int i, double di, int j, double dj) {
        double[] shifted = z.clone();
        shifted[i] += di;
        shifted[j] += dj;
        return shifted;
    }

    @Test
    void onANonGaussianPosteriorTheCovarianceIsTheInverseHessianAtTheMap() {
        AutoLaplaceApproximation guide = new AutoLaplaceApproximation(SCALE_MODEL);
        ParamStore store = trainMap(SCALE_MODEL, guide, 0.01, 6000);
        Tensor loc = guide.loc(store);
        double[] z = loc.toArray();
        // the loss Pyro differentiates is the hand-written density, Jacobian term included
        assertEquals(negativeLogDensity(z), guide.negativeLogDensity(loc, store).item(), 1e-12);
        // at the MAP: the gradient is zero
        Tensor leaf = Tensor.variable(loc);
        double[] gradient = Autodiff.gradients(guide.negativeLogDensity(leaf, store)).of(leaf).toArray();
        assertArrayEquals(new double[] {0, 0}, gradient, 1e-9, "trained to the MAP");

        double[][] h = finiteDifferenceHessian(AutoLaplaceApproximationTest::negativeLogDensity, z);
        double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        double[] inverse = {h[1][1] / det, -h[0][1] / det, -h[1][0] / det, h[0][0] / det};
        AutoMultivariateNormal laplace = guide.laplaceApproximation(store);
        double[] covariance = laplace.covariance(store).toArray();
        // The oracle's rounding: about 1e-16 |f| / h^2 = 4e-9 relative on the Hessian (f ~ 10, h = 5e-4); allow 1e-8 of
        // the matrix's size on every entry. (The guide's own Hessian, from exact gradients, is closer than that.)
        double size = Math.abs(inverse[0]) + Math.abs(inverse[3]);
        for (int i = 0; i < 4; i++) {
            assertEquals(inverse[i], covariance[i], 1e-8 * size, "covariance entry " + i);
        }
        assertTrue(Math.abs(inverse[1]) > 1e-4, "the two coordinates are correlated: " + inverse[1]);
        // Pyro's layout: scale is the standard deviations, scale_tril the Cholesky factor of the correlation
        double[] factor = laplace.scaleTril(store).toArray();
        assertEquals(Math.sqrt(inverse[0]), factor[0], 1e-6 * Math.sqrt(inverse[0]));
        assertArrayEquals(z, laplace.loc(store).toArray(), 0.0);
        // its draws are the normal's: the median of mu is the point, sigma's the exponential of its coordinate
        assertEquals(z[0], laplace.median(store).get("mu").item(), 0.0);
        assertEquals(Math.exp(z[1]), laplace.median(store).get("sigma").item(), 1e-15);
        PosteriorSamples samples = PosteriorSamples.draw(laplace, store, 20_000, Rng.seeded(3));
        double sd = Math.sqrt(inverse[0]);
        assertEquals(z[0], samples.mean("mu").item(), 5 * sd / Math.sqrt(20_000), "mean of the draws of mu");
        assertEquals(sd, samples.sd("mu").item(), 5 * sd / Math.sqrt(2 * 20_000), "sd of the draws of mu");
    }
}
