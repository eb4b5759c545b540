package dev.trellis.samples.nilm;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.svi.SviFit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The {@code nilm} sample end to end: simulate a household's meter, learn its appliances from the aggregate reading
 * alone (MAP by SVI, from several starts, keeping the lowest final loss), decode every appliance's on/off path at what
 * was learned and score it against the simulation. Learned chains are exchangeable (relabelling them changes nothing),
 * so each is matched to the true appliance of the same rank by power draw.
 *
 * @param household the true appliances
 * @param truth the simulated on/off paths and reading
 * @param fit the kept fit (its globals in the fit's own chain order)
 * @param restart which start that was, from 0
 * @param toTrue the true appliance of each learned chain
 * @param learnedParams the learned globals with the chains in the true order
 * @param decoding the queries at the learned globals, rows in the true order
 * @param reference the queries at the true globals
 * @param scores one per true appliance, in order
 */
public record NilmExperiment(Household household, NilmModels.Simulation truth, NilmFit fit, int restart,
                             int[] toTrue, Map<String, Tensor> learnedParams, NilmModels.Decoding decoding,
                             NilmModels.Decoding reference, List<ApplianceScore> scores) {

    /**
     * Runs the sample.
     *
     * @param appliances how many appliances the household has (3 to 5), and the model's chains
     * @param steps the readings to simulate, one a minute
     * @param seed seeds the simulation and the restarts' starts
     * @param sviSteps SVI steps per start
     * @param lr Adam's learning rate (in log space for the draws)
     * @param restarts how many starts, in the order of {@link NilmFit#start}
     * @param listener told of each SVI step, numbered over all starts
     */
    public static NilmExperiment run(int appliances, int steps, long seed, int sviSteps, double lr, int restarts,
            TrainingListener listener) {
        if (restarts < 1) {
            throw new IllegalArgumentException("there must be at least one start, got " + restarts);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("the household needs at least 2 readings, got " + steps);
        }
        Household household = Household.of(appliances);
        NilmModels.Simulation truth = NilmModels.simulate(appliances, household.params(), steps, Rng.seeded(seed));
        NilmFit best = null;
        int bestRestart = -1;
        for (int r = 0; r < restarts; r++) {
            int done = r * sviSteps;
            NilmFit fit = NilmFit.run(truth.reading(), appliances, sviSteps, lr, r, seed,
                    SviFit.after(done, listener));
            if (best == null || finalLoss(fit) < finalLoss(best)) {
                best = fit;
                bestRestart = r;
            }
        }
        int[] toTrue = byPower(best.params().get("power").toArray(), household);
        Map<String, Tensor> learned = relabel(best.params(), toTrue);
        NilmModels.Decoding decoding = NilmModels.decode(appliances, learned, truth.reading());
        NilmModels.Decoding reference = NilmModels.decode(appliances, household.params(), truth.reading());
        double[] learnedPower = learned.get("power").toArray();
        List<ApplianceScore> scores = new ArrayList<>();
        for (int i = 0; i < appliances; i++) {
            scores.add(ApplianceScore.of(household.appliances().get(i), learnedPower[i], truth.on()[i],
                    decoding.mapOn()[i], decoding.probabilityOn()[i], reference.mapOn()[i]));
        }
        return new NilmExperiment(household, truth, best, bestRestart, toTrue, learned, decoding, reference,
                List.copyOf(scores));
    }

    private static double finalLoss(NilmFit fit) {
        return fit.losses()[fit.losses().length - 1];
    }

    /** Pairs learned chains and true appliances of equal rank by draw. */
    static int[] byPower(double[] learnedPower, Household household) {
        int n = learnedPower.length;
        int[] learnedRank = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> learnedPower[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        int[] trueRank = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> household.appliances().get(i).power())
                        .thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        int[] toTrue = new int[n];
        for (int r = 0; r < n; r++) {
            toTrue[learnedRank[r]] = trueRank[r];
        }
        return toTrue;
    }

    /** The globals with learned chain i moved to position {@code toTrue[i]}: its draw and its transition rows. */
    static Map<String, Tensor> relabel(Map<String, Tensor> params, int[] toTrue) {
        int n = toTrue.length;
        double[] power = params.get("power").toArray();
        double[] switching = params.get("switching").toArray();
        double[] movedPower = new double[n];
        double[] movedSwitching = new double[n * 4];
        for (int i = 0; i < n; i++) {
            movedPower[toTrue[i]] = power[i];
            System.arraycopy(switching, 4 * i, movedSwitching, 4 * toTrue[i], 4);
        }
        Map<String, Tensor> moved = new LinkedHashMap<>(params);
        moved.put("switching", Tensor.of(movedSwitching, n, 2, 2));
        moved.put("power", Tensor.vector(movedPower));
        return moved;
    }

    /** {@return the mean over appliances of the MAP path's accuracy} */
    public double meanMapAccuracy() {
        return scores.stream().mapToDouble(ApplianceScore::mapAccuracy).average().orElseThrow();
    }
}
