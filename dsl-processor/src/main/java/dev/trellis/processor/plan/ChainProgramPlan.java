package dev.trellis.processor.plan;

import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan for a model whose enumerated chain runs inside a plate of ragged sequences, emits a vector of Bernoulli
 * observations over a plate of tones at each step, and reads global latent sites (Pyro's hmm.py model_1), trained by
 * SVI with the chain summed out exactly (TraceEnum_ELBO):
 * <ol>
 *   <li>draw (or replay) the global latent sites, in dependency order;
 *   <li>tabulate the chain once per run: its first step from the {@code @Previous} initial value, and one transition
 *       row per previous state, as differentiable log tables;
 *   <li>tabulate the observed site once per run: for each chain state, {@code log p(y = 1)} and {@code log p(y = 0)}
 *       for every tone;
 *   <li>eliminate the chain along the time plate of every sequence of this run's (possibly subsampled) plate of
 *       sequences with the forward-backward recursion; its value is the exact log marginal likelihood and its
 *       marginals are the adjoints of the tables.
 * </ol>
 *
 * @param model the model
 * @param globals the global latent sites, in dependency order
 * @param chain the enumerated chain site
 * @param previous the chain's {@code @Previous} parameter, with its initial value
 * @param sequences the plate of sequences around the chain, if any
 * @param time the plate the chain runs along
 * @param observation the observed Bernoulli site
 * @param state the observed site's parameter that reads the chain's state
 * @param tones the plate the observation is vectorised over
 */
public record ChainProgramPlan(
        ModelDeclaration model,
        List<SiteDeclaration> globals,
        SiteDeclaration chain,
        Dependency previous,
        Optional<String> sequences,
        String time,
        SiteDeclaration observation,
        Dependency state,
        String tones) {

    public ChainProgramPlan {
        globals = List.copyOf(globals);
    }

    /** The plan in words, for the generated javadoc and the dump. */
    public List<String> steps() {
        List<String> steps = new ArrayList<>();
        if (!globals.isEmpty()) {
            steps.add("Draw the global sites " + globals.stream().map(SiteDeclaration::name).toList()
                    + " from the guide (or fix them, when conditioned).");
        }
        steps.add("Tabulate '" + chain.name() + "' once per run: its first step (" + previous.parameterName() + " = "
                + previous.initial().getAsInt() + " before it) and one transition row per previous state.");
        steps.add("Tabulate observed '" + observation.name() + "' once per run: log p(1) and log p(0) of every '"
                + tones + "' member, for each state of '" + chain.name() + "'.");
        steps.add("Eliminate '" + chain.name() + "' along '" + time + "' in every member of "
                + sequences.map(p -> "plate '" + p + "'").orElse("the data")
                + " with the forward-backward recursion: the exact log marginal likelihood, whose gradient is the "
                + "posterior marginals fed back into the tables.");
        return steps;
    }

    /** A stable text form of the plan. */
    public String print() {
        var out = new StringBuilder("plan enumerated chain ").append(chain.name()).append(" over ").append(time)
                .append('\n');
        List<String> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            out.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return out.toString();
    }
}
