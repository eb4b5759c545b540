/**
 * Learned parameters: the {@link dev.trellis.runtime.params.ParamStore} and its file format.
 */
@NullMarked
package dev.trellis.runtime.params;

import org.jspecify.annotations.NullMarked;
