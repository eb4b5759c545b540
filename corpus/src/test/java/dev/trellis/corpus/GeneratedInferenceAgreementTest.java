package dev.trellis.corpus;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus case through the generated {@code <Model>Inference} against the brute-force oracle (tolerances and
 * tests in {@link InferenceChecks}). The cases include ragged, single, empty and length-0 variants of every sequence
 * model. Tagged {@code generated}: it runs once the corpus is compiled with the general generator.
 */
@Tag("generated")
class GeneratedInferenceAgreementTest {

    static List<CorpusCase> cases() {
        return Corpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void log_likelihood_is_the_log_sum_over_every_joint_assignment(CorpusCase c) {
        InferenceChecks.logLikelihood(c, GeneratedClasses.inference(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void every_marginal_is_the_brute_force_posterior_marginal(CorpusCase c) {
        InferenceChecks.marginals(c, GeneratedClasses.inference(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void viterbi_gives_the_brute_force_map_assignment_and_its_log_joint(CorpusCase c) {
        InferenceChecks.viterbi(c, GeneratedClasses.inference(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void posterior_samples_follow_the_brute_force_posterior(CorpusCase c) {
        InferenceChecks.posteriorSamples(c, GeneratedClasses.inference(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void simulations_follow_the_brute_force_joint_distribution(CorpusCase c) {
        InferenceChecks.simulations(c, GeneratedClasses.inference(c));
    }
}
