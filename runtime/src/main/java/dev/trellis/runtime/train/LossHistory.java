package dev.trellis.runtime.train;

/**
 * The losses of a run so far, read-only, as a {@link StoppingRule} sees them: step 1's loss at index 0.
 *
 * <p>Not thread-safe: a view of the training thread's record, valid during the call it is passed to.
 */
public interface LossHistory {

    /** {@return the number of completed steps} */
    int size();

    /**
     * {@return the loss of step {@code index + 1}}
     *
     * @throws IndexOutOfBoundsException outside {@code [0, size())}
     */
    double get(int index);

    /**
     * {@return the mean loss of steps {@code from + 1 .. to}, the indices {@code [from, to)}}
     *
     * @throws IndexOutOfBoundsException if the range is empty or outside {@code [0, size())}
     */
    default double mean(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IndexOutOfBoundsException("no losses in [" + from + ", " + to + ") of " + size());
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += get(i);
        }
        return sum / (to - from);
    }
}
