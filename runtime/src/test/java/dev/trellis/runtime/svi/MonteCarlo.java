package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.IntToDoubleFunction;

/**
 * Independent draws of an estimator and the statistics the tests compare with exact values: the mean, the sample
 * variance, and the standard error of the mean. A test that an estimator is unbiased asserts that the exact value lies
 * within 5 standard errors of the mean (a false failure about once in 1.7 million runs for a normal mean; the draws are
 * seeded, so a run is reproducible either way).
 */
record MonteCarlo(double mean, double variance, int count) {

    /** How many standard errors a mean may stray from the exact value. */
    static final double STANDARD_ERRORS = 5;

    /** {@return the statistics of {@code count} draws of {@code draw(i)}} */
    static MonteCarlo of(int count, IntToDoubleFunction draw) {
        double[] values = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            values[i] = draw.applyAsDouble(i);
            sum += values[i];
        }
        double mean = sum / count;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new MonteCarlo(mean, squares / (count - 1), count);
    }

    /** {@return the standard error of the mean} */
    double standardError() {
        return Math.sqrt(variance / count);
    }

    /** Asserts that {@code exact} lies within {@link #STANDARD_ERRORS} standard errors of the mean. */
    void assertMeanIs(double exact, String what) {
        assertEquals(exact, mean, STANDARD_ERRORS * standardError(), what + ": mean " + mean + " of " + count
                + " draws, standard error " + standardError());
    }

    /** Asserts that two independent estimators have the same mean, within 5 standard errors of the difference. */
    void assertSameMeanAs(MonteCarlo other, String what) {
        double error = Math.sqrt(standardError() * standardError() + other.standardError() * other.standardError());
        assertEquals(other.mean, mean, STANDARD_ERRORS * error, what + ": means " + mean + " and " + other.mean
                + ", standard error of the difference " + error);
    }
}
