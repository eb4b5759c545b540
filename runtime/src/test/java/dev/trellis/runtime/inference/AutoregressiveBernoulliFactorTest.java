package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The factor keeps its evidence and adjoint buffers from call to call: a call after others, on other tables and
 * other members, gives bit for bit what a fresh factor gives.
 */
class AutoregressiveBernoulliFactorTest {
    private static final int K = 3;
    private static final int D = 4;

    @Test
    void reusedBuffersCarryNothingFromOneCallToTheNext() {
        Rng rng = Rng.seeded(5);
        List<double[][]> data = new ArrayList<>();
        for (int length : new int[] {6, 0, 3, 9}) {
            double[][] y = new double[length][D];
            for (double[] row : y) {
                for (int d = 0; d < D; d++) {
                    row[d] = rng.nextDouble() < 0.4 ? 1 : 0;
                }
            }
            data.add(y);
        }
        Tensor[] first = logits(rng);
        Tensor[] second = logits(rng);
        var reused = new AutoregressiveBernoulliFactor("y", data, 0, K);
        Autodiff.gradients(logMarginal(reused, first, new int[] {3, 0}));
        Autodiff.gradients(logMarginal(reused, second, new int[] {2, 3, 1}));
        int[] members = {0, 2, 3};
        Tensor gotValue = logMarginal(reused, first, members);
        Tensor wantValue = logMarginal(new AutoregressiveBernoulliFactor("y", data, 0, K), first, members);
        assertEquals(wantValue.item(), gotValue.item(), 0.0);
        Gradients got = Autodiff.gradients(gotValue);
        Gradients want = Autodiff.gradients(wantValue);
        for (Tensor leaf : first) {
            assertArrayEquals(want.of(leaf).toArray(), got.of(leaf).toArray());
        }
    }

    private static Tensor logMarginal(AutoregressiveBernoulliFactor factor, Tensor[] logits, int[] members) {
        return factor.logMarginal(logits[0].logSoftmax(0), logits[1].logSoftmax(1), logits[2].logSigmoid(),
                logits[2].neg().logSigmoid(), members, 1.5);
    }

    private static Tensor[] logits(Rng rng) {
        return new Tensor[] {Tensor.variable(random(rng, K)), Tensor.variable(random(rng, K, K)),
                Tensor.variable(random(rng, K, 2, D))};
    }

    private static Tensor random(Rng rng, int... shape) {
        int size = 1;
        for (int n : shape) {
            size *= n;
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = rng.nextGaussian();
        }
        return Tensor.of(values, shape);
    }
}
