package dev.trellis.runtime.tensor;

import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every elementwise operation against finite differences, on several shapes and broadcast combinations. */
class ElementwiseGradientTest {

    private static final int[][] SHAPES = {{}, {3}, {2, 3}, {2, 1, 2}};
    private static final int[][][] BROADCAST_PAIRS = {
        {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{3}, {2, 3}}, {{2, 1}, {1, 3}}, {{}, {2, 2}}, {{2, 2}, {}},
        {{4, 1, 3}, {2, 1}}, {{1}, {3}},
    };

    private final Inputs inputs = new Inputs(17);

    @Test
    void smoothFunctionsOnTheRealLine() {
        unary("neg", Tensor::neg, -3, 3);
        unary("square", Tensor::square, -3, 3);
        unary("exp", Tensor::exp, -3, 3);
        unary("expm1", Tensor::expm1, -3, 3);
        unary("tanh", Tensor::tanh, -3, 3);
        unary("sigmoid", Tensor::sigmoid, -6, 6);
        unary("logSigmoid", Tensor::logSigmoid, -6, 6);
        unary("softplus", Tensor::softplus, -6, 6);
    }

    @Test
    void functionsOfPositiveArguments() {
        unary("sqrt", Tensor::sqrt, 0.2, 4);
        unary("log", Tensor::log, 0.2, 4);
        unary("log1p", Tensor::log1p, -0.8, 3);
        unary("lgamma large", Tensor::lgamma, 5, 60);
        unary("digamma large", Tensor::digamma, 5, 60);
    }

    @Test
    void functionsWithKinksOrPolesAwayFromThem() {
        double[] poles = {0, -1, -2, -3, -4};
        for (int[] shape : SHAPES) {
            GradientChecker.check("abs " + Shapes.str(shape), x -> x[0].abs(),
                    inputs.awayFrom(new double[] {0}, 0.01, -3, 3, shape));
            GradientChecker.check("relu " + Shapes.str(shape), x -> x[0].relu(),
                    inputs.awayFrom(new double[] {0}, 0.01, -3, 3, shape));
            GradientChecker.check("clamp " + Shapes.str(shape), x -> x[0].clamp(-1, 0.5),
                    inputs.awayFrom(new double[] {-1, 0.5}, 0.01, -3, 3, shape));
            GradientChecker.check("lgamma " + Shapes.str(shape), x -> x[0].lgamma(),
                    inputs.awayFrom(poles, 0.25, -3.9, 5, shape));
            GradientChecker.check("digamma " + Shapes.str(shape), x -> x[0].digamma(),
                    inputs.awayFrom(poles, 0.25, -3.9, 5, shape));
        }
    }

    @Test
    void arithmeticWithConstants() {
        unary("add(c)", x -> x.add(2.5), -3, 3);
        unary("sub(c)", x -> x.sub(-1.5), -3, 3);
        unary("mul(c)", x -> x.mul(-0.75), -3, 3);
        unary("div(c)", x -> x.div(3.0), -3, 3);
        for (double p : new double[] {0, 1, 2, 3, 0.5, -1.5, 2.7}) {
            unary("pow(" + p + ")", x -> x.pow(p), 0.3, 3);
        }
        unary("pow(3) of negatives", x -> x.pow(3), -3, -0.3);
    }

    @Test
    void broadcastArithmetic() {
        for (int[][] pair : BROADCAST_PAIRS) {
            String shapes = Shapes.str(pair[0]) + " " + Shapes.str(pair[1]);
            GradientChecker.check("add " + shapes, x -> x[0].add(x[1]),
                    inputs.uniform(-3, 3, pair[0]), inputs.uniform(-3, 3, pair[1]));
            GradientChecker.check("sub " + shapes, x -> x[0].sub(x[1]),
                    inputs.uniform(-3, 3, pair[0]), inputs.uniform(-3, 3, pair[1]));
            GradientChecker.check("mul " + shapes, x -> x[0].mul(x[1]),
                    inputs.uniform(-3, 3, pair[0]), inputs.uniform(-3, 3, pair[1]));
            GradientChecker.check("div " + shapes, x -> x[0].div(x[1]),
                    inputs.uniform(-3, 3, pair[0]), inputs.awayFrom(new double[] {0}, 0.5, -3, 3, pair[1]));
            GradientChecker.check("pow " + shapes, x -> x[0].pow(x[1]),
                    inputs.uniform(0.3, 3, pair[0]), inputs.uniform(-2, 2, pair[1]));
        }
    }

    @Test
    void whereSendsTheAdjointToTheChosenBranch() {
        Tensor condition = Tensor.mask(new boolean[] {true, false}, 2, 1);
        GradientChecker.check("where [2, 1] [2, 3] [3]", x -> Tensor.where(condition, x[0], x[1]),
                inputs.uniform(-3, 3, 2, 3), inputs.uniform(-3, 3, 3));
        Tensor full = Tensor.mask(new boolean[] {true, false, false, true, true, false}, 2, 3);
        GradientChecker.check("where [2, 3] [] [2, 3]", x -> Tensor.where(full, x[0], x[1]),
                inputs.uniform(-3, 3), inputs.uniform(-3, 3, 2, 3));
    }

    @Test
    void compositionsOfSeveralOperations() {
        GradientChecker.check("softplus(a * b) / (1 + exp(a))",
                x -> x[0].mul(x[1]).softplus().div(x[0].exp().add(1)),
                inputs.uniform(-2, 2, 2, 3), inputs.uniform(-2, 2, 3));
        GradientChecker.check("x * x reuses one input twice", x -> x[0].mul(x[0]).add(x[0].div(x[0].exp())),
                inputs.uniform(-2, 2, 4));
    }

    private void unary(String name, UnaryOperator<Tensor> op, double low, double high) {
        for (int[] shape : SHAPES) {
            GradientChecker.check(name + " " + Shapes.str(shape), x -> op.apply(x[0]),
                    inputs.uniform(low, high, shape));
        }
    }
}
