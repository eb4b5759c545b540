package dev.trellis.samples.weather;

import static dev.trellis.samples.Tolerance.assertRelative;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import dev.trellis.samples.hmm.DiscreteHmm;
import dev.trellis.samples.hmm.DiscreteHmmInference;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@code rain_sun.json} (Pyro 1.8.6), through the generated inference of both sample models. */
class RainSunGoldenTest {
    private static final double REL = 1e-9;
    private static final JsonNode GOLDEN = Golden.load("rain_sun.json");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        GOLDEN.get("cases").forEach(c -> cases.add(Arguments.of(c.get("name").asText(), c)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rainSunModelMatchesPyro(String name, JsonNode c) {
        var inference = new RainSunInference(new RainSun());
        int[] obs = Golden.ints(c.get("obs"));

        assertRelative(c.get("log_prob").doubleValue(), inference.logLikelihood(obs), REL, name + " log_prob");
        RainSunInference.MapAssignment map = inference.viterbi(obs);
        assertArrayEquals(Golden.ints(c.get("viterbi")), map.weather(), name + " viterbi");
        assertRelative(c.get("viterbi_log_joint").doubleValue(), map.logJoint(), REL, name + " viterbi_log_joint");
        assertRelative(Golden.matrix(c.get("marginals")), inference.marginals(obs).weather(), REL, name + " marginals");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void discreteHmmWithTheFilesParametersMatchesPyro(String name, JsonNode c) {
        var model = new DiscreteHmm(Tensor.vector(Golden.doubles(GOLDEN.get("pi"))),
                Tensor.matrix(Golden.matrix(GOLDEN.get("A"))), Tensor.matrix(Golden.matrix(GOLDEN.get("B"))));
        var inference = new DiscreteHmmInference(model);
        int[] obs = Golden.ints(c.get("obs"));

        assertRelative(c.get("log_prob_exact").doubleValue(), inference.logLikelihood(obs), REL, name + " log_prob_exact");
        DiscreteHmmInference.MapAssignment map = inference.viterbi(obs);
        assertArrayEquals(Golden.ints(c.get("viterbi")), map.state(), name + " viterbi");
        assertRelative(c.get("viterbi_log_joint_exact").doubleValue(), map.logJoint(), REL, name + " viterbi_log_joint_exact");
        assertRelative(Golden.matrix(c.get("marginals")), inference.marginals(obs).state(), REL, name + " marginals");
    }
}
