/**
 * Pyro's automatic guides for SVI: {@link dev.trellis.runtime.svi.autoguide.AutoNormal} (mean-field normal on the
 * unconstrained space) and {@link dev.trellis.runtime.svi.autoguide.AutoDelta} (point estimates, MAP), built from a
 * model {@link dev.trellis.runtime.svi.Program} by running it once; their
 * {@link dev.trellis.runtime.svi.autoguide.InitStrategy initialisation strategies}; and
 * {@link dev.trellis.runtime.svi.autoguide.PosteriorSamples} to summarise any trained guide.
 */
@NullMarked
package dev.trellis.runtime.svi.autoguide;

import org.jspecify.annotations.NullMarked;
