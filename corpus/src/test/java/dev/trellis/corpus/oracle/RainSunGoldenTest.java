package dev.trellis.corpus.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.corpus.SharedFiles;
import dev.trellis.corpus.models.RainSun;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle on the corpus's {@code RainSun} model with the tables of {@code rain_sun.json} (Pyro 1.8.6), on every
 * case short enough to enumerate (the file marks them {@code brute_force_checked}; the fortnight has 2^14 paths):
 * log p(obs), the Viterbi path and its log joint, and every marginal, to 1e-9 (the golden values are exact to float64
 * rounding, the oracle's sums of 2^14 terms to about 1e-14).
 */
class RainSunGoldenTest {
    private static final JsonNode GOLDEN = SharedFiles.golden("rain_sun.json");

    static Stream<Arguments> enumerableCases() {
        List<Arguments> cases = new ArrayList<>();
        GOLDEN.get("cases").forEach(c -> {
            if (c.path("brute_force_checked").asBoolean(false)) {
                cases.add(Arguments.of(c.get("name").asText(), c));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enumerableCases")
    void oracle_gives_pyros_log_prob_viterbi_and_marginals(String name, JsonNode c) {
        RainSun model = new RainSun(Tensor.vector(SharedFiles.doubles(GOLDEN.get("pi"))),
                Tensor.matrix(SharedFiles.matrix(GOLDEN.get("A"))), Tensor.matrix(SharedFiles.matrix(GOLDEN.get("B"))));
        JointTable posterior = BruteForce.of(RainSun.class)
                .posterior(model, Map.of("activity", SharedFiles.ints(c.get("obs"))), Map.of());

        double logProb = c.get("log_prob_exact").doubleValue();
        assertEquals(logProb, posterior.logNormalizer(), 1e-9 * Math.abs(logProb), name + " log_prob");
        assertArrayEquals(SharedFiles.ints(c.get("viterbi")), posterior.assignment(posterior.mapCode()).get("weather"),
                name + " viterbi");
        double logJoint = c.get("viterbi_log_joint_exact").doubleValue();
        assertEquals(logJoint, posterior.mapLogJoint(), 1e-9 * Math.abs(logJoint), name + " viterbi_log_joint");
        assertEquals(c.get("viterbi_gap_to_second_best").doubleValue(), posterior.mapGap(), 1e-9,
                name + " viterbi gap");
        double[][] marginals = SharedFiles.matrix(c.get("marginals"));
        double[][] actual = posterior.marginal("weather");
        assertEquals(marginals.length, actual.length, name + " marginal rows");
        for (int t = 0; t < marginals.length; t++) {
            assertArrayEquals(marginals[t], actual[t], 1e-9, name + " marginals at day " + t);
        }
    }
}
