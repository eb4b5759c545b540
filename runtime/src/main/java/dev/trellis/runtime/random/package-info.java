/**
 * Seeded, reproducible random numbers for sampling ({@link dev.trellis.runtime.random.Rng}).
 */
package dev.trellis.runtime.random;
