/**
 * Immutable double tensors backed by EJML ({@link dev.trellis.runtime.tensor.Tensor}): arbitrary rank,
 * row-major, with torch-like operations that record a reverse-mode autodiff graph when an input requires grad
 * (see {@link dev.trellis.runtime.autodiff}), and the special functions behind {@code lgamma} and
 * {@code digamma} ({@link dev.trellis.runtime.tensor.SpecialFunctions}).
 */
@NullMarked
package dev.trellis.runtime.tensor;

import org.jspecify.annotations.NullMarked;
