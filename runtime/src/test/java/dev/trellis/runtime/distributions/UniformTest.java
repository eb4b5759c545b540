package dev.trellis.runtime.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.GradientChecker;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class UniformTest {

    @Test
    void matchesEveryGoldenRecordOfTorch() {
        // Includes value == high: inside torch 1.13's closed support interval(low, high), log-density -Infinity.
        GoldenFamilyChecks.checkAll("Uniform", 4, c -> Uniform.of(c.param("low"), c.param("high")));
    }

    @Test
    void theSupportIsTorchsClosedIntervalAndHighItselfHasDensityZero() {
        Uniform d = Uniform.of(-2.0, 3.0);
        assertEquals(new Constraint.Interval(-2.0, 3.0), d.support());
        assertArrayEquals(new double[] {-Math.log(5), Double.NEGATIVE_INFINITY},
                d.logProb(Tensor.vector(-2.0, 3.0)).toArray(), 0.0);
    }

    @Test
    void logProbGradientsMatchFiniteDifferences() {
        // The value only enters through comparisons, which carry no gradient (as in torch); low and high do.
        Tensor value = Tensor.vector(0.5, -1.0, 2.9);
        GradientChecker.check("Uniform logProb", p -> Uniform.of(p[0], p[1]).logProb(value),
                Tensor.vector(0.0, -3.0, 2.0), Tensor.vector(1.0, 0.5, 7.0));
    }

    @Test
    void rsampleGradientsMatchFiniteDifferencesOfTheSameDraw() {
        ContinuousFamilyChecks.rsampleGradients("Uniform", p -> Uniform.of(p[0], p[1]), 47,
                Tensor.vector(0.0, -3.0, 2.0), Tensor.vector(1.0, 0.5, 7.0));
    }

    @Test
    void rsampleIsLowPlusAUniformDrawTimesTheWidth() {
        assertEquals(-2.0 + Rng.seeded(5).nextDouble() * 5.0, Uniform.of(-2.0, 3.0).rsample(Rng.seeded(5)).item(),
                0.0);
    }

    @Test
    void sampleMomentsMatchMeanAndVariance() {
        // Uniform(-2, 3): variance 25/12, excess kurtosis -6/5, so mu4 = 1.8 var^2; 20000 draws give standard errors
        // 0.010 (mean) and 0.013 (variance); bound 4 standard errors.
        double variance = 25.0 / 12;
        ContinuousFamilyChecks.momentsMatch(Uniform.of(-2.0, 3.0), 20000, 22, 1.8 * variance * variance, 4);
    }

    @Test
    void boundsThatDifferAcrossTheBatchAreCheckedMemberByMember() {
        Uniform d = Uniform.of(Tensor.vector(0.0, 10.0), Tensor.vector(1.0, 20.0));
        assertArrayEquals(new double[] {0.0, -Math.log(10)}, d.logProb(Tensor.vector(0.5, 15.0)).toArray(), 0.0);
        assertEquals("value[1] = 5.0 is outside the support interval(10.0, 20.0) of Uniform(low=[0.0, 10.0], "
                + "high=[1.0, 20.0])", assertThrows(IllegalArgumentException.class,
                        () -> d.logProb(Tensor.vector(0.5, 5.0))).getMessage());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, d::support);
        assertTrue(e.getMessage().contains("differ across its batch"), e.getMessage());
        assertEquals(new Constraint.Interval(0.0, 1.0), Uniform.of(0.0, 1.0).expand(3).support());
    }

    @Test
    void shapesExpandAndToEvent() {
        Uniform d = Uniform.of(Tensor.scalar(0.0), Tensor.vector(1.0, 2.0));
        assertArrayEquals(new int[] {2}, d.batchShape());
        Distribution grid = d.expand(3, 2);
        assertInstanceOf(Uniform.class, grid);
        Tensor draw = grid.sample(Rng.seeded(2));
        assertArrayEquals(new int[] {3, 2}, draw.shape());
        assertArrayEquals(grid.logProb(draw).sum(-1, false).toArray(), grid.toEvent(1).logProb(draw).toArray(), 0.0);
    }

    @Test
    void messagesNameTheParameterOrValue() {
        assertEquals("Uniform: parameter high = 1.0 is not above low = 1.0",
                assertThrows(IllegalArgumentException.class, () -> Uniform.of(1.0, 1.0)).getMessage());
        assertEquals("Uniform: parameter high[1] = -1.0 is not above low[1] = 0.0", assertThrows(
                IllegalArgumentException.class, () -> Uniform.of(Tensor.scalar(0), Tensor.vector(1, -1)))
                .getMessage());
        assertEquals("Uniform: parameter low = -Infinity is not finite", assertThrows(IllegalArgumentException.class,
                () -> Uniform.of(Double.NEGATIVE_INFINITY, 0.0)).getMessage());
        assertEquals("value = 3.5 is outside the support interval(-2.0, 3.0) of Uniform(low=-2.0, high=3.0)",
                assertThrows(IllegalArgumentException.class,
                        () -> Uniform.of(-2.0, 3.0).logProb(Tensor.scalar(3.5))).getMessage());
    }

    @Test
    void anInfiniteHighIsRejectedByName() {
        assertEquals("Uniform: parameter high = Infinity is not finite", assertThrows(IllegalArgumentException.class,
                () -> Uniform.of(0.0, Double.POSITIVE_INFINITY)).getMessage());
    }

    @Test
    void eachMembersOwnBoundsAreInItsClosedSupport() {
        Uniform d = Uniform.of(Tensor.vector(0.0, 10.0), Tensor.vector(1.0, 20.0));
        assertArrayEquals(new double[] {0.0, -Math.log(10)}, d.logProb(Tensor.vector(0.0, 10.0)).toArray(), 0.0);
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                d.logProb(Tensor.vector(1.0, 20.0)).toArray(), 0.0, "high is in torch's support, with density 0");
        assertEquals("value[1] = 20.000000000000004 is outside the support interval(10.0, 20.0) of Uniform(low=[0.0, "
                + "10.0], high=[1.0, 20.0])", assertThrows(IllegalArgumentException.class,
                        () -> d.logProb(Tensor.vector(0.5, Math.nextUp(20.0)))).getMessage());
        assertEquals("value[0] = -4.9E-324 is outside the support interval(0.0, 1.0) of Uniform(low=[0.0, "
                + "10.0], high=[1.0, 20.0])", assertThrows(IllegalArgumentException.class,
                        () -> d.logProb(Tensor.vector(-Double.MIN_VALUE, 15.0))).getMessage());
    }
}
