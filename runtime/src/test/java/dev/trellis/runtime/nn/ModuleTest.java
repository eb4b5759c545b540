package dev.trellis.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter naming and ordering as torch's {@code named_parameters()}, and explicit parameter values. */
class ModuleTest {

    /** A module registering a parameter after its children, as the tutorial's DMM assigns z_0 last. */
    private static final class Network extends Module {
        final Linear first;
        final Sequential body;

        Network(Rng rng) {
            first = addModule("first", new Linear(2, 3, rng));
            body = addModule("body", new Sequential(new Linear(3, 3, rng), new Relu(), new Linear(3, 1, rng)));
            addParameter("z_0", Tensor.zeros(2));
        }
    }

    @Test
    void ownParametersComeFirstThenEachChildsInRegistrationOrderWithDottedPaths() {
        Network network = new Network(Rng.seeded(1));
        assertEquals(List.of("z_0", "first.weight", "first.bias", "body.0.weight", "body.0.bias", "body.2.weight",
                "body.2.bias"), List.copyOf(network.namedParameters().keySet()));
        assertEquals(List.of("first", "body"), List.copyOf(network.namedChildren().keySet()));
        assertSame(network.first.weight(), network.parameter("first.weight"));
    }

    @Test
    void aModuleReachableTwiceIsListedOnceUnderItsFirstName() {
        Linear shared = new Linear(2, 2, Rng.seeded(2));
        Sequential twice = new Sequential(shared, new Tanh(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(twice.namedParameters().keySet()));
    }

    @Test
    void parametersCanBeSetExplicitlyAllOrNothing() {
        Network network = new Network(Rng.seeded(3));
        Tensor weight = Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        network.setParameters(Map.of("first.weight", weight));
        assertEquals(weight, network.first.weight().value());
        Tensor before = network.parameter("z_0").value();
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> network.setParameters(
                Map.of("z_0", Tensor.ones(2), "first.bias", Tensor.zeros(4))));
        assertTrue(shape.getMessage().contains("parameter 'first.bias' has shape [3] but the new value has shape [4]"),
                shape.getMessage());
        IllegalArgumentException finite = assertThrows(IllegalArgumentException.class, () -> network.setParameters(
                Map.of("z_0", Tensor.vector(1, Double.NaN))));
        assertTrue(finite.getMessage().contains("'z_0' would hold NaN at flat index 1"), finite.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> network.setParameters(
                Map.of("first.wieght", weight)));
        assertTrue(unknown.getMessage().contains("no parameters [first.wieght]"), unknown.getMessage());
        assertSame(before, network.parameter("z_0").value());
    }

    @Test
    void namesAreCheckedWhenRegistered() {
        class Clash extends Module {
            Clash(String second) {
                addParameter("a", Tensor.zeros(1));
                addModule(second, new Relu());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Clash("a"));
        assertThrows(IllegalArgumentException.class, () -> new Clash("b.c"));
        assertThrows(IllegalArgumentException.class, () -> new Clash(""));
        class ParameterClash extends Module {
            ParameterClash(String second) {
                addModule("m", new Relu());
                addParameter(second, Tensor.zeros(1));
            }
        }
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> new ParameterClash("m"));
        assertTrue(taken.getMessage().contains("already has a parameter or module named 'm'"), taken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ParameterClash("w.x"));
        assertEquals(List.of("w"), List.copyOf(new ParameterClash("w").namedParameters().keySet()));
        assertThrows(IllegalArgumentException.class, () -> Module.storeName("a$$$b", "weight"));
        assertEquals("dmm$$$trans.lin_z.weight", Module.storeName("dmm", "trans.lin_z.weight"));
    }

    @Test
    void networksPrintTheirLayersAndSettings() {
        Rng rng = Rng.seeded(5);
        Sequential network = new Sequential(new Linear(3, 4, rng), new Relu(), new Linear(4, 2, false, rng),
                new Softplus(2.0, 10.0), new Tanh(), new Sigmoid());
        assertEquals("Sequential[Linear(3, 4), Relu(), Linear(4, 2, bias=false), Softplus(beta=2.0, threshold=10.0), "
                + "Tanh(), Sigmoid()]", network.toString());
        assertEquals("Softplus(beta=1.0, threshold=20.0)", new Softplus().toString());
        assertEquals("Conv1d(2, 3, kernel 5, padding 1)", new Conv1d(2, 3, 5, 1, rng).toString());
        assertEquals("Conv1d(2, 3, kernel 5, stride 2, padding 0, dilation 3, bias=false)",
                new Conv1d(2, 3, 5, 2, 0, 3, false, rng).toString());
        assertEquals("Rnn(4, 6, tanh)", new Rnn(4, 6, Rnn.Nonlinearity.TANH, false, rng).toString());
        assertEquals("Rnn(4, 6, relu, batch_first)", new Rnn(4, 6, Rnn.Nonlinearity.RELU, true, rng).toString());
        class Start extends Module {
            Start() {
                addParameter("z_0", Tensor.zeros(3));
                addParameter("h_0", Tensor.zeros(1, 2));
            }
        }
        Start start = new Start();
        assertEquals("Start(z_0[3], h_0[1, 2])", start.toString());
        assertEquals("Parameter[h_0 [1, 2]]", start.namedParameters().get("h_0").toString());
        Linear linear = new Linear(3, 4, rng);
        assertEquals(3, linear.inFeatures());
        assertEquals(4, linear.outFeatures());
        assertEquals("Gru(4, 6, batch_first)", new Gru(4, 6, true, rng).toString());
    }

    @Test
    void layersRejectInputsOfTheWrongSizeNamingThemselves() {
        IllegalArgumentException linear = assertThrows(IllegalArgumentException.class,
                () -> new Linear(3, 2, Rng.seeded(4)).forward(Tensor.zeros(5, 4)));
        assertEquals("Linear(3, 2): input of shape [5, 4] does not end in the layer's 3 input features",
                linear.getMessage());
        IllegalArgumentException conv = assertThrows(IllegalArgumentException.class,
                () -> new Conv1d(1, 2, 3, 0, Rng.seeded(5)).forward(Tensor.zeros(4, 1, 2)));
        assertTrue(conv.getMessage().contains("input of length 2 is shorter than the dilated kernel (3)"),
                conv.getMessage());
    }
}
