package dev.trellis.runtime.train;

import java.util.Optional;

/**
 * Early stopping when the loss stops improving: after step {@code n >= 2 window}, with {@code previous} the mean loss
 * of steps {@code n - 2 window + 1 .. n - window} and {@code last} that of steps {@code n - window + 1 .. n}, training
 * stops when
 * <pre>
 * previous - last &lt;= relativeTolerance * |previous|
 * </pre>
 * that is, when the last window's mean improved on the window before it by no more than {@code relativeTolerance} of
 * its size (or got worse). Means over windows, not single losses, because SVI's losses are noisy estimates: the window
 * should be long enough for a mean to settle (hundreds of steps for a one-particle ELBO), the tolerance small (1e-3 or
 * less). A MAP fit whose loss is exact (an AutoDelta guide) can take short windows.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param window the number of steps in each of the two windows compared, at least 1
 * @param relativeTolerance the smallest relative improvement that lets training go on, finite and non-negative
 */
public record LossPlateau(int window, double relativeTolerance) implements StoppingRule {

    /** @throws IllegalArgumentException if the window is below 1 or the tolerance negative or not finite */
    public LossPlateau {
        if (window < 1) {
            throw new IllegalArgumentException("a plateau's window must be at least 1 step, got " + window);
        }
        if (!(relativeTolerance >= 0) || Double.isInfinite(relativeTolerance)) {
            throw new IllegalArgumentException("a plateau's relative tolerance must be finite and non-negative, got "
                    + relativeTolerance);
        }
    }

    @Override
    public Optional<String> check(LossHistory losses) {
        int n = losses.size();
        if (n < 2 * window) {
            return Optional.empty();
        }
        double previous = losses.mean(n - 2 * window, n - window);
        double last = losses.mean(n - window, n);
        if (previous - last > relativeTolerance * Math.abs(previous)) {
            return Optional.empty();
        }
        return Optional.of(String.format("the loss reached a plateau: the mean of steps %d-%d (%s) improved on the mean "
                + "of steps %d-%d (%s) by less than %s of it", n - window + 1, n, last, n - 2 * window + 1,
                n - window, previous, relativeTolerance));
    }
}
