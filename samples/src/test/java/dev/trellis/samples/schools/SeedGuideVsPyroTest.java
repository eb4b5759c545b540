package dev.trellis.samples.schools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.Golden;
import dev.trellis.samples.svi.SviFit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.junit.jupiter.api.Test;

/**
 * The seed guide trained as the seed tutorial trains it (5 seeds x 5000 steps of Adam 0.03, Trace_ELBO) ends where
 * Pyro's five runs end, statistically (shared/golden/eight_schools.json, "svi").
 *
 * <p>Why statistically and how. Our random streams are not torch's, and the golden file's CAVEAT says these runs do
 * not converge: the guide's ELBO is -infinity in expectation, losses are heavy-tailed and the parameters keep drifting
 * (tau_loc up, the scales down), so the final values differ a lot between seeds. Each final value is one draw from the
 * distribution "where 5000 steps leave this parameter"; Pyro's 5 seeds and ours are two samples of it, and if we
 * implement the same algorithm the two samples have the same mean. So for each of the 19 final parameter entries, and
 * for the median of the last 500 losses (a robust summary of where the loss sits; the mean is dominated by single
 * steps of 10^6), we run Welch's two-sample t-test of equal means and require |t| <= k.
 *
 * <p>The scale: positive parameters are compared as their logs, the unconstrained values Adam actually moves. Their
 * spread across seeds is multiplicative (Pyro's theta_scale runs from 0.04 to 1.13), and on the log scale the five
 * values are far closer to normal, which the t-test assumes.
 *
 * <p>k: the quantile of Student's t with the Welch–Satterthwaite degrees of freedom at two-sided level 1% / 20
 * (Bonferroni over the 20 comparisons), i.e. a 1% chance that a correct implementation fails any of them. That is
 * about 5 to 7 with 4 to 8 degrees of freedom: loose, as five non-converged runs allow, but it still catches a
 * wrong gradient, a wrong constraint transform or a wrong optimizer (any of which moves a mean by many standard
 * errors: e.g. no exp on the scales, or tau's guide left at its start value 1 instead of drifting to ~10-30).
 */
class SeedGuideVsPyroTest {

    private static final int SEEDS = 5;
    private static final double FAMILY_LEVEL = 0.01;

    @Test
    void finalParametersAndLossLevelMatchPyrosAcrossFiveSeeds() {
        JsonNode svi = Golden.load("eight_schools.json").get("svi");
        assertEquals(SeedGuideTraining.STEPS, svi.get("num_steps").asInt());
        assertEquals(SeedGuideTraining.LEARNING_RATE, svi.get("lr").asDouble());

        long start = System.nanoTime();
        List<Map<String, Tensor>> ours = new ArrayList<>();
        List<Double> ourMedians = new ArrayList<>();
        for (int seed = 0; seed < SEEDS; seed++) {
            SviFit result = SeedGuideTraining.run(SeedGuideTraining.STEPS, seed, new TrainingListener() { });
            ours.add(result.params());
            ourMedians.add(medianOfLast(result.losses(), 500));
        }
        // Measured, not asserted (timing belongs to benchmarks): about 2 s for the 25,000 steps on this machine.
        System.out.printf("SeedGuideVsPyroTest: %d runs x %d steps in %.2f s%n", SEEDS, SeedGuideTraining.STEPS,
                (System.nanoTime() - start) / 1e9);

        List<String> failures = new ArrayList<>();
        int comparisons = 0;
        for (String name : List.of("mu0_loc", "mu0_scale", "tau_loc", "theta_loc", "theta_scale")) {
            boolean positive = !name.endsWith("_loc") || name.equals("tau_loc");
            int size = ours.get(0).get(name).numElements();
            for (int i = 0; i < size; i++) {
                double[] pyro = new double[SEEDS];
                double[] mine = new double[SEEDS];
                for (int run = 0; run < SEEDS; run++) {
                    JsonNode value = svi.get("runs").get(run).get("final_params").get(name);
                    pyro[run] = value.isArray() ? value.get(i).asDouble() : value.asDouble();
                    mine[run] = ours.get(run).get(name).toArray()[i];
                }
                checkGoldenSummary(svi, name, i, pyro);
                String what = size == 1 ? name : name + "[" + i + "]";
                compare(positive ? "log " + what : what, positive ? logs(pyro) : pyro, positive ? logs(mine) : mine,
                        failures);
                comparisons++;
            }
        }
        double[] pyroMedians = new double[SEEDS];
        for (int run = 0; run < SEEDS; run++) {
            pyroMedians[run] = svi.get("runs").get(run).get("median_last_500_losses").asDouble();
        }
        compare("median of the last 500 losses", pyroMedians,
                ourMedians.stream().mapToDouble(Double::doubleValue).toArray(), failures);
        comparisons++;
        assertEquals(20, comparisons, "the Bonferroni level below assumes 20 comparisons");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Fails (into {@code failures}) if Welch's t of the two samples exceeds the Bonferroni-corrected quantile. */
    private static void compare(String what, double[] pyro, double[] ours, List<String> failures) {
        double varianceOfMean = variance(pyro) / SEEDS + variance(ours) / SEEDS;
        double t = (mean(ours) - mean(pyro)) / Math.sqrt(varianceOfMean);
        double df = varianceOfMean * varianceOfMean / (Math.pow(variance(pyro) / SEEDS, 2) / (SEEDS - 1)
                + Math.pow(variance(ours) / SEEDS, 2) / (SEEDS - 1));
        double k = new TDistribution(df).inverseCumulativeProbability(1 - FAMILY_LEVEL / 20 / 2);
        String line = String.format("%-32s pyro mean %9.4f sd %8.4f | ours mean %9.4f sd %8.4f | t %6.2f, k %5.2f",
                what, mean(pyro), Math.sqrt(variance(pyro)), mean(ours), Math.sqrt(variance(ours)), t, k);
        System.out.println(line);
        if (!(Math.abs(t) <= k)) {
            failures.add(line);
        }
    }

    /** The per-run values we read agree with the file's own across-seed summary (so we read the right numbers). */
    private static void checkGoldenSummary(JsonNode svi, String name, int i, double[] pyro) {
        JsonNode mean = svi.get("across_seeds_mean").get(name);
        JsonNode sd = svi.get("across_seeds_sd").get(name);
        double expectedMean = mean.isArray() ? mean.get(i).asDouble() : mean.asDouble();
        double expectedSd = sd.isArray() ? sd.get(i).asDouble() : sd.asDouble();
        // 1e-12: the same five doubles averaged in another order.
        assertEquals(expectedMean, mean(pyro), 1e-12 * Math.max(1, Math.abs(expectedMean)), name);
        assertEquals(expectedSd, Math.sqrt(variance(pyro)), 1e-12 * Math.max(1, expectedSd), name);
    }

    private static double medianOfLast(double[] losses, int count) {
        return new Median().evaluate(Arrays.copyOfRange(losses, losses.length - count, losses.length));
    }

    private static double[] logs(double[] values) {
        return Arrays.stream(values).map(Math::log).toArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    /** The sample variance (ddof 1), as the golden file's sd. */
    private static double variance(double[] values) {
        double mean = mean(values);
        return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
    }
}
