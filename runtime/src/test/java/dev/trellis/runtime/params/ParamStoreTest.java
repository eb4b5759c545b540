package dev.trellis.runtime.params;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamStoreTest {
    private static final Constraint POSITIVE = new Constraint.Positive();
    private static final Constraint REAL = new Constraint.Real();

    @Test
    void definingAnExistingNameKeepsTheStoredValueAsPyroParamDoes() {
        var store = new ParamStore();
        ParamStore.Entry first = store.define("scale", Tensor.vector(0.5), POSITIVE);
        ParamStore.Entry second = store.define("scale", Tensor.vector(9.0), POSITIVE);

        assertSame(first, second);
        assertArrayEquals(new double[] {0.5}, store.unconstrained("scale").toArray());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.define("scale", Tensor.vector(1.0), REAL))
                .getMessage().contains("exists with constraint positive, not real"));
    }

    @Test
    void restoringASnapshotReplacesEverythingAndRefusesNonFiniteValues() {
        var store = new ParamStore();
        store.define("a", Tensor.vector(1.0), REAL);
        var other = new ParamStore();
        other.define("b", Tensor.vector(2.0, 3.0), REAL);
        store.restore(other.snapshot());
        assertTrue(store.contains("b"));
        assertFalse(store.contains("a"));
        assertEquals(List.of("b"), List.copyOf(store.unconstrainedValues().keySet()));
        assertArrayEquals(new double[] {2.0, 3.0}, store.unconstrainedValues().get("b").toArray());

        var bad = Map.of("c", new ParamStore.Entry(Tensor.vector(Double.NaN), REAL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.restore(bad));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
        assertEquals(List.of("b"), List.copyOf(store.names()));
    }

    @Test
    void namesKeepDefinitionOrder() {
        var store = new ParamStore();
        store.define("b", Tensor.scalar(1), REAL);
        store.define("a", Tensor.scalar(2), REAL);
        store.define("c", Tensor.scalar(3), REAL);
        assertEquals(List.of("b", "a", "c"), List.copyOf(store.names()));
    }

    @Test
    void anUpdateWithOneBadValueInstallsNothing() {
        var store = new ParamStore();
        store.define("a", Tensor.vector(1.0, 2.0), REAL);
        store.define("b", Tensor.vector(3.0), REAL);

        var e = assertThrows(IllegalArgumentException.class,
                () -> store.update(Map.of("a", Tensor.vector(5.0, 6.0), "b", Tensor.vector(Double.NaN))));
        assertTrue(e.getMessage().contains("parameter 'b' would hold NaN at index 0"), e.getMessage());
        assertArrayEquals(new double[] {1.0, 2.0}, store.unconstrained("a").toArray());
        assertArrayEquals(new double[] {3.0}, store.unconstrained("b").toArray());

        store.update(Map.of("a", Tensor.vector(5.0, 6.0)));
        assertArrayEquals(new double[] {5.0, 6.0}, store.unconstrained("a").toArray());
    }

    @Test
    void updatesMayNotChangeShapesOrInventNames() {
        var store = new ParamStore();
        store.define("a", Tensor.vector(1.0, 2.0), REAL);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.update(Map.of("a", Tensor.vector(1.0))))
                .getMessage().contains("has shape [2], the update has shape [1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.update(Map.of("z", Tensor.vector(1.0))))
                .getMessage().contains("no parameter named 'z'"));
        assertThrows(IllegalArgumentException.class, () -> store.define("inf", Tensor.vector(Double.POSITIVE_INFINITY), REAL));
    }

    @Test
    void clearEmptiesTheStore() {
        var store = new ParamStore();
        store.define("a", Tensor.scalar(1), REAL);
        store.clear();
        assertTrue(store.names().isEmpty());
    }

    @Test
    void constrainedValuesAreTheUnconstrainedOnesThroughTransformTo() {
        var store = new ParamStore();
        store.define("loc", Tensor.scalar(-0.5), REAL);
        store.define("scale", Tensor.scalar(Math.log(2.5)), new Constraint.Positive());
        store.define("probs", Tensor.vector(0.0, Math.log(3.0)), new Constraint.Simplex());

        Map<String, Tensor> values = store.constrainedValues();
        assertEquals(List.of("loc", "scale", "probs"), List.copyOf(values.keySet()));
        assertEquals(-0.5, values.get("loc").item());
        assertEquals(2.5, values.get("scale").item(), 1e-15);
        // torch's transform_to(simplex) is the softmax: (1, 3) / 4
        Tensor probs = values.get("probs");
        assertEquals(0.25, probs.get(0), 1e-15);
        assertEquals(0.75, probs.get(1), 1e-15);
        assertArrayEquals(probs.toArray(), store.constrained("probs").toArray());
        assertThrows(IllegalArgumentException.class, () -> store.constrained("nothing"));
    }
}
