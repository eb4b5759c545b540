/**
 * Neural-network building blocks with torch's semantics, on the runtime's tensors and autodiff: placeholder.
 */
@NullMarked
package dev.trellis.runtime.nn;

import org.jspecify.annotations.NullMarked;
