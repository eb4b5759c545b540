package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A query's values of a network's parameters, read by their parameter-store names. */
class NetworkValuesTest {

    private final Linear layer = new Linear(2, 3, Rng.seeded(4));

    @Test
    void valuesAreReadByStoreNameDetachedAndInTheModulesOrder() {
        Tensor weight = Tensor.variable(Tensor.ones(3, 2));
        Map<String, Tensor> values = ProgramSupport.networkValues(Map.of("net$$$weight", weight,
                "net$$$bias", Tensor.zeros(3), "probs_x", Tensor.ones(2)), "net", layer);
        assertEquals(List.of("weight", "bias"), List.copyOf(values.keySet()));
        assertFalse(values.get("weight").requiresGrad());
        assertEquals(Tensor.ones(3, 2), values.get("weight"));
        assertEquals(Tensor.zeros(3), values.get("bias"));
    }

    @Test
    void aMissingOrMisshapenParameterIsNamedAndTheModuleIsLeftAlone() {
        Map<String, Tensor> before = layer.parameterValues();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ProgramSupport.networkValues(Map.of("net$$$weight", Tensor.ones(3, 2)), "net", layer));
        assertEquals("no values given for network 'net': [net$$$bias] are missing; give every parameter under its "
                + "parameter-store name (the constrained values of the ParamStore that trained it hold them)",
                missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProgramSupport.networkValues(
                Map.of("net$$$weight", Tensor.ones(2, 3), "net$$$bias", Tensor.zeros(3)), "net", layer));
        assertEquals(before, layer.parameterValues());
    }
}
