package dev.trellis.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link ModelResources} reads a resource next to a class as UTF-8 and names a missing one. */
class ModelResourcesTest {

    @Test
    void readsTheResourceNextToTheClassAsUtf8() {
        assertEquals("digraph HMM {\n  weather -> \"activity \u03c1\";\n}\n",
                ModelResources.text(ModelResourcesTest.class, "ModelResourcesTest.dot"));
    }

    @Test
    void aMissingResourceIsNamedWithTheClass() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ModelResources.text(ModelResourcesTest.class, "Missing.dot"));
        assertEquals("resource Missing.dot of dev.trellis.runtime.inference.ModelResourcesTest is missing: the Trellis"
                + " processor writes it next to the class at compile time; keep it when packaging", e.getMessage());
    }
}
