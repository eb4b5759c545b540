package dev.trellis.processor.plan;

import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan for a model whose enumerated chains run inside a plate of ragged sequences, emit a vector of Bernoulli
 * observations over a plate of tones at each step, and read global latent sites (the family of Pyro's hmm.py), trained
 * by SVI with the chains summed out exactly (TraceEnum_ELBO). Every shape becomes one first-order chain over a joint
 * state, whose tables are built from the declared chains' tables with tensor operations (so their gradients flow
 * back):
 * <ul>
 *   <li>{@link Shape#SINGLE}: one first-order chain (model_1);
 *   <li>{@link Shape#FACTORIAL}: two independent chains, joint state {@code w * Kx + x} (model_3);
 *   <li>{@link Shape#DEPENDENT}: two chains, the second reading the first's current state (model_4);
 *   <li>{@link Shape#SECOND_ORDER}: one chain of history 2, over pairs of consecutive states (model_6).
 * </ul>
 * Steps: draw the globals; tabulate each chain's first step and transitions and the observation per joint state, once
 * per run; eliminate the joint chain along the time plate of every sequence of the run with the forward-backward
 * recursion, whose marginals are the tables' adjoints.
 *
 * @param model the model
 * @param globals the global latent sites, in dependency order
 * @param shape how the declared chains form the joint chain
 * @param chains the chains, the one read by the other first
 * @param sequences the plate of sequences around the chains, if any
 * @param time the plate the chains run along
 * @param observation the observed Bernoulli site
 * @param stateReads for each parameter of the observation that reads a chain's current state, that chain's index
 * @param previousObservation the observation's {@code @Previous} parameter, when it reads its own previous value
 *     member by member (hmm.py model_2)
 * @param tones the plate the observation is vectorised over
 */
public record ChainProgramPlan(
        ModelDeclaration model,
        List<SiteDeclaration> globals,
        Shape shape,
        List<ChainSite> chains,
        Optional<String> sequences,
        String time,
        SiteDeclaration observation,
        Map<Dependency, Integer> stateReads,
        Optional<Dependency> previousObservation,
        String tones) {

    /** How the declared chains form one first-order chain. */
    public enum Shape { SINGLE, FACTORIAL, DEPENDENT, SECOND_ORDER }

    /**
     * One declared chain.
     *
     * @param site the chain's site
     * @param previous its {@code @Previous} parameter of lag 1, with an initial value
     * @param lag2 its {@code @Previous(lag = 2)} parameter, for a second-order chain
     * @param reads the parameter reading the other chain's current state, for the second of a dependent pair
     */
    public record ChainSite(SiteDeclaration site, Dependency previous, Optional<Dependency> lag2,
                            Optional<Dependency> reads) {}

    public ChainProgramPlan {
        globals = List.copyOf(globals);
        chains = List.copyOf(chains);
        stateReads = Map.copyOf(stateReads);
    }

    /**
     * {@return the enumerated variables of the largest factor the elimination builds: the joint transition table,
     * e.g. {@code [w@t-1, x@t-1, w@t, x@t]}}
     */
    public List<String> largestFactor() {
        List<String> variables = new ArrayList<>();
        switch (shape) {
            case SINGLE -> {
                String x = chains.get(0).site().name();
                variables.addAll(List.of(x + "@t-1", x + "@t"));
            }
            case FACTORIAL, DEPENDENT -> {
                String w = chains.get(0).site().name();
                String x = chains.get(1).site().name();
                variables.addAll(List.of(w + "@t-1", x + "@t-1", w + "@t", x + "@t"));
            }
            case SECOND_ORDER -> {
                String x = chains.get(0).site().name();
                variables.addAll(List.of(x + "@t-2", x + "@t-1", x + "@t"));
            }
        }
        return variables;
    }

    /** The plan in words, for the generated javadoc and the dump. */
    public List<String> steps() {
        List<String> steps = new ArrayList<>();
        if (!globals.isEmpty()) {
            steps.add("Draw the global sites " + globals.stream().map(SiteDeclaration::name).toList()
                    + " from the guide (or fix them, when conditioned).");
        }
        List<String> names = chains.stream().map(c -> "'" + c.site().name() + "'").toList();
        steps.add(switch (shape) {
            case SINGLE -> "Tabulate " + names.get(0) + " once per run: its first step and one transition row per "
                    + "previous state.";
            case FACTORIAL -> "Tabulate the independent chains " + names + " once per run and combine them into "
                    + "one chain over their joint state.";
            case DEPENDENT -> "Tabulate " + names.get(0) + ", then " + names.get(1) + " for each current state of "
                    + names.get(0) + ", once per run, and combine them into one chain over their joint state.";
            case SECOND_ORDER -> "Tabulate " + names.get(0) + " (history 2) once per run for each pair of earlier "
                    + "states, as one first-order chain over pairs of consecutive states.";
        });
        steps.add("Tabulate observed '" + observation.name() + "' once per run: log p(1) and log p(0) of every '"
                + tones + "' member, for each joint state" + (previousObservation.isPresent()
                        ? " and each previous value (0 or 1) of the member." : "."));
        steps.add("Eliminate the joint state along '" + time + "' in every member of "
                + sequences.map(p -> "plate '" + p + "'").orElse("the data")
                + " with the forward-backward recursion: the exact log marginal likelihood, whose gradient is the "
                + "posterior marginals fed back into the tables.");
        return steps;
    }

    /** A stable text form of the plan. */
    public String print() {
        var out = new StringBuilder("plan enumerated ").append(shape.name().toLowerCase(java.util.Locale.ROOT))
                .append(" chain ").append(chains.stream().map(c -> c.site().name()).toList()).append(" over ")
                .append(time).append('\n');
        List<String> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            out.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return out.toString();
    }
}
