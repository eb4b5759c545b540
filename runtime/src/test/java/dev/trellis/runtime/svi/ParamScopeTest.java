package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ParamScopeTest {

    @Test
    void aParameterReadAgainInTheSameScopeIsTheSameLeafValue() {
        ParamScope scope = new ParamScope(new ParamStore());
        Tensor first = scope.param("s", () -> Tensor.scalar(2.0), new Constraint.Positive());
        assertSame(first, scope.param("s", () -> Tensor.scalar(5.0), new Constraint.Positive()));
        assertEquals(2.0, first.item(), 1e-15);
    }

    @Test
    void anotherConstraintIsRejectedBothWithinAScopeAndInALaterOne() {
        ParamStore store = new ParamStore();
        ParamScope scope = new ParamScope(store);
        scope.param("s", () -> Tensor.scalar(2.0), new Constraint.Positive());
        String expected = "parameter 's' is used with constraint " + new Constraint.Real().spec()
                + " but was defined with " + new Constraint.Positive().spec();
        IllegalArgumentException sameScope = assertThrows(IllegalArgumentException.class,
                () -> scope.param("s", () -> Tensor.scalar(2.0), new Constraint.Real()));
        assertEquals(expected, sameScope.getMessage());
        IllegalArgumentException laterScope = assertThrows(IllegalArgumentException.class,
                () -> new ParamScope(store).param("s", () -> Tensor.scalar(2.0), new Constraint.Real()));
        assertEquals(expected, laterScope.getMessage());
    }
}
