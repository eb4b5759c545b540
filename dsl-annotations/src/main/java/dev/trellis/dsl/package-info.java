/**
 * The annotations a Trellis model is written with: {@link dev.trellis.dsl.Model @Model} on the
 * class, {@link dev.trellis.dsl.Sample @Sample} on each site, and {@link dev.trellis.dsl.Plate},
 * {@link dev.trellis.dsl.Markov}, {@link dev.trellis.dsl.Enumerate}, {@link dev.trellis.dsl.Observed},
 * {@link dev.trellis.dsl.Previous} and {@link dev.trellis.dsl.Site} for its structure;
 * {@link dev.trellis.dsl.Dim @Dim}, {@link dev.trellis.dsl.Shape @Shape} and {@link dev.trellis.dsl.IndexedBy @IndexedBy}
 * for its shapes by named dimensions;
 * {@link dev.trellis.dsl.Param @Param}, {@link dev.trellis.dsl.Network @Network},
 * {@link dev.trellis.dsl.Computed @Computed} and {@link dev.trellis.dsl.Scale @Scale} for what SVI programs learn,
 * compute and scale; {@link dev.trellis.dsl.Guide @Guide} for a guide class. This module holds no logic and has no
 * dependencies.
 */
package dev.trellis.dsl;
