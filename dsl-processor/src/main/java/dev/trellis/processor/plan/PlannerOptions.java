package dev.trellis.processor.plan;

/**
 * Options of the {@link EliminationPlanner}.
 *
 * @param maxFactorVariables the most variable axes a table may have anywhere in the plan (processor option {@code
 *     -Atrellis.maxFactorVariables}); a table over more is TRELLIS-050
 */
public record PlannerOptions(int maxFactorVariables) {
    /** The default limit: 4 axes. */
    public static final PlannerOptions DEFAULTS = new PlannerOptions(4);

    public PlannerOptions {
        if (maxFactorVariables < 1) {
            throw new IllegalArgumentException("maxFactorVariables must be at least 1, not " + maxFactorVariables);
        }
    }
}
