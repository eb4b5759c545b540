package dev.trellis.runtime.shapes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The sizes of a model's named dimensions as far as they are known: those read from the model object and constants,
 * plus any the caller knows (data sizes). Generated {@code <Model>Shapes} classes build one per check.
 *
 * <p>Not thread-safe: one check fills it; build one per check, as the generated code does.
 */
public final class Dimensions {
    private final Map<String, Integer> sizes;

    private Dimensions(Map<String, Integer> sizes) {
        this.sizes = sizes;
    }

    /** {@return an empty builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the size of {@code name}, empty while unknown} */
    public OptionalInt size(String name) {
        Integer size = sizes.get(name);
        return size == null ? OptionalInt.empty() : OptionalInt.of(size);
    }

    /** {@return every known size, by name, in declaration order} */
    public Map<String, Integer> known() {
        return Map.copyOf(sizes);
    }

    /** Collects dimension sizes. */
    public static final class Builder {
        private final Map<String, Integer> sizes = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a dimension whose size is known.
         *
         * @param name the dimension's name
         * @param size its size
         * @param source where the size was read, e.g. {@code model.hidden}, for the message
         * @return this builder
         * @throws IllegalStateException naming the dimension and its source if {@code size < 1}
         */
        public Builder known(String name, int size, String source) {
            if (size < 1) {
                throw new IllegalStateException("dimension '" + name + "' (" + source + ") is " + size
                        + "; a dimension has at least one member");
            }
            sizes.put(name, size);
            return this;
        }

        /**
         * Adds sizes the caller knows (of dimensions sized by the data), checking each as {@link #known}.
         *
         * @param more sizes by dimension name
         * @return this builder
         */
        public Builder given(Map<String, Integer> more) {
            more.forEach((name, size) -> known(name, size, "given"));
            return this;
        }

        /** {@return the dimensions} */
        public Dimensions build() {
            return new Dimensions(new LinkedHashMap<>(sizes));
        }
    }
}
