package dev.trellis.samples.gmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.parallel.LocalMemberEvaluation;
import dev.trellis.runtime.parallel.MemberEvaluation;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GMM's MAP fit on 1, 2 and 4 threads has the bits of the one-thread fit: on the tutorial's five points in blocks
 * of 2 (three blocks), and on 300 points drawn from two components in blocks of 32 (ten blocks).
 */
class ThreadedGmmFitTest {

    static final int STEPS = 20;

    static Tensor drawnData(int n) {
        Rng rng = Rng.seeded(3);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (rng.nextDouble() < 0.4 ? 0.5 : 10.5) + rng.nextGaussian();
        }
        return Tensor.vector(x);
    }

    static void assertSameBits(GmmFit expected, GmmFit actual, String what) {
        assertEquals(expected.losses(), actual.losses(), what + ": losses");
        for (Map.Entry<String, Tensor> entry : expected.finalParams().entrySet()) {
            assertArrayEquals(entry.getValue().toArray(), actual.finalParams().get(entry.getKey()).toArray(),
                    what + ": " + entry.getKey());
        }
    }

    static GmmFit fit(Tensor data, LocalMemberEvaluation evaluation) {
        return GmmFit.run(data, GmmFit.tutorialInit(data), STEPS, GmmFit.TUTORIAL_LR, GmmFit.TUTORIAL_BETA1,
                GmmFit.TUTORIAL_BETA2, evaluation);
    }

    @Test
    void fit_has_the_same_bits_on_1_2_and_4_threads() {
        for (Tensor data : List.of(Tensor.vector(0, 1, 10, 11, 12), drawnData(300))) {
            int blockSize = data.size(0) == 5 ? 2 : 32;
            GmmFit one = fit(data, MemberEvaluation.onThreads(1).withBlockSize(blockSize));
            for (int threads : new int[] {2, 4}) {
                try (LocalMemberEvaluation evaluation = MemberEvaluation.onThreads(threads).withBlockSize(blockSize)) {
                    assertSameBits(one, fit(data, evaluation), data.size(0) + " points, " + threads + " threads");
                }
            }
        }
    }

    @Test
    void blocks_change_the_fit_only_by_rounding() {
        Tensor data = drawnData(300);
        GmmFit blocksOf32 = fit(data, MemberEvaluation.onThreads(1).withBlockSize(32));
        GmmFit blocksOf7 = fit(data, MemberEvaluation.onThreads(1).withBlockSize(7));
        for (int step = 0; step < STEPS; step++) {
            double a = blocksOf32.losses().get(step);
            double b = blocksOf7.losses().get(step);
            assertEquals(a, b, 1e-12 * Math.abs(a), "loss " + step);
        }
    }
}
