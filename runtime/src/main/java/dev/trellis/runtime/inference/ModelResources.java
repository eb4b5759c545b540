package dev.trellis.runtime.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Text the Trellis processor writes next to a generated class at compile time (the model's picture, {@code
 * <Model>.dot}), read back by the generated class's methods.
 *
 * <p>Thread-safe: static methods without state.
 */
public final class ModelResources {
    private ModelResources() {}

    /**
     * {@return the UTF-8 text of resource {@code name} in the package of {@code generated}}
     *
     * @throws IllegalStateException if the resource is missing, e.g. dropped from a repackaged jar
     */
    public static String text(Class<?> generated, String name) {
        try (InputStream in = generated.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " of " + generated.getName() + " is missing: "
                        + "the Trellis processor writes it next to the class at compile time; keep it when packaging");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name + " of " + generated.getName(), e);
        }
    }
}
