package dev.trellis.runtime.nn;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * How a batch of sequences of possibly different lengths runs through a recurrent kernel, as torch's packed
 * sequences do: the sequences are ordered by decreasing length (ties keep their order), so that at step {@code t}
 * the sequences still running are the first {@code active(t)} rows of every time-major buffer, and each step is one
 * matrix product on that prefix of rows. Batch-major tensors (the input, the output) keep the caller's order.
 *
 * <p>Reversed, step {@code t} of a sequence of length L reads and writes its batch-major row {@code L - 1 - t}: the
 * kernel runs each sequence from its own last step back to its first, and the state after reading a step sits beside
 * that step (Pyro's {@code reverse_sequences} before and after the layer, without the two copies).
 */
final class RecurrentBatch {

    private final int batch;
    private final int steps;
    private final int[] lengths;
    private final int[] order;
    private final int[] active;
    private final boolean reversed;

    private RecurrentBatch(int batch, int steps, int[] lengths, boolean reversed) {
        this.batch = batch;
        this.steps = steps;
        this.lengths = lengths;
        this.reversed = reversed;
        this.order = IntStream.range(0, batch).boxed()
                .sorted(Comparator.comparingInt((Integer b) -> -lengths[b]))
                .mapToInt(Integer::intValue).toArray();
        this.active = new int[steps];
        for (int t = 0; t < steps; t++) {
            int count = 0;
            while (count < batch && lengths[order[count]] > t) {
                count++;
            }
            active[t] = count;
        }
    }

    /**
     * The layout of {@code batch} sequences padded to {@code steps}.
     *
     * @param lengths each sequence's length, in {@code [1, steps]}; null when every sequence runs all steps
     * @param reversed whether each sequence runs from its last step to its first
     * @throws IllegalArgumentException naming the sequence if a length is out of range or the count differs
     */
    static RecurrentBatch of(String layer, int batch, int steps, int @Nullable [] lengths, boolean reversed) {
        if (lengths == null) {
            int[] full = new int[batch];
            Arrays.fill(full, steps);
            return new RecurrentBatch(batch, steps, full, reversed);
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException(layer + ": " + lengths.length + " lengths for a batch of " + batch
                    + " sequences");
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException(layer + ": sequence " + b + " has length " + lengths[b]
                        + "; lengths must lie in [1, " + steps + "], the padded number of steps");
            }
        }
        return new RecurrentBatch(batch, steps, lengths.clone(), reversed);
    }

    int batch() {
        return batch;
    }

    int steps() {
        return steps;
    }

    /** {@return the length of sequence {@code b} (caller's order)} */
    int length(int b) {
        return lengths[b];
    }

    /** {@return the caller's index of the sequence at row {@code i} of the time-major buffers} */
    int sequence(int i) {
        return order[i];
    }

    /** {@return how many sequences run at step {@code t}: they are rows {@code 0 .. active(t) - 1}} */
    int active(int t) {
        return active[t];
    }

    /**
     * {@return the row of (sequence {@code b}, step {@code t}) in a batch-major {@code [batch * steps]} layout}: row
     * {@code t} of the sequence, or {@code length - 1 - t} when reversed; {@code t} below the sequence's length
     */
    int batchMajorRow(int b, int t) {
        return b * steps + (reversed ? lengths[b] - 1 - t : t);
    }
}
