/**
 * Pyro's automatic guides for SVI, built from a model {@link dev.trellis.runtime.svi.Program} by running it once:
 * {@link dev.trellis.runtime.svi.autoguide.AutoNormal} (mean-field normal on the unconstrained space),
 * {@link dev.trellis.runtime.svi.autoguide.AutoDelta} (point estimates, MAP), and the guides on one joint unconstrained
 * latent vector ({@link dev.trellis.runtime.svi.autoguide.AutoContinuous}):
 * {@link dev.trellis.runtime.svi.autoguide.AutoDiagonalNormal},
 * {@link dev.trellis.runtime.svi.autoguide.AutoMultivariateNormal},
 * {@link dev.trellis.runtime.svi.autoguide.AutoLowRankMultivariateNormal} and
 * {@link dev.trellis.runtime.svi.autoguide.AutoLaplaceApproximation}; their
 * {@link dev.trellis.runtime.svi.autoguide.InitStrategy initialisation strategies}; and
 * {@link dev.trellis.runtime.svi.autoguide.PosteriorSamples} to summarise any trained guide.
 */
@NullMarked
package dev.trellis.runtime.svi.autoguide;

import org.jspecify.annotations.NullMarked;
