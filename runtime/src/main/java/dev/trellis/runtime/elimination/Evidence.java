package dev.trellis.runtime.elimination;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * The log-likelihood of one observed site's data, as rows an elimination reads: row i is an instance of the
 * site's plate (a step, a data point, ...), column c an assignment of the enumerated variables the site reads
 * (row-major over their axes, in the order the plan lists them). Entry {@code [i][c]} is
 * {@code log p(data_i | parents = c)}, summed over the site's folded plates.
 *
 * <p>Rows may be produced lazily and in blocks, so that a likelihood-only scan never holds all of them.
 * {@link #inputs()} and {@link #backward} connect the rows to the autodiff tape: a generated program hands the
 * elimination's adjoints of the rows back here to get the adjoints of the tensors the rows were computed from.
 *
 * <p>For an instance at an early step of a Markov plate, where a parent read at lag l > step does not exist,
 * the row holds the boundary value replicated along that parent's axis.
 *
 * <p>Implementations are made for one elimination and read by it alone; they need not be thread-safe, and the generated
 * code never shares one between threads.
 */
public interface Evidence {

    /** {@return the observed site's name, for messages} */
    String site();

    /** {@return the number of rows: instances of the site's plate in this evaluation} */
    int instances();

    /** {@return the number of columns: the product of the enumerated parents' domain sizes (1 for none)} */
    int cells();

    /**
     * Writes rows {@code from} (inclusive) to {@code to} (exclusive) into {@code out}, starting at {@code at}:
     * {@code out[at + (i - from) * cells() + c]}.
     *
     * @throws dev.trellis.runtime.errors.SiteException naming the site, the instance and the value when the data
     *     or the site's distribution is invalid there
     */
    void fill(int from, int to, double[] out, int at);

    /** {@return the tensors the rows were computed from (empty when nothing needs a gradient)} */
    List<Tensor> inputs();

    /**
     * Accumulates into {@code inputAdjoints[k]} the adjoint of {@code inputs().get(k)} given the adjoints of every
     * row entry ({@code rowAdjoints[i * cells() + c] = d loss / d row[i][c]}).
     *
     * @param rowAdjoints one value per entry of every row, row-major
     * @param inputAdjoints one array per input, of that input's number of elements, accumulated into
     */
    void backward(double[] rowAdjoints, double[][] inputAdjoints);

    /**
     * {@link #backward(double[], double[][])} for the row adjoints {@code scale * rowAdjoints[j]}, each product
     * formed as it is read, so that the caller need not copy the rows to scale them (the adjoint of a program's
     * loss is {@code scale} times the elimination's). This default copies; the evidence kinds of
     * {@code dev.trellis.runtime.elimination.tables} fuse the product into their loops.
     *
     * @param rowAdjoints one value per entry of every row, row-major; not modified
     * @param scale the factor of every row adjoint
     * @param inputAdjoints as there, accumulated into
     */
    default void backward(double[] rowAdjoints, double scale, double[][] inputAdjoints) {
        double[] scaled = new double[rowAdjoints.length];
        for (int j = 0; j < scaled.length; j++) {
            scaled[j] = scale * rowAdjoints[j];
        }
        backward(scaled, inputAdjoints);
    }
}
