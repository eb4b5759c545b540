/**
 * Stochastic variational inference: programs that sample through a {@link dev.trellis.runtime.svi.SampleContext},
 * traces, the ELBO estimators ({@link dev.trellis.runtime.svi.Elbo}: {@link dev.trellis.runtime.svi.TraceElbo},
 * {@link dev.trellis.runtime.svi.TraceMeanFieldElbo}, {@link dev.trellis.runtime.svi.TraceGraphElbo},
 * {@link dev.trellis.runtime.svi.RenyiElbo}, as Pyro's {@code Trace_ELBO}, {@code TraceMeanField_ELBO},
 * {@code TraceGraph_ELBO} and {@code RenyiELBO}) and {@link dev.trellis.runtime.svi.Svi}.
 */
@NullMarked
package dev.trellis.runtime.svi;

import org.jspecify.annotations.NullMarked;
