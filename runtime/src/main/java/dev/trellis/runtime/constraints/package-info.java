/**
 * Constraints on values, as {@code torch.distributions.constraints} names them: the supports of
 * distributions and the domains of learned parameters.
 */
@NullMarked
package dev.trellis.runtime.constraints;

import org.jspecify.annotations.NullMarked;
