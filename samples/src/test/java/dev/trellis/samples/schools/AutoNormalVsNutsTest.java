package dev.trellis.samples.schools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.Golden;
import org.junit.jupiter.api.Test;

/**
 * The AutoNormal guide on the non-centred eight schools lands on the posterior that Pyro's NUTS sampled
 * (shared/golden/eight_schools.json, "nuts", run on the same non-centred model).
 *
 * <p>Bound: the guide's posterior mean of mu0 and of tau within one NUTS posterior standard deviation of the NUTS
 * mean. A mean-field guide is not the posterior: it ignores the correlation between tau and the etas, and a normal
 * in log tau cannot follow the posterior's heavy right tail in tau, so its mean of tau comes out low (about 2.4
 * against 3.6 here); one posterior sd is what "the same posterior, approximately" can promise. It still fails the
 * seed guide's answer (mu0 near 0 and tau near 10-30, no posterior at all). The moments come from 10,000 guide draws,
 * so their Monte Carlo error (sd / 100, about 0.03) is negligible against the bound.
 */
class AutoNormalVsNutsTest {

    @Test
    void posteriorMeansOfMu0AndTauAreWithinOneNutsSdOfTheNutsMeans() {
        JsonNode nuts = Golden.load("eight_schools.json").get("nuts");
        AutoNormalFit fit = AutoNormalFit.fit(SeedGuideTraining.STEPS, 0, new TrainingListener() { });

        within("mu0", fit.mu0().mean()[0], nuts.get("mu0"));
        within("tau", fit.tau().mean()[0], nuts.get("tau"));
        // The theta means shrink towards mu0 as the posterior's do: each within one NUTS sd as well.
        for (int school = 0; school < 8; school++) {
            double nutsMean = nuts.get("theta").get("mean").get(school).asDouble();
            double nutsSd = nuts.get("theta").get("sd").get(school).asDouble();
            double mean = fit.theta().mean()[school];
            assertTrue(Math.abs(mean - nutsMean) <= nutsSd, "theta[" + school + "]: AutoNormal mean " + mean
                    + ", NUTS " + nutsMean + " +/- " + nutsSd);
        }
    }

    private static void within(String site, double mean, JsonNode nuts) {
        double nutsMean = nuts.get("mean").asDouble();
        double nutsSd = nuts.get("sd").asDouble();
        assertTrue(Math.abs(mean - nutsMean) <= nutsSd, site + ": AutoNormal mean " + mean + ", NUTS " + nutsMean
                + " +/- " + nutsSd);
    }
}
