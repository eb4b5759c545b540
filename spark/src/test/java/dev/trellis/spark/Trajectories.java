package dev.trellis.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import dev.trellis.samples.gmm.GmmFit;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbInit;
import dev.trellis.samples.jsb.JsbModel;
import dev.trellis.samples.jsb.JsbSplit;
import dev.trellis.samples.jsb.JsbTraining;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The trainings the Spark tests run, and how they compare trajectories: every loss and parameter, bit for bit. */
final class Trajectories {
    private Trajectories() {}

    static final int STEPS = 20;
    static final JsbChorales CHORALES = JsbChorales.load(Golden.sharedDir().resolve("data").resolve("jsb_chorales.json"));
    static final JsbSplit TRAIN = CHORALES.train();
    /** 300 points from two components: 5 blocks of 60. */
    static final Tensor GMM_DATA = drawnData(300);

    /** The losses of every step and the final parameters. */
    record Trajectory(List<Double> losses, Map<String, Tensor> params) {}

    static Trajectory jsb(int batchSize, MemberEvaluation evaluation) {
        Map<String, Tensor> init = JsbInit.hmmPy(JsbModel.HMM, TRAIN.numTones(), 0);
        JsbTraining training = JsbTraining.start(JsbModel.HMM, TRAIN, init, 0.05, batchSize, 0, evaluation);
        Double[] losses = new Double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            losses[step] = training.step();
        }
        return new Trajectory(Arrays.asList(losses), training.params());
    }

    static Trajectory gmm(MemberEvaluation evaluation) {
        GmmFit fit = GmmFit.run(GMM_DATA, GmmFit.tutorialInit(GMM_DATA), STEPS, GmmFit.TUTORIAL_LR,
                GmmFit.TUTORIAL_BETA1, GmmFit.TUTORIAL_BETA2, evaluation);
        return new Trajectory(fit.losses(), fit.finalParams());
    }

    static List<double[][]> sequences() {
        return JsbTraining.sequences(TRAIN);
    }

    static List<Double> gmmPoints() {
        return Arrays.stream(GMM_DATA.toArray()).boxed().toList();
    }

    static void assertSameBits(Trajectory expected, Trajectory actual, String what) {
        assertEquals(expected.losses(), actual.losses(), what + ": losses");
        Map<String, Tensor> want = new TreeMap<>(expected.params());
        assertEquals(want.keySet(), new TreeMap<>(actual.params()).keySet(), what + ": parameters");
        want.forEach((name, value) ->
                assertArrayEquals(value.toArray(), actual.params().get(name).toArray(), what + ": " + name));
    }

    private static Tensor drawnData(int n) {
        Rng rng = Rng.seeded(3);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (rng.nextDouble() < 0.4 ? 0.5 : 10.5) + rng.nextGaussian();
        }
        return Tensor.vector(x);
    }
}
