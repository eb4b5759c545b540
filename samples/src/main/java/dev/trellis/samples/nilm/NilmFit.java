package dev.trellis.samples.nilm;

import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.autoguide.AutoDelta;
import dev.trellis.runtime.svi.autoguide.InitStrategy;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.runtime.train.TrainingListener;
import dev.trellis.samples.svi.SviFit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Learning a household's appliances from its aggregate reading alone: the MAP of every global site of the NILM model
 * ({@code switching}, {@code power}, {@code base}, {@code noise}) with the on/off chains summed out exactly, by SVI
 * with an {@link AutoDelta} guide (parameters named after their sites) and Adam. The draws and loads live in log space
 * (AutoDelta keeps positive sites through exp), so a learning rate is a relative step: 0.05 moves a draw by about 5%.
 *
 * @param start the values training started from
 * @param losses {@code -log p(reading, globals)} at the globals before each step's update
 * @param params the learned globals, constrained
 */
public record NilmFit(Map<String, Tensor> start, double[] losses, Map<String, Tensor> params) {

    public static final double DEFAULT_LR = 0.05;
    public static final int DEFAULT_STEPS = 300;
    /** The start's noise, in units of the ladder's lowest draw: wide, so that early steps see a smoothed likelihood. */
    static final double NOISE_OVER_LOWEST_DRAW = 2.5;
    /** Jumps within this distance in log space (about 15%) count as one appliance's. */
    static final double PEAK_HALF_WIDTH = 0.15;
    /** The start's probability of staying on or off from one reading to the next. */
    static final double START_STAY = 0.9;

    /**
     * Fits the model of {@code appliances} appliances to {@code reading} from {@link #start}.
     *
     * @param restart which start (see {@link #start})
     * @param seed seeds the random starts
     * @param listener told of each step (a progress bar)
     * @throws dev.trellis.runtime.errors.TrainingStoppedException if a step meets a non-finite value
     */
    public static NilmFit run(double[] reading, int appliances, int steps, double lr, int restart, long seed,
            TrainingListener listener) {
        Map<String, Tensor> start = start(reading, appliances, restart, seed);
        Program model = NilmModels.program(appliances, reading);
        AutoDelta guide = new AutoDelta(model).withParamNames(UnaryOperator.identity())
                .withInit(InitStrategy.values(start));
        // A Delta guide draws nothing, so the seed of the (unused) random stream does not matter.
        SviFit result = SviFit.train(model, guide, Adam.withLearningRate(lr), steps, 0, listener);
        return new NilmFit(start, result.losses(), guide.median(result.store()));
    }

    /**
     * A start read off the reading, knowing nothing of the appliances. The base load at the reading's 1st percentile;
     * the noise wide, so that early steps see a smoothed likelihood and the draws move to the levels of the reading
     * before the noise narrows; every appliance staying on or off with probability 0.9; and the draws
     * <ul>
     *   <li>start 0: at the densest groups of the sizes of the reading's jumps ({@link SwitchingJumps#peaks}): where
     *       an appliance switches, the reading jumps by its draw;
     *   <li>start 1: spread over the range above the base load (to the 99th percentile) on a doubling ladder,
     *       appliance i at {@code range 2^i / (2^N - 1)}, so that they add up to the range and every set of
     *       appliances gives a different total (appliances span orders of magnitude, which an even spread would not
     *       start near);
     *   <li>later starts: the jumps clustered by k-means from random k-means++ seeds ({@link SwitchingJumps#centres}).
     * </ul>
     * Where the jumps do not give N groups (too few switches stand out from the noise), the ladder is used.
     *
     * @throws IllegalArgumentException if the reading is too short or too flat to start from
     */
    public static Map<String, Tensor> start(double[] reading, int appliances, int restart, long seed) {
        NilmModels.checkAppliances(appliances);
        if (reading.length < 2) {
            throw new IllegalArgumentException("the reading needs at least 2 steps, got " + reading.length);
        }
        double[] sorted = reading.clone();
        Arrays.sort(sorted);
        double base = quantile(sorted, 0.01);
        double range = quantile(sorted, 0.99) - base;
        if (!(base > 0) || !(range > 0)) {
            throw new IllegalArgumentException(String.format("cannot start from this reading: it needs a positive base "
                    + "load (its 1st percentile is %s) and a spread above it (its 99th percentile is %s higher)", base,
                    range));
        }
        double[] ladder = new double[appliances];
        for (int i = 0; i < appliances; i++) {
            ladder[i] = range * Math.pow(2, i) / (Math.pow(2, appliances) - 1);
        }
        double[] logJumps = SwitchingJumps.logSizes(reading);
        Arrays.sort(logJumps);
        double @Nullable [] centres = switch (restart) {
            case 0 -> SwitchingJumps.peaks(logJumps, appliances, PEAK_HALF_WIDTH);
            case 1 -> null;
            default -> SwitchingJumps.centres(logJumps, appliances, Rng.seeded(seed + restart));
        };
        boolean fromJumps = centres != null && centres.length == appliances;
        double[] power = new double[appliances];
        double[] switching = new double[appliances * 4];
        for (int i = 0; i < appliances; i++) {
            power[i] = fromJumps ? Math.exp(centres[i]) : ladder[i];
            switching[4 * i] = START_STAY;
            switching[4 * i + 1] = 1 - START_STAY;
            switching[4 * i + 2] = 1 - START_STAY;
            switching[4 * i + 3] = START_STAY;
        }
        Map<String, Tensor> start = new LinkedHashMap<>();
        start.put("switching", Tensor.of(switching, appliances, 2, 2));
        start.put("power", Tensor.vector(power));
        start.put("base", Tensor.scalar(base));
        start.put("noise", Tensor.scalar(NOISE_OVER_LOWEST_DRAW * ladder[0]));
        return start;
    }

    /** The {@code q} quantile of sorted values, by linear interpolation between order statistics. */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
