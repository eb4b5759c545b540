/**
 * The elimination engine: exact inference over a plated factor graph, driven by generated code one call per step of
 * a compile-time plan (docs/design/general-elimination.md, section 4, is the contract).
 *
 * <p><b>Contract.</b> A {@link dev.trellis.runtime.elimination.Layout} names a model's plates, enumerated variables
 * and their uses (a variable now, or l steps back along its Markov plate); {@link
 * dev.trellis.runtime.elimination.PlateInstances} gives every plate's instances for one evaluation, grouped by parent
 * instance (ragged allowed), with the subsampling scale of top-level plates. An {@link
 * dev.trellis.runtime.elimination.Elimination} records log tables (homogeneous, or {@link
 * dev.trellis.runtime.elimination.Evidence} rows per instance), contracts them (multiply, sum out; max out for MAP),
 * multiplies them over a plate's instances into its parent (times the plate's scale), and scans Markov plates with
 * the programs of a {@link dev.trellis.runtime.elimination.ScanSpec}; {@code result} gives {@code log Z} (the largest
 * log joint for MAP) and runs the backward pass (posterior marginals and adjoints, the expected count of every table
 * entry) or the traceback (MAP argmax with ties to the lowest value, or an exact posterior draw by
 * forward-filtering backward-sampling). Impossible evidence gives {@code -Infinity} and zero adjoints; the
 * posterior queries throw {@link dev.trellis.runtime.errors.ImpossibleEvidenceException} naming the first instance
 * (e.g. {@code sequences[1].time[2]}) where every term was ruled out. Never NaN.
 *
 * <p><b>Kernels.</b> {@link dev.trellis.runtime.elimination.ReferenceKernels} is the plainest reading of the
 * contract: every contraction enumerates its joint in log space, every scan is unrolled step by step in log space.
 * {@link dev.trellis.runtime.elimination.FastKernels} compiles each contraction into pair steps over strided arrays
 * ({@code PairwiseProgram}, {@code StridedContraction}; an op of k operands folds them from the left, summing each
 * use out as soon as no later operand has it), runs scans of kind {@code FIRST_ORDER} on the chain kernels of
 * {@code dev.trellis.runtime.inference}, and runs generic scans in scaled probability space. Every test runs both
 * against brute-force enumeration.
 *
 * <p><b>Numerics of the generic scan.</b> Homogeneous tables are exponentiated once per call, per-step inputs once
 * per step, each against its own maximum; every pair step's output is divided by its maximum and the logs of all the
 * scales add up, with Neumaier compensation, into a log-normaliser. The outer uses of a scan (variables of enclosing
 * plates the chain reads) are not carried in one message but split into lanes, one chain per outer assignment with
 * its own normalisers, because two outer values can explain a sequence thousands of nats apart. Precision invariant
 * (that of {@code ScaledForwardKernels}): every live scaled entry is at least 2^-500 of its maximum, so products of
 * two stay normal doubles and nothing live is flushed to zero; a sequence's lane that would break it is redone in
 * log space (LIKELIHOOD pulls its evidence again), and a homogeneous table that cannot be scaled sends every lane to
 * log space. MAP runs in log space (max-plus) throughout. The backward pass carries {@code adjoint / value} per slot
 * with unit weight per sequence, so no intermediate overflows whatever the plates' scales. Contractions outside scans
 * run in log space. Sums run in a fixed order: results are deterministic, and the same seed gives the same sample.
 *
 * <p><b>Memory.</b> LIKELIHOOD keeps two steps per lane of a scan and pulls per-step evidence in blocks of a few
 * thousand doubles: memory does not grow with the sequences (about 50 KB for a first-order scan and 130 KB for a
 * second-order one, of 10^3 or 10^6 steps alike). The other queries keep every step's pair-step outputs, O(T x
 * message) per sequence; evidence read outside scans is materialised, O(instances x cells).
 *
 * <p><b>Thread-safety.</b> An {@code Elimination} is single-use and not thread-safe (one per evaluation, on one
 * thread; what it compiles is its own). {@code Layout}, {@code PlateInstances} and {@code ScanSpec} are immutable
 * and may be shared, e.g. as static constants of generated classes; the kernel instances are stateless.
 *
 * <p><b>Choices the design note left open, or where this package departs from it.</b>
 * <ul>
 *   <li>{@code Kernels} is a sealed abstract class rather than an interface: its methods take the engine's internal
 *       types, and callers only choose one of the two instances. {@code ScanKind} is a top-level enum.</li>
 *   <li>A table made at a plate (evidence, a contraction, a product into it, a scan's output) can only be consumed at
 *       that plate; tables from {@code Elimination.table} broadcast anywhere. A contraction at a plate of only
 *       homogeneous inputs has no instance axis, but its adjoint is kept per instance, so that the marginals of what
 *       it eliminated are per instance.</li>
 *   <li>Marginals are normalised per instance, so they are posteriors whatever the plates' scales; adjoints carry the
 *       scales. {@code adjoint} also answers under MARGINALS (same pass).</li>
 *   <li>An evidence row at a boundary step is read at index 0 of the uses that do not exist yet, and its adjoint goes
 *       to those entries only: an {@code Evidence} whose boundary rows replicate one value must add the adjoints of
 *       the replicas (all but index 0 are 0).</li>
 *   <li>MAP ties are broken per pair step of the fast kernels (lowest value of the uses that step sums out), per op
 *       of the reference kernels; on exact ties between several eliminated uses the two may pick different, equally
 *       good, assignments.</li>
 *   <li>{@code FIRST_ORDER} accepts, besides the promised tables, several tables per role and tables over subsets of
 *       {@code [x@1, x]}; they are added into one initial row, transition matrix and evidence row per step.</li>
 *   <li>Binding a domain again with the same size is allowed (a no-op).</li>
 * </ul>
 */
@NullMarked
package dev.trellis.runtime.elimination;

import org.jspecify.annotations.NullMarked;
