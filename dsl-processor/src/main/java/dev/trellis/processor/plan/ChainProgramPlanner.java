package dev.trellis.processor.plan;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans an enumerated model that SVI trains: one enumerated first-order chain inside a plate of sequences, global
 * latent sites, and one observed Bernoulli site vectorised over a plate of tones (the family of Pyro's hmm.py
 * model_1). Every other shape is reported, on the element that makes it, as not supported yet: general plated
 * variable elimination (several chains, history 2, autoregressive observations, mixtures) replaces this recogniser.
 */
public final class ChainProgramPlanner {
    private static final String BERNOULLI = "dev.trellis.runtime.distributions.Bernoulli";

    private ChainProgramPlanner() {}

    /** The outcome: a plan, or the reasons there is none. */
    public record Result(Optional<ChainProgramPlan> plan, List<Diagnostic> problems) {}

    /** Whether {@code model} is for this planner: enumerated, and with global latent sites or tensor values. */
    public static boolean applies(ModelDeclaration model) {
        return model.usesEnumeration() && model.sites().stream().anyMatch(site ->
                (site.isLatent() && !site.enumerated() && site.chain().isEmpty())
                        || site.dependencies().stream().anyMatch(d -> d.type() == ValueType.TENSOR));
    }

    public static Result plan(ModelDeclaration model) {
        List<Diagnostic> problems = new ArrayList<>();
        List<SiteDeclaration> chains = model.sites().stream().filter(s -> s.chain().isPresent()).toList();
        List<SiteDeclaration> observed = model.sites().stream().filter(SiteDeclaration::observed).toList();
        List<SiteDeclaration> globals = new ArrayList<>();
        for (SiteDeclaration site : model.sites()) {
            if (site.isLatent() && site.chain().isEmpty()) {
                if (site.enumerated() || !site.plates().isEmpty()) {
                    problems.add(Messages.notYetSupported(site.source(), "latent site '" + site.name() + "' outside "
                            + "the chain is " + (site.enumerated() ? "enumerated" : "in plates " + site.plates())
                            + "; so far the sites besides the chain are global (no plate) and drawn by the guide"));
                } else {
                    globals.add(site);
                }
            }
        }
        if (chains.size() != 1 || observed.size() != 1) {
            problems.add(Messages.notYetSupported(model.source(), "it has " + chains.size() + " chains and "
                    + observed.size() + " observed sites; so far an enumerated model trained by SVI has one chain "
                    + "and one observed site"));
            return new Result(Optional.empty(), problems);
        }
        SiteDeclaration chain = chains.get(0);
        String time = chain.chain().orElseThrow().over();
        Set<String> globalNames = new LinkedHashSet<>(globals.stream().map(SiteDeclaration::name).toList());
        Dependency previous = checkChain(model, chain, globalNames, problems);
        SiteDeclaration observation = observed.get(0);
        Dependency state = checkObservation(model, observation, chain, globalNames, problems);
        List<String> chainPlates = chain.plates();
        Optional<String> sequences = chainPlates.size() == 2 ? Optional.of(chainPlates.get(0)) : Optional.empty();
        if (chainPlates.size() > 2 || !chainPlates.get(chainPlates.size() - 1).equals(time)) {
            problems.add(Messages.notYetSupported(chain.source(), "chain '" + chain.name() + "' is in plates "
                    + chainPlates + "; so far a chain runs along its innermost plate, inside at most one plate of "
                    + "sequences"));
        }
        List<String> observationPlates = observation.plates();
        boolean vectorised = observationPlates.size() == chainPlates.size() + 1
                && observationPlates.subList(0, chainPlates.size()).equals(chainPlates);
        if (!vectorised) {
            problems.add(Messages.notYetSupported(observation.source(), "observed site '" + observation.name()
                    + "' is in plates " + observationPlates + "; so far it is in the chain's plates " + chainPlates
                    + " and one more, innermost plate it is vectorised over (e.g. tones)"));
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        return new Result(Optional.of(new ChainProgramPlan(model, globals, chain, previous, sequences, time,
                observation, state, observationPlates.get(observationPlates.size() - 1))), List.of());
    }

    private static Dependency checkChain(ModelDeclaration model, SiteDeclaration chain, Set<String> globals,
            List<Diagnostic> problems) {
        if (!chain.enumerated()) {
            problems.add(Messages.notYetSupported(chain.source(), "chain '" + chain.name() + "' is not @Enumerate"));
        }
        if (chain.chain().orElseThrow().history() != 1) {
            problems.add(Messages.notYetSupported(chain.chain().orElseThrow().source(), "history "
                    + chain.chain().orElseThrow().history() + "; so far enumerated chains trained by SVI are "
                    + "first-order"));
        }
        Dependency previous = null;
        for (Dependency d : chain.dependencies()) {
            if (d.isPrevious() && d.site().equals(chain.name()) && d.lag() == 1 && previous == null) {
                if (d.initial().isEmpty()) {
                    problems.add(Messages.notYetSupported(d.source(), "'" + d.parameterName() + "' has no "
                            + "@Previous(initial = ...); give the state before the first step (Pyro's hmm.py starts "
                            + "from 0)"));
                }
                previous = d;
            } else if (!readsGlobal(model, d, globals)) {
                problems.add(Messages.notYetSupported(d.source(), "chain '" + chain.name() + "' reads '"
                        + d.parameterName() + "'; so far a chain reads its own previous value and global sites or "
                        + "parameters (as Tensors)"));
            }
        }
        if (previous == null) {
            problems.add(Messages.notYetSupported(chain.source(), "chain '" + chain.name() + "' has no @Previous "
                    + "parameter"));
        }
        return previous;
    }

    private static Dependency checkObservation(ModelDeclaration model, SiteDeclaration observation,
            SiteDeclaration chain, Set<String> globals, List<Diagnostic> problems) {
        if (!observation.distribution().qualifiedName().equals(BERNOULLI)) {
            problems.add(Messages.notYetSupported(observation.source(), "observed site '" + observation.name()
                    + "' is " + observation.distribution().simpleName() + "; so far the observation of an enumerated "
                    + "model trained by SVI is a Bernoulli vectorised over a plate"));
        }
        Dependency state = null;
        for (Dependency d : observation.dependencies()) {
            if (!d.isPrevious() && d.site().equals(chain.name()) && d.type() == ValueType.INT && state == null) {
                state = d;
            } else if (!readsGlobal(model, d, globals)) {
                problems.add(Messages.notYetSupported(d.source(), "observed site '" + observation.name() + "' reads '"
                        + d.parameterName() + "'; so far it reads the chain's current state (an int) and global "
                        + "sites or parameters (as Tensors)"));
            }
        }
        if (state == null) {
            problems.add(Messages.notYetSupported(observation.source(), "observed site '" + observation.name()
                    + "' does not read the chain's current state"));
        }
        return state;
    }

    private static boolean readsGlobal(ModelDeclaration model, Dependency d, Set<String> globals) {
        return !d.isPrevious() && d.type() == ValueType.TENSOR
                && (globals.contains(d.site()) || model.param(d.site()).isPresent());
    }
}
