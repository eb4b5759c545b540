package dev.trellis.runtime.elimination.tables;

import dev.trellis.runtime.elimination.Evidence;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Evidence whose {@link #inputs()} are functions of the globals alone, not of the rows' data (e.g. a sparse Bernoulli
 * emission's per-state, per-member log-probabilities): the members of a plate can then share one tabulation of them.
 * A data-parallel step tabulates the evidence once over all of its members and gives each block of members
 * {@link #over} its own data; the blocks' adjoints of the shared inputs are added up and taken back through the one
 * tabulation (one backward pass per step instead of one per block).
 *
 * <p>Thread-safe for {@link #over} and for reading: the tabulation is never changed once made.
 */
public interface SharedInputEvidence extends Evidence {

    /**
     * {@return the same site's evidence over other data of the same shape (e.g. a block of the members this evidence
     * was tabulated over), reading this evidence's inputs: its {@link #inputs()} are these same tensors, in the same
     * order, and its {@link #backward} writes their adjoints from its own rows alone; null when the data need an input
     * this tabulation lacks (a variant none of its rows had) or a shape it was not made for}
     *
     * @param data the other data, with the same folded plates and event shape
     * @throws dev.trellis.runtime.errors.SiteException naming the site and entry of data the site cannot score
     */
    @Nullable SharedInputEvidence over(ObservedData data);

    /**
     * {@return a name for each of the tabulated inputs, in the order of {@link #inputs()} when those require a
     * gradient, that does not depend on the data (e.g. {@code log p(1) at variant 0}): two tabulations over different
     * members name the same input alike}
     */
    List<String> inputNames();
}
