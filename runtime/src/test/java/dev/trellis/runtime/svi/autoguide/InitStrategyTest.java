package dev.trellis.runtime.svi.autoguide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.distributions.Cauchy;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.Gamma;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.distributions.Uniform;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitStrategyTest {

    @Test
    void feasibleIsTransformToOfZeros() {
        InitStrategy feasible = InitStrategy.feasible();
        assertEquals(0.0, feasible.initialValue("a", Normal.of(5.0, 2.0)).item(), 0.0);
        assertEquals(1.0, feasible.initialValue("b", Gamma.of(2.0, 3.0)).item(), 0.0, "exp(0) + 0");
        assertEquals(0.5, feasible.initialValue("c", Uniform.of(0.0, 1.0)).item(), 0.0, "sigmoid(0)");
        assertEquals(3.0, feasible.initialValue("d", Uniform.of(-1.0, 7.0)).item(), 0.0, "-1 + 8 sigmoid(0)");
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0},
                feasible.initialValue("e", Dirichlet.of(1.0, 5.0, 9.0)).toArray(), 1e-15, "softmax(0)");
    }

    @Test
    void medianIsTheMiddleOfFifteenPriorDrawsPerEntry() {
        Normal prior = Normal.of(Tensor.vector(-3.0, 0.0, 4.0), Tensor.vector(1.0, 0.5, 2.0));
        Rng rng = Rng.seeded(0);
        double[][] columns = new double[3][15];
        for (int s = 0; s < 15; s++) {
            double[] draw = prior.sample(rng).toArray();
            for (int i = 0; i < 3; i++) {
                columns[i][s] = draw[i];
            }
        }
        Tensor median = InitStrategy.median().initialValue("z", prior);
        for (int i = 0; i < 3; i++) {
            Arrays.sort(columns[i]);
            assertEquals(columns[i][7], median.get(i), 0.0, "entry " + i);
        }
    }

    @Test
    void medianFallsBackToFeasibleForMultivariateEventsAndIsNaNFreeForHeavyTails() {
        Dirichlet dirichlet = Dirichlet.of(1.0, 5.0, 9.0);
        assertArrayEquals(InitStrategy.feasible().initialValue("p", dirichlet).toArray(),
                InitStrategy.median().initialValue("p", dirichlet).toArray(), 0.0);
        // a Cauchy has no mean but a median: the middle draw is used, not the fallback
        double cauchy = InitStrategy.median().initialValue("c", Cauchy.of(2.0, 1.0)).item();
        assertTrue(Double.isFinite(cauchy) && cauchy != 0.0, "median of Cauchy draws: " + cauchy);
    }

    @Test
    void givenValuesWinAndAreChecked() {
        InitStrategy values = InitStrategy.values(Map.of("mu", Tensor.scalar(1.5)), InitStrategy.feasible());
        assertEquals(1.5, values.initialValue("mu", Normal.of(0.0, 1.0)).item(), 0.0);
        assertEquals(0.0, values.initialValue("nu", Normal.of(3.0, 1.0)).item(), 0.0, "fallback");
        IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
                () -> values.initialValue("mu", Normal.of(Tensor.zeros(2), Tensor.ones(2))));
        assertTrue(wrongShape.getMessage().contains("'mu'") && wrongShape.getMessage().contains("[2]"),
                wrongShape.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> InitStrategy.values(Map.of("mu", Tensor.scalar(-1.5))).initialValue("mu", Gamma.of(2.0, 1.0)));
        assertTrue(outside.getMessage().contains("'mu'"), outside.getMessage());
        // Pyro's default fallback is init_to_uniform(radius=2): inside (-2, 2) on the unconstrained scale
        double uniform = InitStrategy.values(Map.of()).initialValue("x", Normal.of(0.0, 1.0)).item();
        assertTrue(uniform > -2 && uniform < 2, "init_to_uniform: " + uniform);
    }
}
