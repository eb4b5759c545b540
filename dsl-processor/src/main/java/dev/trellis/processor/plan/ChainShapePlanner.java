package dev.trellis.processor.plan;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises one model shape, the hidden Markov model, for the chain generator (formerly
 * {@code EliminationPlanner}; the general {@link EliminationPlanner} replaces it). It explains, on the
 * offending element, why any other model cannot be planned by it.
 *
 * <p>Supported so far: one enumerated first-order chain along one plate, whose distribution reads
 * only its own previous value, and observed sites with finite support in that plate that read the
 * chain's current state or nothing. General plated variable elimination (nested plates, several
 * chains, higher history, mixtures, global sites) replaces this recogniser when it lands; the
 * graph it will work on is already the {@link dev.trellis.processor.graph.FactorGraph}.
 */
public final class ChainShapePlanner {
    private ChainShapePlanner() {}

    /** The outcome: a plan, or the reasons there is none. */
    public record Result(Optional<ChainPlan> plan, List<Diagnostic> problems) {}

    public static Result plan(ModelDeclaration model) {
        List<Diagnostic> problems = new ArrayList<>();
        List<SiteDeclaration> chains = model.sites().stream().filter(s -> s.chain().isPresent()).toList();
        if (chains.isEmpty()) {
            problems.add(Messages.notYetSupported(model.source(),
                    "it has no @Markov @Enumerate chain; so far Trellis generates inference for hidden Markov models "
                            + "(one enumerated chain with observations at each step)"));
            return new Result(Optional.empty(), problems);
        }
        for (SiteDeclaration extra : chains.subList(1, chains.size())) {
            problems.add(Messages.notYetSupported(extra.source(),
                    "a second chain ('" + extra.name() + "' besides '" + chains.get(0).name()
                            + "'); several chains in one model arrive with plated variable elimination"));
        }
        SiteDeclaration chain = chains.get(0);
        String plate = chain.chain().orElseThrow().over();
        Dependency previous = checkChainSite(chain, plate, problems);

        List<ChainPlan.Observation> observations = new ArrayList<>();
        for (SiteDeclaration site : model.sites()) {
            if (site == chain || site.chain().isPresent()) {
                continue;
            }
            checkObservation(site, chain, plate, problems).ifPresent(observations::add);
        }
        if (problems.isEmpty() && observations.isEmpty()) {
            problems.add(Messages.notYetSupported(chain.source(),
                    "the chain '" + chain.name() + "' has no @Observed site in plate '" + plate + "' to condition on"));
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        return new Result(Optional.of(new ChainPlan(model, chain, previous, plate, observations)), List.of());
    }

    private static Dependency checkChainSite(SiteDeclaration chain, String plate, List<Diagnostic> problems) {
        if (!chain.enumerated()) {
            problems.add(Messages.notYetSupported(chain.source(),
                    "chain '" + chain.name() + "' is not @Enumerate; sampled latent sites need guides, which arrive with SVI"));
        }
        if (chain.chain().orElseThrow().history() != 1) {
            problems.add(Messages.notYetSupported(chain.chain().orElseThrow().source(),
                    "history " + chain.chain().orElseThrow().history() + "; so far chains are first-order (history = 1)"));
        }
        if (!chain.plates().equals(List.of(plate))) {
            problems.add(Messages.notYetSupported(chain.source(),
                    "chain '" + chain.name() + "' is inside plates " + chain.plates()
                            + "; so far a chain is inside its own plate only (nested plates arrive with plated elimination)"));
        }
        Dependency previous = null;
        for (Dependency d : chain.dependencies()) {
            if (d.isPrevious() && d.site().equals(chain.name()) && d.lag() == 1 && previous == null) {
                previous = d;
            } else {
                problems.add(Messages.notYetSupported(d.source(),
                        "chain '" + chain.name() + "' reads '" + d.parameterName()
                                + "'; so far a chain's distribution may read only its own previous value"));
            }
        }
        if (previous == null && problems.isEmpty()) {
            problems.add(Messages.notYetSupported(chain.source(),
                    "chain '" + chain.name() + "' has no @Previous parameter; without one its steps are independent "
                            + "(a mixture), which arrives with plated elimination"));
        }
        return previous;
    }

    private static Optional<ChainPlan.Observation> checkObservation(
            SiteDeclaration site, SiteDeclaration chain, String plate, List<Diagnostic> problems) {
        int before = problems.size();
        if (site.isLatent()) {
            problems.add(Messages.notYetSupported(site.source(), "latent site '" + site.name()
                    + "' outside the chain; so far every other site must be @Observed in plate '" + plate + "'"));
        }
        if (!site.plates().equals(List.of(plate))) {
            problems.add(Messages.notYetSupported(site.source(), "site '" + site.name() + "' is in plates " + site.plates()
                    + "; so far observed sites are in the chain's plate '" + plate + "' only"));
        }
        if (!site.distribution().enumerable()) {
            problems.add(Messages.notYetSupported(site.source(), "observed site '" + site.name() + "' has distribution "
                    + site.distribution().simpleName() + "; so far observations have a finite support (e.g. Categorical)"));
        }
        Dependency state = null;
        for (Dependency d : site.dependencies()) {
            if (!d.isPrevious() && d.site().equals(chain.name()) && state == null) {
                state = d;
            } else {
                problems.add(Messages.notYetSupported(d.source(), "observed site '" + site.name() + "' reads '"
                        + d.parameterName() + "'; so far an observation may read only the chain's current state"));
            }
        }
        return problems.size() == before
                ? Optional.of(new ChainPlan.Observation(site, Optional.ofNullable(state)))
                : Optional.empty();
    }
}
