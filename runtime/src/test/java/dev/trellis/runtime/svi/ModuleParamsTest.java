package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.nn.Linear;
import dev.trellis.runtime.nn.Sequential;
import dev.trellis.runtime.nn.Tanh;
import dev.trellis.runtime.optim.Adam;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.params.ParamStoreFile;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networks in programs ({@link SampleContext#module}, Pyro's {@code pyro.module}): their parameters live in the
 * parameter store under {@code <name>$$$<path>}, SVI trains them, and they are saved and loaded with the store.
 */
class ModuleParamsTest {

    private static final Tensor X = Tensor.vector(-1.5, -0.7, 0.0, 0.4, 1.1, 1.9).reshape(6, 1);
    private static final Tensor Y = Tensor.vector(-0.9, -0.6, 0.1, 0.3, 0.8, 1.0).reshape(6, 1);
    private static final double NOISE = 0.2;

    /** y ~ Normal(net(x), 0.2) observed for each of the 6 points; no latent sites. */
    private static Program regression(Sequential net) {
        return context -> {
            Sequential bound = context.module("net", net);
            Plate data = context.plate("data", 6, -1);
            Tensor mean = bound.forward(X).reshape(6);
            context.observe("y", Normal.of(mean, Tensor.full(NOISE, 6)), Y.reshape(6), data);
        };
    }

    private static Sequential network(long seed) {
        Rng rng = Rng.seeded(seed);
        return new Sequential(new Linear(1, 8, rng), new Tanh(), new Linear(8, 1, rng));
    }

    @Test
    void aModulesParametersAreStoredUnderItsNameWithPyrosSeparatorFromTheModulesValues() {
        Sequential net = network(1);
        Map<String, Tensor> initial = net.parameterValues();
        ParamStore store = new ParamStore();
        Conditioned.run(regression(net), Map.of(), store);
        assertEquals(List.of("net$$$0.weight", "net$$$0.bias", "net$$$2.weight", "net$$$2.bias"),
                List.copyOf(store.names()));
        initial.forEach((path, value) -> {
            assertEquals(value, store.unconstrained("net$$$" + path));
            assertEquals(new Constraint.Real(), store.entry("net$$$" + path).constraint());
        });
    }

    @Test
    void theStoresValuesWinOverTheModulesOwnOnEveryRun() {
        ParamStore store = new ParamStore();
        Conditioned.run(regression(network(1)), Map.of(), store);
        Sequential other = network(2);
        assertNotEquals(store.unconstrained("net$$$0.weight"), other.parameter("0.weight").value());
        double logJoint = Conditioned.logJoint(Conditioned.run(regression(network(1)), Map.of(), store));
        double viaOther = Conditioned.logJoint(Conditioned.run(regression(other), Map.of(), store));
        assertEquals(logJoint, viaOther, 0.0);
        assertEquals(store.unconstrained("net$$$0.weight"), other.parameter("0.weight").value().detach());
    }

    @Test
    void sviTrainsTheNetworkAndTheLossFalls() {
        ParamStore store = new ParamStore();
        Svi svi = new Svi(regression(network(3)), context -> { }, Adam.withLearningRate(0.02), new TraceElbo(),
                store);
        Rng rng = Rng.seeded(4);
        double first = svi.step(rng);
        double last = first;
        for (int step = 1; step < 500; step++) {
            last = svi.step(rng);
        }
        // the loss is exact here (no latent sites): -log p(y) at the step's parameters, about 24 at the start; an
        // exact fit of the six points would give 6 log(0.2 sqrt(2 pi)) = -4.14, and 500 steps come close to it
        assertTrue(first > 20, "first loss " + first);
        assertTrue(last < -3.5, "last loss " + last);
    }

    @Test
    void oneAdamStepEqualsTheHandComputedUpdate() {
        // y ~ Normal(w x + b, s): d(-log p)/dw = -sum (y - w x - b) x / s^2 and d/db = -sum (y - w x - b) / s^2
        Linear line = new Linear(1, 1, Rng.seeded(5));
        double w = line.weight().value().item();
        double b = line.bias().value().item();
        Program model = context -> {
            Linear bound = context.module("line", line);
            context.observe("y", Normal.of(bound.forward(X).reshape(6), Tensor.full(NOISE, 6)), Y.reshape(6),
                    context.plate("data", 6, -1));
        };
        double gradW = 0;
        double gradB = 0;
        double[] x = X.toArray();
        double[] y = Y.toArray();
        for (int i = 0; i < 6; i++) {
            double residual = y[i] - (w * x[i] + b);
            gradW -= residual * x[i] / (NOISE * NOISE);
            gradB -= residual / (NOISE * NOISE);
        }
        ParamStore store = new ParamStore();
        double lr = 0.05;
        new Svi(model, context -> { }, Adam.withLearningRate(lr), new TraceElbo(), store).step(Rng.seeded(6));
        assertEquals(adamFirstStep(w, gradW, lr), store.unconstrained("line$$$weight").item(), 1e-15);
        assertEquals(adamFirstStep(b, gradB, lr), store.unconstrained("line$$$bias").item(), 1e-15);
    }

    /** torch's Adam at step 1: m = (1 - b1) g, v = (1 - b2) g^2, x -= lr / (1 - b1) * m / (sqrt(v / (1 - b2)) + eps). */
    private static double adamFirstStep(double value, double gradient, double lr) {
        double m = 0.1 * gradient;
        double v = 0.001 * gradient * gradient;
        return value - lr / 0.1 * m / (Math.sqrt(v) / Math.sqrt(0.001) + 1e-8);
    }

    @Test
    void trainedModulesAreSavedAndLoadedWithTheStore(@TempDir Path dir) throws IOException {
        ParamStore store = new ParamStore();
        store.define("unrelated", Tensor.vector(0.5, 2.0), new Constraint.Positive());
        Svi svi = new Svi(regression(network(7)), context -> { }, Adam.withLearningRate(0.02), new TraceElbo(),
                store);
        Rng rng = Rng.seeded(8);
        for (int step = 0; step < 50; step++) {
            svi.step(rng);
        }
        Path file = dir.resolve("params.json");
        ParamStoreFile.save(store, file);
        ParamStore loaded = new ParamStore();
        loaded.restore(ParamStoreFile.load(file));
        assertEquals(store.snapshot(), loaded.snapshot());

        Sequential fresh = network(9);
        fresh.loadFrom(loaded, "net");
        Sequential trained = network(10);
        trained.loadFrom(store, "net");
        assertEquals(trained.forward(X), fresh.forward(X));
        assertEquals(svi.evaluateLoss(Rng.seeded(1)), new Svi(regression(network(11)), context -> { },
                Adam.withLearningRate(0.02), new TraceElbo(), loaded).evaluateLoss(Rng.seeded(1)), 0.0);
    }

    @Test
    void aStoredParameterOfAnotherShapeIsAnErrorNamingIt() {
        ParamStore store = new ParamStore();
        store.define("net$$$0.weight", Tensor.zeros(4, 1), new Constraint.Real());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conditioned.run(regression(network(12)), Map.of(), store));
        assertTrue(e.getMessage().equals("module 'net': the parameter store holds 'net$$$0.weight' with shape [4, 1] but "
                + "the module's parameter '0.weight' has shape [8, 1]"),
                e.getMessage());
    }

    @Test
    void theModelAndTheGuideOfOneStepShareTheModulesLeaves() {
        Linear shared = new Linear(1, 1, Rng.seeded(13));
        Tensor[] seen = new Tensor[2];
        Program model = context -> {
            seen[0] = context.module("m", shared).weight().value();
            context.observe("y", Normal.of(0.0, 1.0), Tensor.scalar(0.3));
        };
        Program guide = context -> seen[1] = context.module("m", shared).weight().value();
        new Svi(model, guide, Adam.withLearningRate(0.1), new TraceElbo(), new ParamStore()).step(Rng.seeded(14));
        assertSame(seen[0], seen[1]);
    }
}
