package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * The shapes of an observed site's method as the evidence kinds call it: one lambda per site, written by the
 * generator around the user's {@code @Sample} method.
 *
 * <p><b>The calling convention.</b> Every form receives
 * <ul>
 *   <li>{@code variant}: {@code min(step, maxLag)} for the instance being scored, where {@code step} is its index in
 *       its sequence and {@code maxLag} the largest lag of any parent the site reads (enumerated or observed, see
 *       {@link EnumeratedParents}); 0 for a site that reads nothing at a lag. A parent read at lag
 *       {@code l > variant} does not exist at that instance: the lambda passes {@code null} (or the parameter's
 *       {@code initial}) to the user's method for it. The generator knows every parameter's lag, so it writes e.g.
 *       {@code (v, p) -> model.y(p[0], v >= 1 ? Integer.valueOf(p[1]) : null)} for
 *       {@code y(int x, @Previous("x") Integer before)}.</li>
 *   <li>{@code parents}: the values of the enumerated parents, in the order of the {@link EnumeratedParents};
 *       absent parents hold -1 (never to be read).</li>
 * </ul>
 * and, depending on the form, the values of the observed sites the site reads (its data parents). The arrays are
 * reused between calls: the lambda must not keep them. The lambda is called once per variant and assignment (and
 * data-parent value where the form has one), except for {@link OfDataValues}, which is called per instance, and
 * {@link OfDataBlocks}, which is called per block of instances.
 *
 * <p>Implementations are lambdas the generator writes around the user's method: thread-safe whenever that method is.
 */
public final class EvidenceMethod {

    private EvidenceMethod() {
    }

    /** A site that reads enumerated parents only: {@link DenseEvidence}, {@link BernoulliEvidence}, ... */
    @FunctionalInterface
    public interface OfParents {

        /**
         * @param variant {@code min(step, maxLag)}
         * @param parents the enumerated parents' values, -1 where absent
         * @return the site's distribution, batched over its folded plates
         */
        Distribution call(int variant, int[] parents);
    }

    /** A site that also reads finite integer observations ({@link CategoricalEvidence} with data parents). */
    @FunctionalInterface
    public interface OfIntData {

        /**
         * @param variant {@code min(step, maxLag)}
         * @param parents the enumerated parents' values, -1 where absent
         * @param data the data parents' values in the order of the {@link DataParent}s, -1 where absent (a parent read
         *     at a lag greater than the variant)
         * @return the site's distribution
         */
        Distribution call(int variant, int[] parents, int[] data);
    }

    /** A site that reads observations of any type, e.g. a continuous previous value ({@link PerInstanceEvidence}). */
    @FunctionalInterface
    public interface OfDataValues {

        /**
         * @param variant {@code min(step, maxLag)}
         * @param parents the enumerated parents' values, -1 where absent
         * @param data one row of each data parent ({@link ObservedData#row}: a scalar tensor for a scalar site), null
         *     where absent
         * @return the site's distribution
         */
        Distribution call(int variant, int[] parents, @Nullable Tensor[] data);
    }

    /**
     * A Bernoulli over folded plates that reads its own previous value member by member
     * ({@link AutoregressiveBernoulliEvidence}): the previous value is a 0/1 tensor over the folded plates (the
     * probes all zeros, all ones, and mixed patterns that check each member reads only its own).
     */
    @FunctionalInterface
    public interface OfPrevious {

        /**
         * @param variant {@code min(step, maxLag)} over the enumerated parents
         * @param parents the enumerated parents' values, -1 where absent
         * @param previous the previous value, shaped like one row of the data
         * @return the site's distribution
         */
        Distribution call(int variant, int[] parents, Tensor previous);
    }

    /**
     * A site that reads {@code Tensor} observations and is written for a leading batch dimension
     * ({@link BatchedEvidence}): called once per block of instances (one variant and, for ragged data, one row
     * shape) and assignment, with each data parent's rows of the block stacked along a new leading dimension, as
     * Pyro's vectorised models see a batch of sequences.
     */
    @FunctionalInterface
    public interface OfDataBlocks {

        /**
         * @param variant {@code min(step, maxLag)}, the same for every instance of the block
         * @param parents the enumerated parents' values, -1 where absent
         * @param blocks per data parent, in the order of the {@link DataParent}s: its rows for the block's instances,
         *     {@code [n, rowShape...]}; where the parent is absent (read at a lag greater than the variant) a block of
         *     that shape filled with its {@link DataParent#initial() initial}, or null when it has none. The same
         *     tensors are passed for every assignment of one block, so a method may reuse work that depends on them
         *     alone.
         * @return the site's distribution batched over the block: batch shape {@code [n, folded...]} (each folded
         *     extent, or 1 to broadcast); when every block is null, a distribution that fits one row
         */
        Distribution call(int variant, int[] parents, @Nullable Tensor[] blocks);
    }
}
