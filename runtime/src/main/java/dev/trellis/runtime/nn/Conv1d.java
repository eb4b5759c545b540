package dev.trellis.runtime.nn;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * torch's {@code nn.Conv1d} with zero padding and one group: a cross-correlation (the kernel is not flipped),
 * {@code out[n, o, i] = bias[o] + sum_{c, k} weight[o, c, k] * xpad[n, c, i * stride + k * dilation]}, where
 * {@code xpad} has {@code padding} zeros on each side. Input {@code [N, C_in, L]} (or {@code [C_in, L]} unbatched),
 * output {@code [N, C_out, L_out]} with {@code L_out = (L + 2 padding - dilation (kernel - 1) - 1) / stride + 1}.
 * Parameters, in torch's order: {@code weight [C_out, C_in, kernel]} and {@code bias [C_out]}, both initialised uniform
 * on {@code [-1/sqrt(C_in kernel), 1/sqrt(C_in kernel))}. The whole batch is one EJML product (the input's windows
 * laid out as the columns of one matrix) and one autodiff node.
 *
 * <p>Thread-safe for forward passes; not for runs that bind it at the same time (see {@link Module}).
 */
public final class Conv1d extends Layer {

    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final Parameter weight;
    private final @Nullable Parameter bias;

    /**
     * A convolution with stride 1, no dilation and a bias, as hmm.py's {@code Conv1d(1, channels, 3, padding=1)}.
     *
     * @param inChannels input channels, at least 1
     * @param outChannels output channels, at least 1
     * @param kernelSize the window, at least 1
     * @param padding zeros added on each side, at least 0
     * @param rng the stream the initial values are drawn from (weight, then bias)
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int padding, Rng rng) {
        this(inChannels, outChannels, kernelSize, 1, padding, 1, true, rng);
    }

    /**
     * A convolution, initialised as torch does.
     *
     * @param inChannels input channels, at least 1
     * @param outChannels output channels, at least 1
     * @param kernelSize the window, at least 1
     * @param stride the step between windows, at least 1
     * @param padding zeros added on each side, at least 0
     * @param dilation the spacing of a window's taps, at least 1
     * @param withBias whether the layer has a bias
     * @param rng the stream the initial values are drawn from (weight, then bias)
     */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation,
            boolean withBias, Rng rng) {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException("Conv1d(in " + inChannels + ", out " + outChannels + ", kernel "
                    + kernelSize + ", stride " + stride + ", padding " + padding + ", dilation " + dilation
                    + "): sizes, stride and dilation must be at least 1, padding at least 0");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        double bound = TorchInit.bound(inChannels * kernelSize);
        this.weight = addParameter("weight", TorchInit.uniform(rng, bound, outChannels, inChannels, kernelSize));
        this.bias = withBias ? addParameter("bias", TorchInit.uniform(rng, bound, outChannels)) : null;
    }

    /** {@return the weight, {@code [C_out, C_in, kernel]}} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias, {@code [C_out]}, or null for a layer without} */
    public @Nullable Parameter bias() {
        return bias;
    }

    /** {@return the output length for an input of length {@code length}; may be below 1 for too short an input} */
    public int outputLength(int length) {
        return Math.floorDiv(length + 2 * padding - dilation * (kernelSize - 1) - 1, stride) + 1;
    }

    /**
     * {@inheritDoc}
     *
     * @param input {@code [N, C_in, L]} or {@code [C_in, L]}
     * @return {@code [N, C_out, L_out]} or {@code [C_out, L_out]}
     */
    @Override
    public Tensor forward(Tensor input) {
        boolean unbatched = input.rank() == 2;
        if ((input.rank() != 2 && input.rank() != 3) || input.size(-2) != inChannels) {
            throw new IllegalArgumentException(this + ": input of shape " + Arrays.toString(input.shape())
                    + " must be [N, " + inChannels + ", L] or [" + inChannels + ", L]");
        }
        Tensor batched = unbatched ? input.unsqueeze(0) : input;
        int length = batched.size(2);
        int outLength = outputLength(length);
        if (outLength < 1) {
            throw new IllegalArgumentException(this + ": input of length " + length + " is shorter than the "
                    + "dilated kernel (" + (dilation * (kernelSize - 1) + 1) + ") after padding " + padding);
        }
        ConvolutionKernel kernel = new ConvolutionKernel(batched.size(0), inChannels, outChannels, kernelSize, length,
                outLength, stride, padding, dilation);
        Tensor out = kernel.run(batched, weight.value(), bias == null ? null : bias.value());
        return unbatched ? out.squeeze(0) : out;
    }

    @Override
    public String toString() {
        return "Conv1d(" + inChannels + ", " + outChannels + ", kernel " + kernelSize
                + (stride != 1 ? ", stride " + stride : "") + ", padding " + padding
                + (dilation != 1 ? ", dilation " + dilation : "") + (bias == null ? ", bias=false" : "") + ")";
    }
}
