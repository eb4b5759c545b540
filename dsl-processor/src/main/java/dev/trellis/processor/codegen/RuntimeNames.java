package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;

/** The runtime classes generated code calls, by name (the processor does not link against the runtime). */
final class RuntimeNames {
    static final ClassName SITE_CALLS = ClassName.get("dev.trellis.runtime.inference", "SiteCalls");
    static final ClassName CHAIN_KERNELS = ClassName.get("dev.trellis.runtime.inference", "ChainKernels");
    static final ClassName FORWARD_ACCUMULATOR = ClassName.get("dev.trellis.runtime.inference", "ForwardAccumulator");
    static final ClassName VITERBI_PATH = ClassName.get("dev.trellis.runtime.inference", "ViterbiPath");
    static final ClassName RNG = ClassName.get("dev.trellis.runtime.random", "Rng");
    static final ClassName SITE_EXCEPTION = ClassName.get("dev.trellis.runtime.errors", "SiteException");
    static final ClassName IMPOSSIBLE_EVIDENCE = ClassName.get("dev.trellis.runtime.errors", "ImpossibleEvidenceException");

    static final ClassName TENSOR = ClassName.get("dev.trellis.runtime.tensor", "Tensor");
    static final ClassName CONSTRAINT = ClassName.get("dev.trellis.runtime.constraints", "Constraint");
    static final ClassName PROGRAM = ClassName.get("dev.trellis.runtime.svi", "Program");
    static final ClassName SAMPLE_CONTEXT = ClassName.get("dev.trellis.runtime.svi", "SampleContext");
    static final ClassName PLATE = ClassName.get("dev.trellis.runtime.svi", "Plate");
    static final ClassName PLATE_SIZES = ClassName.get("dev.trellis.runtime.svi", "PlateSizes");
    static final ClassName PROGRAM_SUPPORT = ClassName.get("dev.trellis.runtime.svi", "ProgramSupport");
    static final ClassName SITE_OPTIONS = ClassName.get("dev.trellis.runtime.svi", "SiteOptions");
    static final ClassName SEQUENCES = ClassName.get("dev.trellis.runtime.svi", "Sequences");
    static final ClassName RAGGED_SEQUENCES = ClassName.get("dev.trellis.runtime.svi", "RaggedSequences");
    static final ClassName RAGGED_STEPS = ClassName.get("dev.trellis.runtime.svi", "RaggedSteps");

    static final ClassName CHAIN_TABLES = ClassName.get("dev.trellis.runtime.inference", "ChainTables");
    static final ClassName BERNOULLI_SEQUENCES = ClassName.get("dev.trellis.runtime.inference", "BernoulliSequences");
    static final ClassName BERNOULLI_CHAIN_TABLES = ClassName.get("dev.trellis.runtime.inference",
            "BernoulliChainTables");
    static final ClassName AUTOREGRESSIVE_FACTOR = ClassName.get("dev.trellis.runtime.inference",
            "AutoregressiveBernoulliFactor");
    static final ClassName JOINT_CHAINS = ClassName.get("dev.trellis.runtime.inference", "JointChains");
    static final ClassName CHAIN_POSTERIOR = ClassName.get("dev.trellis.runtime.inference", "ChainPosterior");
    static final ClassName BERNOULLI_CHAIN_FACTOR = ClassName.get("dev.trellis.runtime.inference",
            "BernoulliChainFactor");

    // Mixtures: an enumerated site per member of a data plate, summed out without a chain.
    static final ClassName MIXTURE_TABLES = ClassName.get("dev.trellis.runtime.inference", "MixtureTables");
    static final ClassName MIXTURE_POSTERIOR = ClassName.get("dev.trellis.runtime.inference", "MixturePosterior");

    private RuntimeNames() {}
}
