/**
 * Exceptions raised at run time by generated inference code and the runtime kernels.
 *
 * <p>Every runtime failure that a user can cause with data or parameters is a
 * {@link dev.trellis.runtime.errors.TrellisException}: a {@link dev.trellis.runtime.errors.SiteException}
 * when the problem belongs to one sample site (bad parameters, observed values outside the support), an
 * {@link dev.trellis.runtime.errors.ImpossibleEvidenceException} when the data as a whole has probability
 * zero and the requested answer (marginals, MAP path, posterior sample) does not exist. Programming errors in
 * calls to the kernels themselves (wrong array sizes) stay plain {@link java.lang.IllegalArgumentException}s.
 */
@NullMarked
package dev.trellis.runtime.errors;

import org.jspecify.annotations.NullMarked;
