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

    private RuntimeNames() {}
}
