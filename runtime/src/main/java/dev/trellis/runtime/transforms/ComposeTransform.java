package dev.trellis.runtime.transforms;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Applies {@code parts} in order: torch's {@code ComposeTransform}. With no parts it is torch's
 * {@code identity_transform}, which {@code biject_to(real)} returns.
 *
 * <p>The log-determinant follows torch: recompute the intermediate values from {@code x} (all but the last
 * part), take each part's log-determinant at its own input and output, sum out the event dimensions a part
 * leaves over when the composite's event is larger than the part's, and add the terms. Because it recomputes
 * rather than inverting {@code y}, saturation in one part does not spoil the others' terms: for
 * {@code exp} then {@code affine} at {@code x = 800} the result is 800, not NaN.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param parts the transforms, first applied first; copied
 */
public record ComposeTransform(List<Transform> parts) implements Transform {

    public ComposeTransform {
        parts = List.copyOf(parts);
    }

    /**
     * Composes the given transforms.
     *
     * @param parts the transforms, first applied first
     */
    public ComposeTransform(Transform... parts) {
        this(List.of(parts));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor value = x;
        for (Transform part : parts) {
            value = part.forward(value);
        }
        return value;
    }

    @Override
    public Tensor inverse(Tensor y) {
        Tensor value = y;
        for (int i = parts.size() - 1; i >= 0; i--) {
            value = parts.get(i).inverse(value);
        }
        return value;
    }

    /**
     * {@return the sum of the parts' log-determinants, each summed over the event dimensions it leaves over};
     * zeros of {@code x}'s shape (a constant) for no parts, as torch's {@code zeros_like(x)}.
     *
     * @throws UnsupportedOperationException if a part has no log-determinant
     */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        if (parts.isEmpty()) {
            return Tensor.zerosLike(x);
        }
        List<Tensor> terms = new ArrayList<>();
        Tensor input = x;
        int eventDim = domainEventDim();
        for (int i = 0; i < parts.size(); i++) {
            Transform part = parts.get(i);
            Tensor output = i == parts.size() - 1 ? y : part.forward(input);
            terms.add(EventShapes.sumRightmost(part.logAbsDetJacobian(input, output),
                    eventDim - part.domainEventDim()));
            eventDim += part.codomainEventDim() - part.domainEventDim();
            input = output;
        }
        Tensor total = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            total = total.add(terms.get(i));
        }
        return total;
    }

    /**
     * {@return the largest event any part needs, traced back to the input}: torch's {@code domain.event_dim},
     * walking the parts from the last, growing the event where a part consumes more dimensions than it makes.
     */
    @Override
    public int domainEventDim() {
        if (parts.isEmpty()) {
            return 0;
        }
        int eventDim = parts.get(parts.size() - 1).codomainEventDim();
        for (int i = parts.size() - 1; i >= 0; i--) {
            Transform part = parts.get(i);
            eventDim += part.domainEventDim() - part.codomainEventDim();
            eventDim = Math.max(eventDim, part.domainEventDim());
        }
        return eventDim;
    }

    /** {@return torch's {@code codomain.event_dim}: the mirror image of {@link #domainEventDim()}} */
    @Override
    public int codomainEventDim() {
        if (parts.isEmpty()) {
            return 0;
        }
        int eventDim = parts.get(0).domainEventDim();
        for (Transform part : parts) {
            eventDim += part.codomainEventDim() - part.domainEventDim();
            eventDim = Math.max(eventDim, part.codomainEventDim());
        }
        return eventDim;
    }

    /** {@return whether every part is bijective (true for no parts)} */
    @Override
    public boolean isBijective() {
        return parts.stream().allMatch(Transform::isBijective);
    }

    @Override
    public int[] forwardShape(int[] shape) {
        int[] result = shape.clone();
        for (Transform part : parts) {
            result = part.forwardShape(result);
        }
        return result;
    }

    @Override
    public int[] inverseShape(int[] shape) {
        int[] result = shape.clone();
        for (int i = parts.size() - 1; i >= 0; i--) {
            result = parts.get(i).inverseShape(result);
        }
        return result;
    }

    /** {@return e.g. {@code ComposeTransform(ExpTransform(), AffineTransform(loc=0.0, scale=1.0))}} */
    @Override
    public String toString() {
        return parts.stream().map(Transform::toString).collect(Collectors.joining(", ", "ComposeTransform(", ")"));
    }
}
