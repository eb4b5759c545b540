package dev.trellis.corpus.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.corpus.RandomTables;
import dev.trellis.corpus.models.RainSun;
import dev.trellis.corpus.models.Sprinkler;
import dev.trellis.corpus.models.TwoObservationsPerStep;
import dev.trellis.dsl.Enumerate;
import dev.trellis.dsl.Model;
import dev.trellis.dsl.Observed;
import dev.trellis.dsl.Plate;
import dev.trellis.dsl.Sample;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the oracle refuses, and that it says why: it must fail loudly rather than answer a different question. */
class OracleRefusalsTest {
    private static final RandomTables R = new RandomTables(7);
    private static final RainSun RAIN_SUN = new RainSun(R.rows(2), R.rows(2, 2), R.rows(2, 3));

    @Test
    void a_case_beyond_a_million_joint_states_is_refused_before_enumerating() {
        BruteForceException e = assertThrows(TooManyStatesException.class, () -> BruteForce.of(RainSun.class)
                .posterior(RAIN_SUN, Map.of("activity", new int[21]), Map.of()));
        assertTrue(e.getMessage().contains("more than 1000000 states"), e.getMessage());
    }

    @Test
    void data_must_cover_exactly_the_observed_sites() {
        BruteForce oracle = BruteForce.of(RainSun.class);
        assertMessage("no data for observed site 'activity'", () -> oracle.posterior(RAIN_SUN, Map.of(), Map.of()));
        assertMessage("data given for [weather]", () -> oracle.posterior(RAIN_SUN,
                Map.of("activity", new int[2], "weather", new int[2]), Map.of()));
    }

    @Test
    void two_observations_that_disagree_about_a_plate_are_named() {
        RandomTables r = new RandomTables(8);
        TwoObservationsPerStep model = new TwoObservationsPerStep(r.rows(2), r.rows(2, 2), r.rows(2, 2),
                r.uniform(-1, 1, 2), r.uniform(0.5, 1, 2));
        assertMessage("plate 'time' at [] has 2 members in the data of 'symbol' but 3 in the data of 'level'",
                () -> BruteForce.of(TwoObservationsPerStep.class).posterior(model,
                        Map.of("symbol", new int[2], "level", new double[3]), Map.of()));
    }

    @Test
    void a_block_must_be_dense() {
        assertMessage("ragged inside a dense block", () -> NestedData.toTensor(new double[][] {{1, 2}, {3}},
                "obs"));
    }

    @Test
    void impossible_evidence_has_log_probability_minus_infinity_and_no_posterior() {
        Sprinkler model = new Sprinkler(Tensor.vector(0.5, 0.5), Tensor.matrix(new double[][] {{0.5, 0.5}, {0.9, 0.1}}),
                Tensor.matrix(new double[][] {{0.8, 0.2}, {0.2, 0.8}}), Tensor.zeros(2, 2));
        JointTable posterior = BruteForce.of(Sprinkler.class).posterior(model, Map.of("wet", 1.0), Map.of());
        assertEquals(Double.NEGATIVE_INFINITY, posterior.logNormalizer());
        assertMessage("every joint assignment is impossible", () -> posterior.marginal("rain"));
        assertMessage("every joint assignment is impossible", posterior::mapCode);
    }

    /** An enumerated site that returns a batch of distributions (a whole table), which the DSL forbids. */
    @Model
    static class BatchedEnumerated {
        @Sample @Enumerate
        Categorical z() {
            return Categorical.of(Tensor.matrix(new double[][] {{0.5, 0.5}, {0.1, 0.9}}));
        }

        @Sample @Observed
        Normal y(int z) {
            return Normal.of(z, 1.0);
        }
    }

    @Test
    void an_enumerated_site_has_one_value_per_copy() {
        assertMessage("site 'z' at the root returned batch shape [2]", () -> BruteForce.of(BatchedEnumerated.class)
                .posterior(new BatchedEnumerated(), Map.of("y", 0.5), Map.of()));
    }

    /** A site whose number of values depends on its parent, which the DSL forbids. */
    @Model
    static class ChangingDomain {
        @Sample @Enumerate
        Categorical a() {
            return Categorical.ofProbs(0.5, 0.5);
        }

        @Sample @Plate("data") @Enumerate
        Categorical b(int a) {
            return a == 0 ? Categorical.ofProbs(0.5, 0.5) : Categorical.ofProbs(0.2, 0.3, 0.5);
        }

        @Sample @Plate("data") @Observed
        Categorical y(int b) {
            return Categorical.ofProbs(0.5, 0.5);
        }
    }

    @Test
    void a_domain_must_not_change_between_calls() {
        assertMessage("has 3 values, but 2 elsewhere", () -> BruteForce.of(ChangingDomain.class)
                .posterior(new ChangingDomain(), Map.of("y", new int[] {1}), Map.of()));
    }

    @Test
    void a_class_without_model_is_refused() {
        assertMessage("is not annotated @Model", () -> BruteForce.of(String.class));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        BruteForceException e = assertThrows(BruteForceException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
