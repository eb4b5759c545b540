/**
 * The first-order chain kernels that the elimination engine's {@code FIRST_ORDER} scans run on
 * ({@link dev.trellis.runtime.inference.ChainKernels}, {@link dev.trellis.runtime.inference.ForwardAccumulator},
 * the scaled forward-backward passes), the training kernel for a plate of ragged sequences sharing one chain, whose
 * backward pass returns the posterior marginals and expected transition counts as the adjoints of the log tables
 * ({@link dev.trellis.runtime.inference.ChainSumProduct}), the site helpers that wrap user method bodies
 * ({@link dev.trellis.runtime.inference.SiteCalls}), and Bernoulli emissions as dense matrix products
 * ({@link dev.trellis.runtime.inference.BernoulliEmissions}), the reference the sparse evidence rows of
 * {@code dev.trellis.runtime.elimination.tables} are tested against.
 *
 * <p>The chain kernels take log-space tables (initial distribution, transition matrix, per-step evidence) and
 * run in scaled probability space: each forward step is one vector-matrix product on a transition matrix
 * that was exponentiated once per call, followed by a normalisation whose log is accumulated. That is as fast
 * as a probability-space forward pass, never underflows on long sequences, and gives posterior marginals with
 * small relative error even where they are tiny. Steps whose probabilities span more than double range (a
 * live state e^-346 or more below the leading one), which scaled space would silently round to zero, are
 * detected and computed in log space instead. Viterbi runs in log space (max-plus), where no scaling is
 * needed. The package-private classes are the individual passes; tests check each of them against a naive
 * log-space reference and against brute-force enumeration of every path.
 */
@NullMarked
package dev.trellis.runtime.inference;

import org.jspecify.annotations.NullMarked;
