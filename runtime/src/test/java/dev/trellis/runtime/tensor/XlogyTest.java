package dev.trellis.runtime.tensor;

import static dev.trellis.runtime.tensor.EdgeValues.INF;
import static dev.trellis.runtime.tensor.EdgeValues.NAN;
import static dev.trellis.runtime.tensor.EdgeValues.assertBinary;

import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import org.junit.jupiter.api.Test;

/**
 * {@code xlogy}: torch's values (0 log 0 = 0, the limit log-densities need at their boundary), its gradients against
 * finite differences, and its edge values.
 */
class XlogyTest {

    private final Inputs inputs = new Inputs(29);

    @Test
    void gradientsMatchFiniteDifferencesWithBroadcasting() {
        int[][][] pairs = {{{2, 3}, {2, 3}}, {{3}, {2, 3}}, {{2, 1}, {1, 3}}, {{}, {2, 2}}};
        for (int[][] pair : pairs) {
            GradientChecker.check("xlogy " + Shapes.str(pair[0]) + " " + Shapes.str(pair[1]),
                    x -> x[0].xlogy(x[1]), inputs.uniform(-3, 3, pair[0]), inputs.uniform(0.2, 4, pair[1]));
        }
    }

    @Test
    void zeroTimesTheLogOfAnythingButNaNIsZero() {
        // d/dx is log y even at x = 0 (torch: 0), d/dy is 0 along x = 0 (torch: 0 / y)
        assertBinary("xlogy", Tensor::xlogy, 0, 0, 0, -INF, 0);
        assertBinary("xlogy", Tensor::xlogy, 0, 2, 0, Math.log(2), 0);
        assertBinary("xlogy", Tensor::xlogy, 0, INF, 0, INF, 0);
        assertBinary("xlogy", Tensor::xlogy, 0, -1, 0, NAN, 0);
        assertBinary("xlogy", Tensor::xlogy, 0, NAN, NAN, NAN, NAN);
    }

    @Test
    void elsewhereItIsTheProduct() {
        assertBinary("xlogy", Tensor::xlogy, 2, Math.E, 2, 1, 2 / Math.E);
        assertBinary("xlogy", Tensor::xlogy, 1, 0, -INF, -INF, INF);
        assertBinary("xlogy", Tensor::xlogy, -0.5, 0, INF, -INF, -INF);
        assertBinary("xlogy", Tensor::xlogy, 1, -1, NAN, NAN, -1);
        assertBinary("xlogy", Tensor::xlogy, NAN, 2, NAN, NAN, NAN);
    }
}
