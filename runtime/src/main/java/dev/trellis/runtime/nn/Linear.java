package dev.trellis.runtime.nn;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * torch's {@code nn.Linear}: {@code y = x W^T + b} on the last dimension of the input, every leading dimension a
 * batch dimension ({@code [..., in] -> [..., out]}). Parameters, in torch's order: {@code weight [out, in]} and
 * {@code bias [out]} (unless made without), both initialised uniform on {@code [-1/sqrt(in), 1/sqrt(in))}. The
 * whole batch is one matrix product and one autodiff node.
 *
 * <p>Thread-safe for forward passes; not for runs that bind it at the same time (see {@link Module}).
 */
public final class Linear extends Layer {

    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final @Nullable Parameter bias;
    /** The last weight's copies, for the many small batches of a recurrent model's steps (one immutable record). */
    private volatile AffineKernels.@Nullable WeightCopies weightCopies;

    /**
     * A layer with a bias, initialised as torch does.
     *
     * @param inFeatures the input size, at least 1
     * @param outFeatures the output size, at least 1
     * @param rng the stream the initial values are drawn from (weight first, then bias)
     */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    /**
     * A layer, initialised as torch does.
     *
     * @param inFeatures the input size, at least 1
     * @param outFeatures the output size, at least 1
     * @param withBias whether the layer has a bias (torch's {@code bias=True})
     * @param rng the stream the initial values are drawn from (weight first, then bias)
     */
    public Linear(int inFeatures, int outFeatures, boolean withBias, Rng rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures
                    + "): both sizes must be at least 1");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = TorchInit.bound(inFeatures);
        this.weight = addParameter("weight", TorchInit.uniform(rng, bound, outFeatures, inFeatures));
        this.bias = withBias ? addParameter("bias", TorchInit.uniform(rng, bound, outFeatures)) : null;
    }

    /** {@return the input size} */
    public int inFeatures() {
        return inFeatures;
    }

    /** {@return the output size} */
    public int outFeatures() {
        return outFeatures;
    }

    /** {@return the weight, {@code [out, in]}} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias, {@code [out]}, or null for a layer without} */
    public @Nullable Parameter bias() {
        return bias;
    }

    /**
     * {@inheritDoc}
     *
     * @param input {@code [..., in]}, rank at least 1
     * @return {@code [..., out]}
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, false);
    }

    /** The affine map, then {@code relu} if asked, as one node; see {@link Relu#ofLinear}. */
    Tensor forward(Tensor input, boolean relu) {
        AffineKernels.WeightCopies last = weightCopies;
        AffineKernels.WeightCopies copies = last == null ? AffineKernels.WeightCopies.forCalls(weight.value())
                : last.refreshedFor(weight.value());
        weightCopies = copies;
        return AffineKernels.affine(toString(), input, copies, bias == null ? null : bias.value(), relu);
    }

    /**
     * {@code forward(Relu.ofSums(input, rows))}, the layer applied to {@code relu(input + rows[k])} for every row
     * {@code k} of {@code rows}, as one autodiff node that never stores the hidden layer (a block of its rows at a
     * time; see {@link Relu#ofSums} for the rows' order): hmm.py's nnHMM, {@code hidden_to_logits(relu(x_to_hidden(x) +
     * y_to_hidden(y)))} for every hidden state {@code x}. Values and gradients are those of the two nodes, up to the
     * order in which the gradients' sums are added.
     *
     * @param input {@code [..., in]} with {@code m} rows
     * @param rows {@code [k, in]}
     * @return {@code [k m, out]}
     * @throws IllegalArgumentException naming the shapes if they are not {@code [..., in]} and {@code [k, in]}
     */
    public Tensor forwardOfReluSums(Tensor input, Tensor rows) {
        return LinearOfReluSums.apply(toString(), input, rows, weight.value(), bias == null ? null : bias.value());
    }

    @Override
    public String toString() {
        return "Linear(" + inFeatures + ", " + outFeatures + (bias == null ? ", bias=false)" : ")");
    }
}
