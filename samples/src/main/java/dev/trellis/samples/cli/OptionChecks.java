package dev.trellis.samples.cli;

/**
 * The range checks the commands make on their numeric options, with one wording: a failed check is a user error
 * (exit status 2) whose message names the option and the value given.
 */
final class OptionChecks {

    private OptionChecks() {
    }

    /**
     * Checks a count.
     *
     * @throws IllegalArgumentException naming {@code option} if {@code value} is below 1
     */
    static void atLeastOne(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }

    /**
     * Checks a rate or a scale.
     *
     * @throws IllegalArgumentException naming {@code option} unless {@code value} is positive and finite
     */
    static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + value);
        }
    }
}
