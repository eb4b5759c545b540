package dev.trellis.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import org.junit.jupiter.api.Test;

/** Reductions and softmax against finite differences, along every dimension, with and without keepDim. */
class ReductionGradientTest {

    private static final int[][] SHAPES = {{4}, {2, 3}, {2, 3, 2}};

    private final Inputs inputs = new Inputs(23);

    @Test
    void wholeTensorReductions() {
        for (int[] shape : new int[][] {{}, {4}, {2, 3}, {2, 3, 2}}) {
            String at = " " + Shapes.str(shape);
            GradientChecker.check("sum()" + at, x -> x[0].sum(), inputs.uniform(-3, 3, shape));
            GradientChecker.check("mean()" + at, x -> x[0].mean(), inputs.uniform(-3, 3, shape));
            GradientChecker.check("logSumExp()" + at, x -> x[0].logSumExp(), inputs.uniform(-3, 3, shape));
        }
    }

    @Test
    void reductionsAlongEachDimension() {
        for (int[] shape : SHAPES) {
            for (int dim = -shape.length; dim < shape.length; dim++) {
                for (boolean keepDim : new boolean[] {false, true}) {
                    int d = dim;
                    String at = "(" + dim + ", " + keepDim + ") " + Shapes.str(shape);
                    GradientChecker.check("sum" + at, x -> x[0].sum(d, keepDim), inputs.uniform(-3, 3, shape));
                    GradientChecker.check("mean" + at, x -> x[0].mean(d, keepDim), inputs.uniform(-3, 3, shape));
                    GradientChecker.check("logSumExp" + at, x -> x[0].logSumExp(d, keepDim),
                            inputs.uniform(-3, 3, shape));
                    GradientChecker.check("max" + at, x -> x[0].max(d, keepDim), inputs.distinct(-3, 3, shape));
                    GradientChecker.check("min" + at, x -> x[0].min(d, keepDim), inputs.distinct(-3, 3, shape));
                }
            }
        }
    }

    @Test
    void softmaxAlongEachDimension() {
        for (int[] shape : SHAPES) {
            for (int dim = -shape.length; dim < shape.length; dim++) {
                int d = dim;
                String at = "(" + dim + ") " + Shapes.str(shape);
                GradientChecker.check("softmax" + at, x -> x[0].softmax(d), inputs.uniform(-3, 3, shape));
                GradientChecker.check("logSoftmax" + at, x -> x[0].logSoftmax(d), inputs.uniform(-3, 3, shape));
            }
        }
    }

    @Test
    void largeLogitsGiveTheGradientsOfTheShiftedLogits() {
        // exp(710) overflows; the shift by the maximum must make these exactly shift-invariant in effect.
        Tensor logits = inputs.uniform(-3, 3, 2, 3);
        for (double shift : new double[] {710, -1000, 1e10}) {
            assertClose(gradient(logits, x -> x.logSumExp(1, false)), gradient(logits.add(shift),
                    x -> x.logSumExp(1, false)));
            assertClose(gradient(logits, x -> x.logSoftmax(1).mul(logits)), gradient(logits.add(shift),
                    x -> x.logSoftmax(1).mul(logits)));
            assertClose(gradient(logits, x -> x.softmax(0).mul(logits)), gradient(logits.add(shift),
                    x -> x.softmax(0).mul(logits)));
        }
    }

    private static double[] gradient(Tensor at, java.util.function.UnaryOperator<Tensor> f) {
        Tensor x = Tensor.variable(at);
        return Autodiff.gradients(f.apply(x).sum()).of(x).toArray();
    }

    /** Shifting by s loses the low bits of the logits, about ulp(s) of each: compare at that precision. */
    private static void assertClose(double[] expected, double[] actual) {
        assertArrayEquals(expected, actual, 1e-5);
    }
}
