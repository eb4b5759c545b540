package dev.trellis.corpus.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.corpus.Corpus;
import dev.trellis.corpus.CorpusCase;
import dev.trellis.runtime.random.Rng;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle on every corpus case, against itself by independent paths: each table entry is the log joint that a
 * single pass over the sites computes at that assignment (no enumeration, no cache, no codes); marginals are
 * distributions; the MAP is the largest entry and its log joint is the direct one; the prior and the table of
 * outcomes are normalised. Tolerances: sums of at most ~10^5 terms of order 1, so ~1e-12.
 */
class OracleConsistencyTest {
    private static final double TOLERANCE = 1e-12;

    static List<CorpusCase> cases() {
        return Corpus.cases();
    }

    @Test
    void the_corpus_has_its_35_models_each_with_cases() {
        assertEquals(35, new HashSet<>(Corpus.MODELS).size());
        for (Class<?> model : Corpus.MODELS) {
            assertTrue(Corpus.cases().stream().anyMatch(c -> c.modelClass() == model), model + " has no case");
            ModelSchema schema = ModelSchema.read(model);
            assertTrue(!schema.sites(SiteKind.ENUMERATED).isEmpty(), model + " has no enumerated site");
            assertTrue(!schema.sites(SiteKind.OBSERVED).isEmpty(), model + " has no observed site");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void entries_are_the_direct_log_joint_and_marginals_are_distributions(CorpusCase c) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        JointTable posterior = oracle.posterior(c.model(), c.data(), c.globals());

        Rng rng = Rng.seeded(c.name().hashCode());
        int mapCode = posterior.mapCode();
        for (int draw = 0; draw < 20; draw++) {
            int code = draw == 0 ? mapCode : rng.nextInt(posterior.states());
            double direct = oracle.logJoint(c.model(), posterior.assignment(code), c.data(), c.globals());
            assertEquals(direct, posterior.logJoint(code), TOLERANCE * Math.max(1, Math.abs(direct)),
                    c + " entry " + code);
            assertEquals(code, posterior.code(posterior.assignment(code)), c + " code round trip");
        }
        assertTrue(posterior.mapGap() > 1e-6, c + ": the MAP must be clearly unique for the comparison to be exact");
        assertTrue(posterior.logNormalizer() >= posterior.mapLogJoint(), c.name());

        double total = 0;
        for (double p : posterior.probabilities()) {
            total += p;
        }
        assertEquals(1.0, total, TOLERANCE, c + " posterior sums to 1");
        for (String site : posterior.latentSites()) {
            for (double[] row : posterior.marginal(site)) {
                double sum = 0;
                for (double p : row) {
                    assertTrue(p >= 0 && p <= 1 + TOLERANCE, c + " " + site + " marginal " + p);
                    sum += p;
                }
                assertEquals(1.0, sum, TOLERANCE, c + " " + site + " marginal sums to 1");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_prior_and_the_outcomes_of_a_simulation_are_normalised(CorpusCase c) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        assertEquals(0.0, oracle.prior(c.model(), c.plateSizes(), c.globals()).logNormalizer(), TOLERANCE,
                c + " prior");
        Optional<JointTable> outcomes = oracle.outcomes(c.model(), c.plateSizes(), c.globals());
        outcomes.ifPresent(table -> assertEquals(0.0, table.logNormalizer(), TOLERANCE, c + " outcomes"));
        boolean continuous = oracle.schema().sites(SiteKind.OBSERVED).stream()
                .anyMatch(s -> List.of("Normal", "Poisson", "MultivariateNormal")
                        .contains(s.method().getReturnType().getSimpleName()));
        assertEquals(!continuous, outcomes.isPresent(), c + ": outcomes are enumerable exactly when every "
                + "observation has a finite support");
    }

    @Test
    void an_outcome_code_reads_the_latent_values_and_the_observed_blocks() {
        CorpusCase c = Corpus.cases().stream().filter(k -> k.name().startsWith("BernoulliTonesHmm/")).findFirst()
                .orElseThrow();
        BruteForce oracle = BruteForce.of(c.modelClass());
        JointTable outcomes = oracle.outcomes(c.model(), c.plateSizes(), c.globals()).orElseThrow();
        // one sequence of 2 steps of 3 tones; each step's y block is read as a binary number, first tone first
        assertEquals(Map.of("sequences", 1, "time", 2, "tones", 3), c.plateSizes());
        int code = oracle.outcomeCode(outcomes, Map.of("x", new int[] {1, 0}),
                Map.of("y", List.<double[][]>of(new double[][] {{1, 0, 1}, {0, 0, 1}})));
        assertEquals(List.of(1, 5, 0, 1), java.util.Arrays.stream(outcomes.decode(code)).boxed().toList(),
                "x and y at step 0, then at step 1");
    }
}
