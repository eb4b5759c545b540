/**
 * Tabulation, evidence and data binding for the general elimination: the log tables of enumerated sites, the
 * rows of observed sites' log-likelihoods, and the observed data they are computed from.
 *
 * <p>The sparse Bernoulli kernels ({@link dev.trellis.runtime.elimination.tables.BernoulliObservations},
 * {@link dev.trellis.runtime.elimination.tables.BernoulliEmissionTables},
 * {@link dev.trellis.runtime.elimination.tables.BernoulliEmissionAdjoints}) score 0/1 data over a plate of members in
 * O(on-members) per row.
 */
@NullMarked
package dev.trellis.runtime.elimination.tables;

import org.jspecify.annotations.NullMarked;
