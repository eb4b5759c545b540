/**
 * Data parallelism over the outermost plate: the members of a program's outermost plate (the sequences, the data
 * points) are evaluated in fixed blocks on threads or on a cluster, and their log-likelihoods and gradients are added
 * up exactly, so that results do not depend on how the work was split.
 *
 * <p>{@link dev.trellis.runtime.parallel.MemberProgram} is what a generated program offers: the exact log-likelihood of
 * any set of its members as a tensor differentiable in the global values. {@link
 * dev.trellis.runtime.parallel.MemberEvaluation} decides where the blocks run ({@link
 * dev.trellis.runtime.parallel.MemberEvaluation#onThreads}); the Spark module adds executors. {@link
 * dev.trellis.runtime.parallel.MemberBlocks} fixes the blocks, {@link dev.trellis.runtime.parallel.ExactSums} the
 * reduction.
 */
@NullMarked
package dev.trellis.runtime.parallel;

import org.jspecify.annotations.NullMarked;
