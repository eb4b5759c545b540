/**
 * Tabulation, evidence and data binding for the general elimination: what generated code calls to turn a model's
 * site methods and its data into the tables and evidence rows the engine
 * ({@link dev.trellis.runtime.elimination}) eliminates.
 *
 * <h2>Latent enumerated sites</h2>
 * {@link dev.trellis.runtime.elimination.tables.Tabulation#table Tabulation.table} calls a site's method once per
 * assignment of its enumerated parents and stacks {@code log p(0..K-1)} into one differentiable tensor
 * {@code [parent sizes..., K]}; the engine reads its values, and a program's gradient flows back through it.
 *
 * <h2>Observed data</h2>
 * A site's data argument is described by {@link dev.trellis.runtime.elimination.tables.DataLevels} (its plates,
 * folded plates and event dimensions, outermost first) and read by {@code DataLevels.bind} into
 * {@link dev.trellis.runtime.elimination.tables.ObservedData}: rows along the instances of the site's innermost plate
 * (ragged plates allowed), each a dense block over the folded plates and the event, with the counts per parent
 * instance the engine's {@code PlateInstances} is built from. Arrays, {@code List}s and {@code Tensor}s mix freely.
 * A folded plate may have another number of members in each row (each group its own items, as each instance of a
 * {@code pyro.plate} has its own size): the rows then differ in shape ({@code ObservedData.isRagged()}), and the
 * evidence kinds score them in groups of one shape. Within a row the folded plates are dense, and the event dimensions
 * are the same in every row. Uniform rows (every step has 51 tones) are kept and read exactly as before: no per-row
 * shape is stored.
 * {@link dev.trellis.runtime.elimination.tables.NestedArrays} nests the engine's flat per-instance results (marginals,
 * assignments, simulated values) along the same counts, and back.
 *
 * <h2>Evidence</h2>
 * Each observed site becomes an {@link dev.trellis.runtime.elimination.Evidence}: rows = instances, columns = cells
 * (assignments of its enumerated parents, row-major, see
 * {@link dev.trellis.runtime.elimination.tables.EnumeratedParents}), entry = the log-likelihood of the row's data
 * summed over the folded plates. The kind is the planner's choice:
 * <ul>
 *   <li>{@link dev.trellis.runtime.elimination.tables.DenseEvidence}: any family; one method call per cell, then
 *       {@code logProb} of the rows, block by block (with ragged folded plates, one {@code logProb} per cell and
 *       group of rows of one shape; the distribution's batch must broadcast to every row's folded plates, as
 *       {@code pyro.plate} broadcasts, so it is usually {@code []}; a row without members scores 0);</li>
 *   <li>{@link dev.trellis.runtime.elimination.tables.BernoulliEvidence}: 0/1 data over folded plates, sparse
 *       (with the sparse kernels {@link dev.trellis.runtime.elimination.tables.BernoulliObservations},
 *       {@link dev.trellis.runtime.elimination.tables.BernoulliEmissionTables} and
 *       {@link dev.trellis.runtime.elimination.tables.BernoulliEmissionAdjoints}); fractional data as soft counts;
 *       ragged folded plates too: the batch broadcasts along a plate whose members differ, so a row holds some
 *       number of copies of the tables and its off-base is that many times theirs
 *       ({@link dev.trellis.runtime.elimination.tables.RaggedBernoulliRows});</li>
 *   <li>{@link dev.trellis.runtime.elimination.tables.CategoricalEvidence}: table lookup, also with finite integer
 *       data parents (a categorical autoregressive HMM);</li>
 *   <li>{@link dev.trellis.runtime.elimination.tables.AutoregressiveBernoulliEvidence}: hmm.py's model_2, a Bernoulli
 *       reading its own previous value member by member; with ragged folded plates, tables per row shape (the
 *       method sees previous values of the row's shape), and every step of a sequence must have the same members;</li>
 *   <li>{@link dev.trellis.runtime.elimination.tables.BatchedEvidence}: {@code Tensor} data parents (a network over
 *       the previous step's notes, hmm.py's nnHMM): one method call per block of instances and cell, each data
 *       parent's rows stacked along a new leading dimension, the distribution batched over the block (Pyro's
 *       vectorised semantics), checked at run time;</li>
 *   <li>{@link dev.trellis.runtime.elimination.tables.PerInstanceEvidence}: the slow general path for other
 *       continuous data parents ({@code double}s), one method call per instance and cell.</li>
 * </ul>
 * The method is passed as one lambda of a shape in {@link dev.trellis.runtime.elimination.tables.EvidenceMethod},
 * which receives the instance's <em>variant</em> ({@code min(step, maxLag)}: at early steps of a Markov plate the
 * lagged parents are absent and the method reads {@code null} or the {@code initial} instead; the row is then that
 * value for every value of the absent parents) and the parents' values.
 * {@link dev.trellis.runtime.elimination.tables.DataParent} binds observed values a site reads to its instances.
 *
 * <h2>Gradients</h2>
 * An evidence's {@code inputs()} are the tensors its rows were computed from (the dense {@code [instances, cells]}
 * scores, or the tables of the table kinds), differentiable in whatever the site method read; a generated program
 * records a custom tape operation over them whose backward pass is {@code backward(rowAdjoints, ...)}, with the
 * engine's adjoints of the rows. The tests check every kind against finite differences through the tape.
 *
 * <h2>Errors</h2>
 * Bad data and bad distributions are {@link dev.trellis.runtime.errors.SiteException}s naming the site, the index
 * path ({@code sequences[3].time[17].tones[2]}) or the parents' assignment ({@code x = 2, step 0}), and the value;
 * mistakes of the calling code (inconsistent shapes, blocks out of range) are {@code IllegalArgumentException}s or
 * {@code IndexOutOfBoundsException}s.
 *
 * <h2>Thread safety</h2>
 * {@code Tabulation}, {@code NestedArrays}, {@code DataLevels}, {@code ObservedData}, {@code EnumeratedParents},
 * {@code DataParent} and {@code BernoulliObservations} are stateless or immutable and may be shared between threads
 * (the site methods they call must then be thread-safe too). Evidence objects, {@code BernoulliEmissionTables} and
 * {@code BernoulliEmissionAdjoints} keep scratch buffers and lazily built state: make one per evaluation and use it
 * from one thread at a time.
 */
@NullMarked
package dev.trellis.runtime.elimination.tables;

import org.jspecify.annotations.NullMarked;
