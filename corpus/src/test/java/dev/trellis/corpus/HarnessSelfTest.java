package dev.trellis.corpus;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.corpus.models.ChainUnderGlobalSwitch;
import dev.trellis.runtime.svi.Program;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The comparison harness tested before the generator exists: on corpus #22 through two hand-written classes of the
 * §6 API, one that answers from the oracle and passes every check (so the reflection, the argument matching, the
 * reading of nested results and the chi-square tests work), one with a small mistake in each query that fails each
 * check (so the checks can fail); and on corpus #35 through a hand-written program, right and with each mistake.
 */
class HarnessSelfTest {

    static List<CorpusCase> cases() {
        return Corpus.cases().stream().filter(c -> c.modelClass() == ChainUnderGlobalSwitch.class).toList();
    }

    private static GeneratedClasses right(CorpusCase c) {
        return GeneratedClasses.inference(c, OracleBackedSwitchInference.class);
    }

    private static GeneratedClasses broken(CorpusCase c) {
        return GeneratedClasses.inference(c, BrokenSwitchInference.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void an_inference_that_answers_from_the_oracle_passes_every_check(CorpusCase c) {
        GeneratedClasses inference = right(c);
        InferenceChecks.logLikelihood(c, inference);
        InferenceChecks.marginals(c, inference);
        InferenceChecks.viterbi(c, inference);
        InferenceChecks.posteriorSamples(c, inference);
        InferenceChecks.simulations(c, inference);
    }

    @Test
    void a_small_mistake_in_any_query_fails_its_check() {
        CorpusCase c = cases().stream().filter(k -> k.name().endsWith("/T5")).findFirst().orElseThrow();
        Map<String, BiConsumer<CorpusCase, GeneratedClasses>> checks = Map.of(
                "log-likelihood", InferenceChecks::logLikelihood, "marginals x", InferenceChecks::marginals,
                "MAP x", InferenceChecks::viterbi, "posterior samples: chi-square", InferenceChecks::posteriorSamples,
                "simulated outcomes: chi-square", InferenceChecks::simulations);
        checks.forEach((failure, check) -> {
            AssertionError error = assertThrows(AssertionError.class, () -> check.accept(c, broken(c)));
            assertTrue(error.getMessage().contains(failure), "expected '" + failure + "' in: " + error.getMessage());
        });
    }

    @Test
    void a_hand_written_program_passes_the_program_checks_and_each_mistake_fails_one() {
        CorpusCase c = Corpus.cases().stream().filter(k -> k.name().startsWith("GmmProgram/")).findFirst()
                .orElseThrow();
        int components = c.plateSizes().get("components");
        ProgramChecks.logJoint(c, data -> gmm(data, components, HandWrittenGmmProgram.Mistake.NONE));
        ProgramChecks.gradient(c, data -> gmm(data, components, HandWrittenGmmProgram.Mistake.NONE));
        ProgramChecks.subsampling(c, data -> gmm(data, components, HandWrittenGmmProgram.Mistake.NONE));

        AssertionError logJoint = assertThrows(AssertionError.class, () -> ProgramChecks.logJoint(c,
                data -> gmm(data, components, HandWrittenGmmProgram.Mistake.LOG_JOINT)));
        assertTrue(logJoint.getMessage().contains("log joint"), logJoint.getMessage());
        AssertionError gradient = assertThrows(AssertionError.class, () -> ProgramChecks.gradient(c,
                data -> gmm(data, components, HandWrittenGmmProgram.Mistake.GRADIENT)));
        assertTrue(gradient.getMessage().contains("gradient d/dweights"), gradient.getMessage());
        AssertionError scale = assertThrows(AssertionError.class, () -> ProgramChecks.subsampling(c,
                data -> gmm(data, components, HandWrittenGmmProgram.Mistake.SCALE)));
        assertTrue(scale.getMessage().contains("subsampled members"), scale.getMessage());
    }

    private static Program gmm(Map<String, Object> data, int components, HandWrittenGmmProgram.Mistake mistake) {
        return new HandWrittenGmmProgram(data, components, mistake);
    }
}
