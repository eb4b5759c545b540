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

    /**
     * {@link #backward(double[], double[][])}, adding the adjoint of {@code inputs().get(k)} into {@code out} from
     * {@code offsets[k]} on (a block's vector of several inputs' adjoints side by side) instead of into an array per
     * input. This default goes through fresh arrays; evidence that can write in place overrides it.
     *
     * @param rowAdjoints one value per entry of every row, row-major; not modified
     * @param out accumulated into
     * @param offsets per input, where its entries start in {@code out}
     */
    default void backwardInto(double[] rowAdjoints, double[] out, int[] offsets) {
        List<dev.trellis.runtime.tensor.Tensor> inputs = inputs();
        double[][] adjoints = new double[inputs.size()][];
        for (int k = 0; k < adjoints.length; k++) {
            adjoints[k] = new double[inputs.get(k).numElements()];
        }
        backward(rowAdjoints, adjoints);
        for (int k = 0; k < adjoints.length; k++) {
            for (int j = 0; j < adjoints[k].length; j++) {
                out[offsets[k] + j] += adjoints[k][j];
            }
        }
    }
}
