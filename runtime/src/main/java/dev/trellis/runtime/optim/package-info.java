/**
 * Optimizers with the semantics of {@code torch.optim} and {@code pyro.optim}: {@link
 * dev.trellis.runtime.optim.Sgd}, {@link dev.trellis.runtime.optim.Adam}, {@link
 * dev.trellis.runtime.optim.ClippedAdam}. Each step is all or nothing.
 */
@NullMarked
package dev.trellis.runtime.optim;

import org.jspecify.annotations.NullMarked;
