/**
 * Stochastic variational inference: programs that sample through a {@link dev.trellis.runtime.svi.SampleContext},
 * traces, {@link dev.trellis.runtime.svi.TraceElbo} (Pyro's {@code Trace_ELBO}) and {@link dev.trellis.runtime.svi.Svi}.
 */
@NullMarked
package dev.trellis.runtime.svi;

import org.jspecify.annotations.NullMarked;
