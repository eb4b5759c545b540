package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SiteCallsTest {

    @Test
    void evaluateReturnsWhatTheBodyReturns() {
        Categorical categorical = Categorical.ofProbs(0.5, 0.5);
        assertSame(categorical, SiteCalls.evaluate("weather", "days[0]", () -> categorical));
    }

    @Test
    void evaluateWrapsAnExceptionFromTheBodyNamingSiteAndWhere() {
        SiteException e = assertThrows(SiteException.class, () -> SiteCalls.evaluate("activity", "weather = 1",
                () -> Categorical.ofProbs(0.6, 0.5, -0.1)));
        assertEquals("site 'activity' at weather = 1: probs[2] = -0.1 is negative", e.getMessage());
        assertEquals("activity", e.site());
        assertEquals("weather = 1", e.where());
        assertEquals("probs[2] = -0.1 is negative", e.problem());
        assertEquals(IllegalArgumentException.class, e.getCause().getClass());
    }

    @Test
    void evaluateNamesTheExceptionTypeWhenItHasNoMessage() {
        SiteException e = assertThrows(SiteException.class, () -> SiteCalls.evaluate("x", "days[2]", () -> {
            throw new ArithmeticException();
        }));
        assertEquals("site 'x' at days[2]: ArithmeticException", e.getMessage());
    }

    @Test
    void evaluatePassesSiteExceptionsThroughUnchanged() {
        SiteException inner = new SiteException("inner", "days[1]", "observed value 9 is outside the support 0..2");
        assertSame(inner, assertThrows(SiteException.class,
                () -> SiteCalls.evaluate("outer", "days[1]", () -> {
                    throw inner;
                })));
    }

    @Test
    void evaluateRejectsANullDistribution() {
        assertSiteMessage("site 'weather' at days[4]: returned null",
                () -> SiteCalls.evaluate("weather", "days[4]", () -> null));
    }

    @Test
    void enumerableRejectsADistributionWithoutFiniteSupport() {
        Categorical categorical = Categorical.ofProbs(1.0);
        assertSame(categorical, SiteCalls.enumerable("weather", "days[0]", categorical));
        assertSiteMessage("site 'rate' at days[3]: returned Normal, which has no finite support to enumerate",
                () -> SiteCalls.enumerable("rate", "days[3]", Normal.of(0.0, 1.0)));
    }

    @Test
    void logProbTableChecksTheNumberOfCategories() {
        Categorical categorical = Categorical.ofProbs(0.2, 0.3, 0.5);
        assertArrayEquals(new double[] {Math.log(0.2), Math.log(0.3), Math.log(0.5)},
                SiteCalls.logProbTable("activity", "weather = 0", categorical, 3), 0.0);
        assertArrayEquals(new double[] {Math.log(0.2), Math.log(0.3), Math.log(0.5)},
                SiteCalls.logProbTable("activity", "weather = 0", categorical, -1), 0.0);
        assertSiteMessage("site 'weather' at weather = 1: has 3 categories but the model expects 2",
                () -> SiteCalls.logProbTable("weather", "weather = 1", categorical, 2));
        double[] row = new double[3];
        SiteCalls.logProbTableInto("activity", "weather = 0", categorical, row);
        assertEquals(Math.log(0.3), row[1], 0.0);
        assertSiteMessage("site 'weather' at days[2]: has 3 categories but the model expects 4",
                () -> SiteCalls.logProbTableInto("weather", "days[2]", categorical, new double[4]));
    }

    @Test
    void logProbTableRejectsNaNFromAUserDistribution() {
        EnumerableDistribution broken = new EnumerableDistribution() {
            @Override
            public int supportSize() {
                return 2;
            }

            @Override
            public double logProb(int value) {
                return value == 0 ? 0.0 : Double.NaN;
            }

            @Override
            public void logProbsInto(double[] out) {
                out[0] = logProb(0);
                out[1] = logProb(1);
            }

            @Override
            public int sampleValue(Rng rng) {
                return 0;
            }

            // The tensor-level methods are not what SiteCalls uses.
            @Override
            public int[] batchShape() {
                return new int[0];
            }

            @Override
            public int[] eventShape() {
                return new int[0];
            }

            @Override
            public Constraint support() {
                return new Constraint.IntegerInterval(0, 1);
            }

            @Override
            public Tensor logProb(Tensor value) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Tensor sample(Rng rng) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Tensor mean() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Tensor variance() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Tensor entropy() {
                throw new UnsupportedOperationException();
            }
        };
        assertSiteMessage("site 'coin' at days[0]: log-probability of value 1 is NaN",
                () -> SiteCalls.logProbTable("coin", "days[0]", broken, 2));
    }

    @Test
    void checkLengthRejectsAnEmptySequence() {
        assertEquals(4, SiteCalls.checkLength("activity", "days", 4));
        assertSiteMessage("site 'activity' at days: the sequence is empty; plate 'days' needs at least one step",
                () -> SiteCalls.checkLength("activity", "days", 0));
        assertSiteMessage("site 'activity' at days: the sequence length -2 is negative; plate 'days' needs at least"
                + " one step", () -> SiteCalls.checkLength("activity", "days", -2));
    }

    @Test
    void checkObservedNamesThePositionAndTheValue() {
        assertEquals(2, SiteCalls.checkObserved("activity", "days", 3, 2, 3));
        assertSiteMessage("site 'activity' at days[3]: observed value 5 is outside the support 0..2",
                () -> SiteCalls.checkObserved("activity", "days", 3, 5, 3));
        assertSiteMessage("site 'activity' at days[0]: observed value -1 is outside the support 0..2",
                () -> SiteCalls.checkObserved("activity", "days", 0, -1, 3));
    }

    @Test
    void checkSameLengthNamesBothSitesAndLengths() {
        SiteCalls.checkSameLength("days", "activity", 5, "mood", 5);
        assertSiteMessage("site 'mood' at days: has 4 steps but site 'activity' has 5; every site in plate 'days'"
                + " needs the same length", () -> SiteCalls.checkSameLength("days", "activity", 5, "mood", 4));
    }

    private static void assertSiteMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(SiteException.class, call).getMessage());
    }
}
