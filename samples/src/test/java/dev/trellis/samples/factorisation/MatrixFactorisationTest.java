package dev.trellis.samples.factorisation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The matrix factorisation sample: what its likelihood counts, and how well it predicts held-out ratings. */
class MatrixFactorisationTest {

    private static final double SIGMA = 0.5;

    @Test
    void heldOutRmseIsWithinTenPercentOfTheNoiseLevel() {
        SyntheticRatings data = SyntheticRatings.simulate(100, 80, 3, SIGMA, 0.2, 1);

        FactorisationFit fit = FactorisationFit.fit(data, FactorisationFit.STEPS, 0, new TrainingListener() { });

        // Held-out ratings carry their own noise, so even the true factors score about sigma (here 0.495 on 1550
        // entries); the fitted posterior means add their estimation error, about 0.17 sigma in quadrature with 3
        // latent values per user fitted from ~64 ratings, i.e. ~1.04 sigma in all (measured 0.521 = 1.043 sigma).
        assertTrue(fit.heldOutRmse() <= 1.1 * SIGMA, "held-out RMSE " + fit.heldOutRmse() + " > 1.1 sigma = "
                + 1.1 * SIGMA + " (true factors: " + fit.truthHeldOutRmse() + ")");
        // The noise floor is what the data say it is: sigma within 3 standard errors of an RMSE over m entries
        // (sd of the mean square of m normal errors is sigma^2 sqrt(2 / m)).
        double m = data.heldOutCount();
        assertEquals(SIGMA, fit.truthHeldOutRmse(), 3 * SIGMA * Math.sqrt(2 / m) / 2);
        // Not overfitted: the fitted factors absorb about k (U + I) of the training entries' noise degrees of freedom
        // (540 of ~6450, 8%), so the training RMSE sits near sigma sqrt(1 - 0.08) = 0.96 sigma, not far below it.
        assertTrue(fit.trainingRmse() > 0.9 * SIGMA, "training RMSE " + fit.trainingRmse());
    }

    @Test
    void likelihoodCountsTrainingEntriesOnly() {
        SyntheticRatings data = SyntheticRatings.simulate(6, 5, 2, SIGMA, 0.3, 4);
        Tensor u = data.userFactors().mul(0.8);
        Tensor v = data.itemFactors().add(0.1);
        Map<String, Tensor> latents = Map.of("userFactors", u, "itemFactors", v);

        Trace trace = Conditioned.run(program(data, data.ratings()), latents, new ParamStore());

        double[] mean = MatrixFactorisation.predictedRatings(u, v).toArray();
        double[] r = data.ratings().toArray();
        double[] train = data.train().toArray();
        double expected = 0;
        for (int i = 0; i < r.length; i++) {
            double z = (r[i] - mean[i]) / SIGMA;
            expected += train[i] * (-0.5 * z * z - Math.log(SIGMA) - 0.5 * Math.log(2 * Math.PI));
        }
        // 1e-12 relative: a sum of 30 terms in another order.
        assertEquals(expected, trace.site("rating").logProb().sum().item(), 1e-12 * Math.abs(expected));
        assertTrue(data.heldOutCount() > 0 && data.heldOutCount() < r.length, "the split holds some entries out");

        // A held-out entry can be anything: the log joint does not move.
        double[] changed = r.clone();
        for (int i = 0; i < changed.length; i++) {
            changed[i] += train[i] == 0 ? 100.0 : 0.0;
        }
        Trace other = Conditioned.run(program(data, Tensor.of(changed, 6, 5)), latents, new ParamStore());
        assertEquals(Conditioned.logJoint(trace), Conditioned.logJoint(other), 0.0);
    }

    @Test
    void factorShapesFollowThePlates() {
        SyntheticRatings data = SyntheticRatings.simulate(6, 5, 2, SIGMA, 0.3, 4);
        Trace trace = Conditioned.run(program(data, data.ratings()),
                Map.of("userFactors", data.userFactors(), "itemFactors", data.itemFactors()), new ParamStore());

        // users at dim -2, items at dim -1, the latent vector as the event
        assertEquals(List.of(6, 1), boxed(trace.site("userFactors").distribution().batchShape()));
        assertEquals(List.of(5), boxed(trace.site("itemFactors").distribution().batchShape()));
        assertEquals(List.of(2), boxed(trace.site("itemFactors").distribution().eventShape()));
        assertEquals(List.of(6, 5), boxed(trace.site("rating").logProb().shape()));
    }

    private static MatrixFactorisationProgram program(SyntheticRatings data, Tensor ratings) {
        return new MatrixFactorisationProgram(new MatrixFactorisation(data.rank(), data.sigma(), data.train()), ratings);
    }

    private static List<Integer> boxed(int[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }
}
