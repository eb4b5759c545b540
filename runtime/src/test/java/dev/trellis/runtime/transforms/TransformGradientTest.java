package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.GradientChecker.Inputs;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients flow through every transform: autodiff of {@code forward}, {@code inverse} and
 * {@code logAbsDetJacobian(x, forward(x))} (through both arguments, as AutoNormal differentiates it) against
 * finite differences ({@link GradientChecker}), at ordinary points with batch dimensions.
 */
class TransformGradientTest {

    private static final Inputs INPUTS = new Inputs(11);

    static Stream<Arguments> transforms() {
        return Stream.of(
                Arguments.of(new ExpTransform(), new int[] {2, 3}),
                Arguments.of(new SigmoidTransform(), new int[] {2, 3}),
                Arguments.of(new AffineTransform(1.5, -2.5), new int[] {4}),
                Arguments.of(new ComposeTransform(), new int[] {3}),
                Arguments.of(new ComposeTransform(new ExpTransform(), new AffineTransform(1, 1)), new int[] {4}),
                Arguments.of(new ComposeTransform(new SigmoidTransform(), new AffineTransform(-2, 5)), new int[] {4}),
                Arguments.of(new StickBreakingTransform(), new int[] {4}),
                Arguments.of(new StickBreakingTransform(), new int[] {2, 3}),
                Arguments.of(new ComposeTransform(new AffineTransform(0.5, 2), new StickBreakingTransform()),
                        new int[] {2, 2}),
                Arguments.of(new SoftmaxTransform(), new int[] {2, 4}),
                Arguments.of(new LowerCholeskyTransform(), new int[] {3, 3}),
                Arguments.of(new LowerCholeskyTransform(), new int[] {2, 2, 2}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transforms")
    void forwardGradientMatchesFiniteDifferences(Transform transform, int[] shape) {
        GradientChecker.check(transform + " forward " + Arrays.toString(shape), x -> transform.forward(x[0]),
                INPUTS.uniform(-2, 2, shape));
    }

    /**
     * From {@code x} in [-1, 1], so no simplex weight or unit-interval value comes near 0: the checker steps by
     * 1e-3, and {@code log(y)} needs {@code y} far above the step for the stencil's O(h^6) error to vanish.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transforms")
    void inverseGradientMatchesFiniteDifferences(Transform transform, int[] shape) {
        Tensor y = transform.forward(INPUTS.uniform(-1, 1, shape));
        GradientChecker.check(transform + " inverse " + Arrays.toString(shape), v -> transform.inverse(v[0]), y);
    }

    /**
     * The bijective transforms whose log-determinant depends on x: the identity's and an affine's are constants
     * (as in torch), and softmax and lower-Cholesky have none.
     */
    static Stream<Arguments> logDeterminantsOfX() {
        return transforms().filter(arguments -> {
            Transform transform = (Transform) arguments.get()[0];
            Tensor x = Tensor.variable(Tensor.zeros((int[]) arguments.get()[1]));
            return transform.isBijective() && transform.logAbsDetJacobian(x, transform.forward(x)).requiresGrad();
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("logDeterminantsOfX")
    void logAbsDetJacobianGradientMatchesFiniteDifferences(Transform transform, int[] shape) {
        Tensor x = INPUTS.uniform(-2, 2, shape);
        GradientChecker.check(transform + " log|det J| " + Arrays.toString(shape),
                v -> transform.logAbsDetJacobian(v[0], transform.forward(v[0])), x);
    }

    @Test
    void affineParametersGetGradients() {
        Tensor x = INPUTS.uniform(-2, 2, 3);
        GradientChecker.check("affine forward in loc and scale",
                p -> new AffineTransform(p[0], p[1]).forward(x), INPUTS.uniform(-1, 1, 3), INPUTS.uniform(0.5, 2, 3));
        GradientChecker.check("affine inverse in loc and scale",
                p -> new AffineTransform(p[0], p[1]).inverse(x), INPUTS.uniform(-1, 1, 3), INPUTS.uniform(0.5, 2, 3));
        GradientChecker.check("affine log|det J| in scale",
                p -> new AffineTransform(Tensor.scalar(0), p[0]).logAbsDetJacobian(x, x), INPUTS.uniform(-2, -0.5));
    }
}
