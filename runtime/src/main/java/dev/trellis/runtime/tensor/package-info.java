/**
 * Immutable double tensors backed by EJML ({@link dev.trellis.runtime.tensor.Tensor}).
 */
@NullMarked
package dev.trellis.runtime.tensor;

import org.jspecify.annotations.NullMarked;
