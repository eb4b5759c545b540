package dev.trellis.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.corpus.ResultArrays.Leaf;
import dev.trellis.corpus.oracle.BruteForce;
import dev.trellis.corpus.oracle.JointTable;
import dev.trellis.corpus.oracle.SiteKind;
import dev.trellis.corpus.oracle.SiteSpec;
import dev.trellis.runtime.random.Rng;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The comparisons of an inference class of the §6 API with the brute-force oracle on one case: log-likelihood to
 * 1e-9 relative, every marginal to 1e-9 absolute, the MAP assignment exactly and its log joint to 1e-9 relative (the
 * oracle sums at most 10^5 float64 terms, ~1e-13; the tolerance leaves an engine room for its scaled arithmetic
 * without hiding a wrong term), posterior samples and simulations by chi-square at a false-alarm level of 1e-4.
 */
final class InferenceChecks {
    static final int DRAWS = 4000;

    private InferenceChecks() {}

    static void logLikelihood(CorpusCase c, GeneratedClasses inference) {
        double expected = BruteForce.of(c.modelClass()).posterior(c.model(), c.data(), c.globals()).logNormalizer();
        double actual = inference.logLikelihood();
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), c + " log-likelihood");
    }

    static void marginals(CorpusCase c, GeneratedClasses inference) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        JointTable posterior = oracle.posterior(c.model(), c.data(), c.globals());
        Object marginals = inference.marginals();
        for (String site : posterior.latentSites()) {
            String what = c + " marginals " + site;
            List<Leaf> leaves = ResultArrays.leaves(GeneratedClasses.component(marginals, site),
                    ResultArrays.depth(oracle, site), what);
            ResultArrays.requirePaths(leaves, posterior.paths(site), what);
            double[][] expected = posterior.marginal(site);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], ResultArrays.probabilities(leaves.get(i).value(), what), 1e-9,
                        what + " at " + leaves.get(i).path());
            }
        }
    }

    static void viterbi(CorpusCase c, GeneratedClasses inference) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        JointTable posterior = oracle.posterior(c.model(), c.data(), c.globals());
        assertTrue(posterior.mapGap() > 1e-6, c + ": the MAP is (nearly) tied; the case cannot decide it");
        Object map = inference.viterbi();
        Map<String, int[]> actual = ResultArrays.assignment(map, oracle, posterior, c + " viterbi");
        Map<String, int[]> expected = posterior.assignment(posterior.mapCode());
        for (String site : expected.keySet()) {
            assertArrayEquals(expected.get(site), actual.get(site), c + " MAP " + site);
        }
        double logJoint = (Double) GeneratedClasses.component(map, "logJoint");
        assertEquals(posterior.mapLogJoint(), logJoint, 1e-9 * Math.max(1, Math.abs(logJoint)), c + " MAP log joint");
    }

    static void posteriorSamples(CorpusCase c, GeneratedClasses inference) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        JointTable posterior = oracle.posterior(c.model(), c.data(), c.globals());
        Rng rng = Rng.seeded(c.name().hashCode());
        Map<Integer, Integer> counts = new HashMap<>();
        for (int draw = 0; draw < DRAWS; draw++) {
            Object sample = inference.samplePosterior(rng);
            counts.merge(posterior.code(ResultArrays.assignment(sample, oracle, posterior, c + " sample")), 1,
                    Integer::sum);
        }
        ChiSquare.assertFits(posterior.probabilities(), counts, DRAWS, c + " posterior samples");
    }

    /**
     * Where every observation has a finite support the oracle scores whole outcomes (latent and observed values);
     * otherwise the enumerated sites' joint values, against their prior.
     */
    static void simulations(CorpusCase c, GeneratedClasses inference) {
        BruteForce oracle = BruteForce.of(c.modelClass());
        Optional<JointTable> outcomes = oracle.outcomes(c.model(), c.plateSizes(), c.globals());
        JointTable table = outcomes.orElseGet(() -> oracle.prior(c.model(), c.plateSizes(), c.globals()));
        Rng rng = Rng.seeded(~c.name().hashCode());
        Map<Integer, Integer> counts = new HashMap<>();
        for (int draw = 0; draw < DRAWS; draw++) {
            Object simulation = inference.simulate(rng);
            Map<String, int[]> latent = ResultArrays.assignment(simulation, oracle, table, c + " simulation");
            int code;
            if (outcomes.isPresent()) {
                Map<String, Object> observed = new HashMap<>();
                for (SiteSpec site : oracle.schema().sites(SiteKind.OBSERVED)) {
                    observed.put(site.name(), GeneratedClasses.component(simulation, site.name()));
                }
                code = oracle.outcomeCode(table, latent, observed);
            } else {
                code = table.code(latent);
            }
            counts.merge(code, 1, Integer::sum);
        }
        ChiSquare.assertFits(table.probabilities(), counts, DRAWS,
                c + (outcomes.isPresent() ? " simulated outcomes" : " simulated latent values"));
    }
}
