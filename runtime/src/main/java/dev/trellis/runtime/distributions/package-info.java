/**
 * Probability distributions that {@code @Sample} methods return. Parameterisations, supports and log
 * densities follow {@code torch.distributions}, except where a class documents a deliberate difference.
 */
package dev.trellis.runtime.distributions;
