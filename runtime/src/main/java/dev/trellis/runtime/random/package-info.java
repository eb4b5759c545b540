/**
 * Seeded, reproducible random numbers for sampling ({@link dev.trellis.runtime.random.Rng}).
 */
@NullMarked
package dev.trellis.runtime.random;

import org.jspecify.annotations.NullMarked;
