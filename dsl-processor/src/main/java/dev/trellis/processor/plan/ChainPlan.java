package dev.trellis.processor.plan;

import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.List;
import java.util.Optional;

/**
 * The elimination plan for one enumerated first-order chain with observations at each step (the
 * hidden Markov model family):
 * <ol>
 *   <li>tabulate the chain's initial distribution and transition rows once per call (the site does
 *       not depend on the step, so the table is shared by every step);
 *   <li>tabulate each observed site's log-probabilities per chain state once per call;
 *   <li>eliminate the chain along its plate with the forward recursion, over the sum-product
 *       (likelihood, marginals), max-product (MAP path) or sampling semiring.
 * </ol>
 *
 * @param model the model this plan is for
 * @param chain the enumerated chain site
 * @param previous the chain method's {@code @Previous} parameter
 * @param plate the ordered plate the chain runs along
 * @param observations the observed sites in the plate, in declaration order
 */
public record ChainPlan(
        ModelDeclaration model,
        SiteDeclaration chain,
        Dependency previous,
        String plate,
        List<Observation> observations) {

    public ChainPlan {
        observations = List.copyOf(observations);
    }

    /**
     * An observed site at each step of the chain's plate.
     *
     * @param site the observed site
     * @param chainState the parameter that receives the chain's current state, if the site depends on it
     */
    public record Observation(SiteDeclaration site, Optional<Dependency> chainState) {}

    /** The plan as numbered steps in words, for the generated javadoc and the plan dump. */
    public List<String> steps() {
        String start = previous.initial().isPresent()
                ? previous.parameterName() + " = " + previous.initial().getAsInt() + " before the first step"
                : previous.parameterName() + " = null on the first step";
        var steps = new java.util.ArrayList<String>();
        steps.add("Tabulate '" + chain.name() + "' once per call: its first-step distribution (" + start
                + ") and one transition row per previous state; it does not depend on the step, so all steps share the table.");
        for (Observation o : observations) {
            steps.add("Tabulate observed '" + o.site().name() + "' once per call: "
                    + (o.chainState().isPresent()
                            ? "one row of log-probabilities per state of '" + chain.name() + "'."
                            : "a single row (it does not depend on '" + chain.name() + "')."));
        }
        steps.add("Eliminate '" + chain.name() + "' along plate '" + plate
                + "' with the forward recursion: sum-product for the likelihood and marginals (with the backward pass), "
                + "max-product for the MAP path, forward filtering and backward sampling for posterior samples.");
        return steps;
    }

    /** A stable text form of the plan. */
    public String print() {
        var out = new StringBuilder("plan chain ").append(chain.name()).append(" over ").append(plate).append('\n');
        List<String> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            out.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return out.toString();
    }
}
