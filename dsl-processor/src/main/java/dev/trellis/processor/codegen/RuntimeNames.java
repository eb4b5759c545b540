package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;

/** The runtime classes generated code calls, by name (the processor does not link against the runtime). */
final class RuntimeNames {
    static final ClassName SITE_CALLS = ClassName.get("dev.trellis.runtime.inference", "SiteCalls");
    static final ClassName RNG = ClassName.get("dev.trellis.runtime.random", "Rng");
    static final ClassName SITE_EXCEPTION = ClassName.get("dev.trellis.runtime.errors", "SiteException");
    static final ClassName IMPOSSIBLE_EVIDENCE = ClassName.get("dev.trellis.runtime.errors", "ImpossibleEvidenceException");

    static final ClassName TENSOR = ClassName.get("dev.trellis.runtime.tensor", "Tensor");
    static final ClassName CONSTRAINT = ClassName.get("dev.trellis.runtime.constraints", "Constraint");
    static final ClassName PROGRAM = ClassName.get("dev.trellis.runtime.svi", "Program");
    static final ClassName SAMPLE_CONTEXT = ClassName.get("dev.trellis.runtime.svi", "SampleContext");
    static final ClassName PLATE = ClassName.get("dev.trellis.runtime.svi", "Plate");
    static final ClassName MEMBER_PROGRAM = ClassName.get("dev.trellis.runtime.parallel", "MemberProgram");
    static final ClassName BLOCK_DATA = ClassName.get("dev.trellis.runtime.parallel", "BlockData");
    static final ClassName MEMBER_EVALUATION = ClassName.get("dev.trellis.runtime.parallel", "MemberEvaluation");
    static final ClassName STEP_TABLES = ClassName.get("dev.trellis.runtime.parallel", "StepTables");
    static final ClassName BLOCK_GRADIENT = ClassName.get("dev.trellis.runtime.parallel", "BlockGradient");
    static final ClassName PROGRAM_SUPPORT = ClassName.get("dev.trellis.runtime.svi", "ProgramSupport");
    static final ClassName PLATE_SIZES = ClassName.get("dev.trellis.runtime.svi", "PlateSizes");
    static final ClassName SITE_OPTIONS = ClassName.get("dev.trellis.runtime.svi", "SiteOptions");
    static final ClassName SEQUENCES = ClassName.get("dev.trellis.runtime.svi", "Sequences");
    static final ClassName RAGGED_SEQUENCES = ClassName.get("dev.trellis.runtime.svi", "RaggedSequences");
    static final ClassName RAGGED_STEPS = ClassName.get("dev.trellis.runtime.svi", "RaggedSteps");
    static final ClassName ACTIVE_MEMBERS = ClassName.get("dev.trellis.runtime.svi", "ActiveMembers");
    static final ClassName CHAIN_STEPS = ClassName.get("dev.trellis.runtime.svi", "ChainSteps");
    static final ClassName DISTRIBUTION = ClassName.get("dev.trellis.runtime.distributions", "Distribution");

    // The general elimination (design note §4, §5).
    static final String ELIMINATION_PACKAGE = "dev.trellis.runtime.elimination";
    static final String TABLES_PACKAGE = "dev.trellis.runtime.elimination.tables";
    static final ClassName LAYOUT = ClassName.get(ELIMINATION_PACKAGE, "Layout");
    static final ClassName SCAN_SPEC = ClassName.get(ELIMINATION_PACKAGE, "ScanSpec");
    static final ClassName SCAN_KIND = ClassName.get(ELIMINATION_PACKAGE, "ScanKind");
    static final ClassName ELIMINATION = ClassName.get(ELIMINATION_PACKAGE, "Elimination");
    static final ClassName QUERY = ClassName.get(ELIMINATION_PACKAGE, "Query");
    static final ClassName FAST_KERNELS = ClassName.get(ELIMINATION_PACKAGE, "FastKernels");
    static final ClassName PLATE_INSTANCES = ClassName.get(ELIMINATION_PACKAGE, "PlateInstances");
    static final ClassName EVIDENCE = ClassName.get(ELIMINATION_PACKAGE, "Evidence");
    static final ClassName ELIMINATION_GRADIENT = ClassName.get(ELIMINATION_PACKAGE, "EliminationGradient");
    static final ClassName NESTING = ClassName.get(ELIMINATION_PACKAGE, "Nesting");
    static final ClassName OBSERVED_DATA = ClassName.get(TABLES_PACKAGE, "ObservedData");
    static final ClassName DATA_LEVELS = ClassName.get(TABLES_PACKAGE, "DataLevels");
    static final ClassName DATA_PARENT = ClassName.get(TABLES_PACKAGE, "DataParent");
    static final ClassName ENUMERATED_PARENTS = ClassName.get(TABLES_PACKAGE, "EnumeratedParents");
    static final ClassName TABULATION = ClassName.get(TABLES_PACKAGE, "Tabulation");
    static final ClassName DENSE_EVIDENCE = ClassName.get(TABLES_PACKAGE, "DenseEvidence");
    static final ClassName BERNOULLI_EVIDENCE = ClassName.get(TABLES_PACKAGE, "BernoulliEvidence");
    static final ClassName CATEGORICAL_EVIDENCE = ClassName.get(TABLES_PACKAGE, "CategoricalEvidence");
    static final ClassName AUTOREGRESSIVE_EVIDENCE = ClassName.get(TABLES_PACKAGE, "AutoregressiveBernoulliEvidence");
    static final ClassName PER_INSTANCE_EVIDENCE = ClassName.get(TABLES_PACKAGE, "PerInstanceEvidence");
    static final ClassName BATCHED_EVIDENCE = ClassName.get(TABLES_PACKAGE, "BatchedEvidence");
    static final ClassName SITE_DRAWS = ClassName.get(TABLES_PACKAGE, "SiteDraws");
    static final ClassName NULLABLE = ClassName.get("org.jspecify.annotations", "Nullable");

    private RuntimeNames() {}
}
