package dev.trellis.corpus;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated {@code <Model>Program}s of the two corpus programs (#34 {@code HmmProgram}, #35 {@code GmmProgram})
 * against the oracle (tolerances and tests in {@link ProgramChecks}). Tagged {@code generated}: it runs once the
 * corpus is compiled with the general generator.
 */
@Tag("generated")
class GeneratedProgramAgreementTest {

    static List<CorpusCase> programs() {
        return Corpus.cases().stream().filter(CorpusCase::hasGlobals).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void the_log_joint_is_the_prior_plus_the_brute_force_log_likelihood(CorpusCase c) {
        ProgramChecks.logJoint(c, data -> GeneratedClasses.program(c, data));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void the_gradient_is_central_differences_of_the_brute_force_log_joint(CorpusCase c) {
        ProgramChecks.gradient(c, data -> GeneratedClasses.program(c, data));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void a_subsampled_plate_scales_the_enumerated_factor_by_size_over_batch(CorpusCase c) {
        ProgramChecks.subsampling(c, data -> GeneratedClasses.program(c, data));
    }
}
