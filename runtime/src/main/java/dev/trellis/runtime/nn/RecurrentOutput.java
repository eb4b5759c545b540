package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;

/**
 * What a recurrent layer returns, as torch's {@code (output, h_n)}.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param output every step's hidden state: {@code [B, T, H]} batch first, {@code [T, B, H]} otherwise, {@code [T, H]}
 *     for an unbatched input; zero past a sequence's length when lengths were given (torch's
 *     {@code pad_packed_sequence})
 * @param hN each sequence's last hidden state (at its own length): {@code [1, B, H]}, or {@code [1, H]} unbatched
 */
public record RecurrentOutput(Tensor output, Tensor hN) {
}
