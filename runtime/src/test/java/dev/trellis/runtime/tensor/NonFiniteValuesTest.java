package dev.trellis.runtime.tensor;

import static dev.trellis.runtime.tensor.EdgeValues.INF;
import static dev.trellis.runtime.tensor.EdgeValues.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.runtime.autodiff.Autodiff;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Edge values through the operations that do not compute on elements (rearranging, indexing, joining) and
 * through sums: -inf, huge, 0 and NaN must come out where they went in, and adjoints of any value must come
 * back unchanged.
 */
class NonFiniteValuesTest {

    private static final Tensor EDGES = Tensor.matrix(new double[][] {{-INF, -1e300, -0.0}, {0, 1e300, NAN}});

    @Test
    void rearrangingAndIndexingCarryEdgeValuesAndTheirAdjointsUnchanged() {
        check(x -> x.reshape(3, 2).reshape(2, 3));
        check(x -> x.transpose().transpose());
        check(x -> x.permute(1, 0).permute(1, 0));
        check(x -> x.unsqueeze(0).squeeze());
        check(x -> Tensor.stack(0, x.row(0), x.row(1)));
        check(x -> Tensor.cat(1, x.slice(1, 0, 1), x.slice(1, 1, 3)));
        check(x -> x.index(0, new int[] {0, 1}));
        check(x -> x.gather(1, new int[] {0, 1, 2, 0, 1, 2}));
        check(x -> x.unsqueeze(0).expand(1, 2, 3).squeeze(0));
        check(x -> Tensor.where(Tensor.ones(2, 3), x, Tensor.zeros(3)));
    }

    @Test
    void sumsOfInfinitiesFollowIeee() {
        assertEquals(Tensor.scalar(NAN), Tensor.vector(INF, -INF).sum());
        assertEquals(Tensor.scalar(INF), Tensor.vector(1e308, 1e308).sum());
        assertEquals(Tensor.scalar(-INF), Tensor.vector(-INF, 5).mean());
        assertEquals(Tensor.vector(-INF, NAN), EDGES.sum(1, false));
        Tensor x = Tensor.variable(EDGES);
        assertEquals(Tensor.full(0.5, 2, 3), Autodiff.gradients(x.mean(0, false).sum()).of(x));
    }

    private static void check(UnaryOperator<Tensor> rearrange) {
        Tensor x = Tensor.variable(EDGES);
        Tensor y = rearrange.apply(x);
        assertArrayEquals(EDGES.toArray(), y.toArray(), "values");
        Tensor adjoint = Tensor.matrix(new double[][] {{INF, -1e300, 0}, {NAN, 2, -INF}});
        Tensor gradient = Autodiff.gradients(List.of(y), List.of(adjoint.reshape(y.shape()))).of(x);
        assertArrayEquals(adjoint.toArray(), gradient.toArray(), "adjoints");
    }
}
