/**
 * Probability distributions that {@code @Sample} methods return. Parameterisations, supports and log
 * densities follow {@code torch.distributions}, except where a class documents a deliberate difference.
 */
@NullMarked
package dev.trellis.runtime.distributions;

import org.jspecify.annotations.NullMarked;
