package dev.trellis.runtime.tensor;

import static dev.trellis.runtime.tensor.EdgeValues.INF;
import static dev.trellis.runtime.tensor.EdgeValues.NAN;
import static dev.trellis.runtime.tensor.EdgeValues.assertUnary;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Values and gradients of the elementwise functions at -inf, huge, 0, NaN and their other edges, as torch.
 * Finite values of the special functions come from {@link SpecialFunctions}, whose accuracy is tested there.
 */
class ElementwiseEdgeValuesTest {

    private static final double HUGE = 1e300;
    private static final double LOG_HUGE = Math.log(HUGE);

    @Test
    void neg() {
        table("neg", Tensor::neg, new double[][] {
            {-INF, INF, -1}, {-HUGE, HUGE, -1}, {0, -0.0, -1}, {HUGE, -HUGE, -1}, {INF, -INF, -1}, {NAN, NAN, NAN}});
    }

    @Test
    void square() {
        table("square", Tensor::square, new double[][] {
            {-INF, INF, -INF}, {-HUGE, INF, -2 * HUGE}, {0, 0, 0}, {3, 9, 6}, {HUGE, INF, 2 * HUGE}, {INF, INF, INF},
            {NAN, NAN, NAN}});
    }

    @Test
    void sqrtHasAnInfiniteSlopeAtZero() {
        table("sqrt", Tensor::sqrt, new double[][] {
            {-INF, NAN, NAN}, {-1, NAN, NAN}, {0, 0, INF}, {4, 2, 0.25}, {HUGE, 1e150, 0.5e-150}, {INF, INF, 0},
            {NAN, NAN, NAN}});
    }

    @Test
    void absHasSlopeZeroAtZero() {
        table("abs", Tensor::abs, new double[][] {
            {-INF, INF, -1}, {-HUGE, HUGE, -1}, {-0.0, 0, 0}, {0, 0, 0}, {HUGE, HUGE, 1}, {INF, INF, 1},
            {NAN, NAN, NAN}});
    }

    @Test
    void expOfMinusInfinityIsZeroWithSlopeZero() {
        table("exp", Tensor::exp, new double[][] {
            {-INF, 0, 0}, {-HUGE, 0, 0}, {0, 1, 1}, {HUGE, INF, INF}, {INF, INF, INF}, {NAN, NAN, NAN}});
    }

    @Test
    void logOfZeroIsMinusInfinityWithSlopePlusInfinity() {
        // torch's backward is grad / x even where the value is NaN
        table("log", Tensor::log, new double[][] {
            {-INF, NAN, -0.0}, {-1, NAN, -1}, {0, -INF, INF}, {1, 0, 1}, {HUGE, LOG_HUGE, 1 / HUGE}, {INF, INF, 0},
            {NAN, NAN, NAN}});
    }

    @Test
    void log1pOfMinusOneIsMinusInfinity() {
        table("log1p", Tensor::log1p, new double[][] {
            {-INF, NAN, -0.0}, {-2, NAN, -1}, {-1, -INF, INF}, {0, 0, 1}, {1e-20, 1e-20, 1}, {HUGE, LOG_HUGE, 1 / HUGE},
            {INF, INF, 0}, {NAN, NAN, NAN}});
    }

    @Test
    void expm1() {
        table("expm1", Tensor::expm1, new double[][] {
            {-INF, -1, 0}, {-HUGE, -1, 0}, {-40, -1, Math.exp(-40)}, {0, 0, 1}, {1e-20, 1e-20, 1}, {HUGE, INF, INF},
            {INF, INF, INF}, {NAN, NAN, NAN}});
    }

    @Test
    void sigmoidIsStableForHugeArguments() {
        table("sigmoid", Tensor::sigmoid, new double[][] {
            {-INF, 0, 0}, {-HUGE, 0, 0}, {-800, 0, 0}, {-40, 4.248354255291589e-18, 4.248354255291589e-18},
            {0, 0.5, 0.25}, {40, 1, 4.248354255291589e-18}, {800, 1, 0}, {HUGE, 1, 0}, {INF, 1, 0},
            {NAN, NAN, NAN}});
    }

    @Test
    void logSigmoidIsStableForHugeArguments() {
        table("logSigmoid", Tensor::logSigmoid, new double[][] {
            {-INF, -INF, 1}, {-HUGE, -HUGE, 1}, {-800, -800, 1}, {0, -Math.log(2), 0.5},
            {40, -4.248354255291589e-18, 4.248354255291589e-18}, {800, 0, 0}, {HUGE, 0, 0}, {INF, 0, 0},
            {NAN, NAN, NAN}});
    }

    @Test
    void softplusIsStableForHugeArguments() {
        table("softplus", Tensor::softplus, new double[][] {
            {-INF, 0, 0}, {-HUGE, 0, 0}, {-40, 4.248354255291589e-18, 4.248354255291589e-18}, {0, Math.log(2), 0.5},
            {800, 800, 1}, {HUGE, HUGE, 1}, {INF, INF, 1}, {NAN, NAN, NAN}});
    }

    @Test
    void tanh() {
        table("tanh", Tensor::tanh, new double[][] {
            {-INF, -1, 0}, {-HUGE, -1, 0}, {0, 0, 1}, {HUGE, 1, 0}, {INF, 1, 0}, {NAN, NAN, NAN}});
    }

    @Test
    void reluHasSlopeZeroAtZero() {
        table("relu", Tensor::relu, new double[][] {
            {-INF, 0, 0}, {-HUGE, 0, 0}, {-1, 0, 0}, {0, 0, 0}, {2, 2, 1}, {HUGE, HUGE, 1}, {INF, INF, 1},
            {NAN, NAN, NAN}});
    }

    @Test
    void lgammaIsInfiniteAtThePoles() {
        table("lgamma", Tensor::lgamma, new double[][] {
            {-INF, INF, NAN}, {-HUGE, INF, NAN}, {-1, INF, NAN},
            {-0.5, 1.2655121234846454, SpecialFunctions.digamma(-0.5)}, {0, INF, -INF},
            {1, 0, SpecialFunctions.digamma(1)}, {HUGE, 6.897755278982137e+302, LOG_HUGE}, {INF, INF, INF},
            {NAN, NAN, NAN}});
    }

    @Test
    void digammaFollowsTorchAtThePoles() {
        table("digamma", Tensor::digamma, new double[][] {
            {-INF, NAN, NAN}, {-HUGE, NAN, INF}, {-1, NAN, INF}, {0, -INF, INF},
            {1, SpecialFunctions.digamma(1), SpecialFunctions.trigamma(1)}, {HUGE, LOG_HUGE, 1 / HUGE},
            {INF, INF, 0}, {NAN, NAN, NAN}});
    }

    @Test
    void constantArithmetic() {
        table("add(2)", x -> x.add(2), new double[][] {{-INF, -INF, 1}, {HUGE, HUGE, 1}, {NAN, NAN, NAN}});
        table("sub(2)", x -> x.sub(2), new double[][] {{INF, INF, 1}, {0, -2, 1}, {NAN, NAN, NAN}});
        table("mul(3)", x -> x.mul(3), new double[][] {{-INF, -INF, 3}, {HUGE, INF, 3}, {0, 0, 3}, {NAN, NAN, NAN}});
        table("mul(inf)", x -> x.mul(INF), new double[][] {{0, NAN, INF}, {2, INF, INF}});
        table("div(4)", x -> x.div(4), new double[][] {{-INF, -INF, 0.25}, {1, 0.25, 0.25}, {NAN, NAN, NAN}});
        table("div(0)", x -> x.div(0), new double[][] {{1, INF, INF}, {0, NAN, INF}});
    }

    @Test
    void powWithAConstantExponentFollowsTorchAtZero() {
        table("pow(2)", x -> x.pow(2), new double[][] {
            {-INF, INF, -INF}, {-3, 9, -6}, {0, 0, 0}, {HUGE, INF, 2 * HUGE}, {NAN, NAN, NAN}});
        table("pow(0.5)", x -> x.pow(0.5), new double[][] {{-1, NAN, NAN}, {0, 0, INF}, {4, 2, 0.25}});
        table("pow(0)", x -> x.pow(0), new double[][] {{0, 1, 0}, {-INF, 1, 0}, {NAN, 1, NAN}});
        table("pow(-1)", x -> x.pow(-1), new double[][] {{0, INF, -INF}, {2, 0.5, -0.25}, {INF, 0, -0.0}});
    }

    @Test
    void clampPassesTheGradientInsideBoundsIncluded() {
        table("clamp(-1, 1)", x -> x.clamp(-1, 1), new double[][] {
            {-INF, -1, 0}, {-HUGE, -1, 0}, {-1, -1, 1}, {0, 0, 1}, {1, 1, 1}, {1.5, 1, 0}, {INF, 1, 0},
            {NAN, NAN, NAN}});
        table("clamp(0, inf)", x -> x.clamp(0, INF), new double[][] {{-2, 0, 0}, {HUGE, HUGE, 1}, {INF, INF, 1}});
        table("clamp(2, 1)", x -> x.clamp(2, 1), new double[][] {{0, 1, 0}, {1.5, 1, 0}, {5, 1, 0}});
    }

    private static void table(String name, UnaryOperator<Tensor> op, double[][] rows) {
        for (double[] row : rows) {
            assertUnary(name, op, row[0], row[1], row[2]);
        }
    }
}
