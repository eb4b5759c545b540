package dev.trellis.runtime.nn;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;

/**
 * torch's {@code nn.Sequential}: layers applied in order, registered as children {@code 0}, {@code 1}, ... (so
 * their parameters are {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, ...).
 *
 * <p>Thread-safe for forward passes; not for runs that bind it at the same time (see {@link Module}).
 */
public final class Sequential extends Layer {

    private final List<Layer> layers;

    /**
     * @param layers the layers, at least one, applied first to last
     * @throws IllegalArgumentException if there are none
     */
    public Sequential(Layer... layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("Sequential needs at least one layer");
        }
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            addModule(Integer.toString(i), layers[i]);
        }
    }

    /** {@return the layers, in order} */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A {@link Linear} followed by a {@link Relu} runs as {@link Relu#ofLinear}, one node with the same values and
     * gradients.
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor value = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Linear linear && i + 1 < layers.size() && layers.get(i + 1) instanceof Relu) {
                value = Relu.ofLinear(linear, value);
                i++;
            } else {
                value = layer.forward(value);
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
