package dev.trellis.samples.gmm;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The program generated from {@link Gmm} against Pyro's values in {@code gmm.json}: at each fixed point the log joint
 * with the assignments summed out (1e-9 relative: a handful of float64 log-densities and one log-sum-exp per datum,
 * so only rounding separates us from torch), its gradient (1e-7 relative, with the floor below), the MAP assignment
 * exactly and the posterior probabilities (1e-9 relative, down to 1e-45: they are exponentials of differences of
 * log-joints computed to ~1e-14 absolute); and the 50-step Adam trajectory of the tutorial's MAP fit (losses 1e-7,
 * final params 1e-6 relative: fifty Adam steps amplify rounding differences in the gradients).
 */
class GmmGoldenTest {
    private static final JsonNode GOLDEN = Golden.load("gmm.json");
    private static final Tensor DATA = Tensor.vector(Golden.doubles(GOLDEN.get("data")));
    /** Gradient entries below this are compared absolutely: torch's 1e-16 noise on a 0 has no relative meaning. */
    private static final double GRADIENT_FLOOR = 1e-9;

    private static Map<String, Tensor> globals(JsonNode node) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        values.put("weights", Tensor.vector(Golden.doubles(node.get("weights"))));
        values.put("scale", Tensor.scalar(node.get("scale").doubleValue()));
        values.put("locs", Tensor.vector(Golden.doubles(node.get("locs"))));
        return values;
    }

    private static void assertClose(JsonNode expected, Tensor actual, double rel, String what) {
        double[] values = actual.toArray();
        double[] wanted = expected.isArray() ? Golden.doubles(expected) : new double[] {expected.doubleValue()};
        assertEquals(wanted.length, values.length, what + " size");
        for (int i = 0; i < wanted.length; i++) {
            double tolerance = Math.max(rel * Math.abs(wanted[i]), rel * GRADIENT_FLOOR);
            assertEquals(wanted[i], values[i], tolerance, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void eachPointMatchesPyro(int index) {
        JsonNode point = GOLDEN.get("points").get(index);
        String name = point.get("name").asText();
        GmmEvaluation evaluation = GmmEvaluation.at(DATA, globals(point));

        assertRelative(point.get("log_joint_marginal").doubleValue(), evaluation.logJointMarginal(), 1e-9,
                name + " log_joint_marginal");
        JsonNode gradient = point.get("grad_log_joint_marginal");
        for (String global : GmmEvaluation.GLOBALS) {
            assertClose(gradient.get(global), evaluation.gradient().get(global), 1e-7, name + " grad " + global);
        }
        assertArrayEquals(Golden.ints(point.get("map_assignment")), evaluation.mapAssignment(), name + " map");
        assertRelative(Golden.matrix(point.get("posterior_assignment_probs")), evaluation.posteriorProbabilities(),
                1e-9, name + " posterior_assignment_probs");
    }

    @Test
    void theTutorialsMapFitFollowsPyrosTrajectory() {
        JsonNode trajectory = GOLDEN.get("trajectory");
        Map<String, Tensor> init = globals(trajectory.get("init_params"));
        JsonNode betas = trajectory.get("betas");
        GmmFit fit = GmmFit.run(DATA, init, trajectory.get("num_steps").intValue(), trajectory.get("lr").doubleValue(),
                betas.get(0).doubleValue(), betas.get(1).doubleValue());

        JsonNode losses = trajectory.get("losses");
        assertEquals(losses.size(), fit.losses().size());
        for (int step = 0; step < losses.size(); step++) {
            assertRelative(losses.get(step).doubleValue(), fit.losses().get(step), 1e-7, "losses[" + step + "]");
        }
        JsonNode expected = trajectory.get("final_params");
        for (String global : GmmEvaluation.GLOBALS) {
            assertClose(expected.get(global), fit.finalParams().get(global), 1e-6, "final " + global);
        }
    }

    @Test
    void theTutorialInitIsTheOneInTheGoldenFile() {
        Map<String, Tensor> init = GmmFit.tutorialInit(DATA);
        JsonNode expected = GOLDEN.get("trajectory").get("init_params");
        for (String global : GmmEvaluation.GLOBALS) {
            assertClose(expected.get(global), init.get(global), 1e-15, "init " + global);
        }
    }
}
