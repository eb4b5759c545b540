/**
 * Immutable double tensors backed by EJML ({@link dev.trellis.runtime.tensor.Tensor}).
 */
package dev.trellis.runtime.tensor;
