package dev.trellis.processor.plan;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import dev.trellis.processor.plan.ChainProgramPlan.ChainSite;
import dev.trellis.processor.plan.ChainProgramPlan.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans an enumerated model that SVI trains: one or two enumerated chains along one time plate inside a plate of
 * sequences (first-order, a factorial or dependent pair, or one chain of history 2), global latent sites, and one
 * observed Bernoulli site vectorised over a plate of tones (the family of Pyro's hmm.py). Every other shape is reported,
 * on the element that makes it, as not supported yet: general plated variable elimination replaces this recogniser.
 */
public final class ChainProgramPlanner {
    private static final String BERNOULLI = "dev.trellis.runtime.distributions.Bernoulli";
    /** Locals and lambda parameters of the generated program, which a site or parameter name would shadow. */
    private static final Set<String> LOCALS = Set.of("states", "tables", "logInit", "logTrans", "single", "first",
            "byEarlier", "current", "state", "earlier", "previous", "elimination", "globals");

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
        List<SiteDeclaration> declared = model.sites().stream().filter(s -> s.chain().isPresent()).toList();
        List<SiteDeclaration> observed = model.sites().stream().filter(SiteDeclaration::observed).toList();
        List<SiteDeclaration> globals = globals(model, problems);
        for (SiteDeclaration site : model.sites()) {
            if (LOCALS.contains(site.name())) {
                problems.add(Messages.reservedName(site.source(), site.name()));
            }
        }
        model.params().stream().filter(param -> LOCALS.contains(param.name()))
                .forEach(param -> problems.add(Messages.reservedName(param.source(), param.name())));
        if (declared.isEmpty() || declared.size() > 2 || observed.size() != 1) {
            problems.add(Messages.notYetSupported(model.source(), "it has " + declared.size() + " chains and "
                    + observed.size() + " observed sites; so far an enumerated model trained by SVI has one or two "
                    + "chains and one observed site"));
            return new Result(Optional.empty(), problems);
        }
        Set<String> globalNames = new LinkedHashSet<>(globals.stream().map(SiteDeclaration::name).toList());
        List<SiteDeclaration> ordered = order(declared);
        List<ChainSite> chains = new ArrayList<>();
        for (SiteDeclaration site : ordered) {
            chains.add(chainSite(model, site, ordered, globalNames, problems));
        }
        Shape shape = shape(chains);
        String time = declared.get(0).chain().orElseThrow().over();
        List<String> chainPlates = declared.get(0).plates();
        for (SiteDeclaration site : declared) {
            if (!site.plates().equals(chainPlates) || !site.chain().orElseThrow().over().equals(time)) {
                problems.add(Messages.notYetSupported(site.source(), "chain '" + site.name() + "' is in plates "
                        + site.plates() + "; so far every chain runs along the same plate, in the same plates"));
            }
        }
        Optional<String> sequences = chainPlates.size() == 2 ? Optional.of(chainPlates.get(0)) : Optional.empty();
        if (chainPlates.size() > 2 || !chainPlates.get(chainPlates.size() - 1).equals(time)) {
            problems.add(Messages.notYetSupported(declared.get(0).source(), "chains in plates " + chainPlates
                    + "; so far a chain runs along its innermost plate, inside at most one plate of sequences"));
        }
        SiteDeclaration observation = observed.get(0);
        Map<Dependency, Integer> stateReads = checkObservation(model, observation, ordered, globalNames, problems);
        Optional<Dependency> previousObservation = observation.dependencies().stream()
                .filter(d -> readsOwnPrevious(observation, d)).findFirst();
        List<String> observationPlates = observation.plates();
        boolean vectorised = observationPlates.size() == chainPlates.size() + 1
                && observationPlates.subList(0, chainPlates.size()).equals(chainPlates);
        if (!vectorised) {
            problems.add(Messages.notYetSupported(observation.source(), "observed site '" + observation.name()
                    + "' is in plates " + observationPlates + "; so far it is in the chains' plates " + chainPlates
                    + " and one more, innermost plate it is vectorised over (e.g. tones)"));
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        return new Result(Optional.of(new ChainProgramPlan(model, globals, shape, chains, sequences, time,
                observation, stateReads, previousObservation, observationPlates.get(observationPlates.size() - 1))),
                List.of());
    }

    private static List<SiteDeclaration> globals(ModelDeclaration model, List<Diagnostic> problems) {
        List<SiteDeclaration> globals = new ArrayList<>();
        for (SiteDeclaration site : model.sites()) {
            if (site.isLatent() && site.chain().isEmpty()) {
                if (site.enumerated() || !site.plates().isEmpty()) {
                    problems.add(Messages.notYetSupported(site.source(), "latent site '" + site.name() + "' outside "
                            + "the chains is " + (site.enumerated() ? "enumerated" : "in plates " + site.plates())
                            + "; so far the sites besides the chains are global (no plate) and drawn by the guide"));
                } else {
                    globals.add(site);
                }
            }
        }
        return globals;
    }

    /** The chain that another reads comes first; otherwise declaration order. */
    private static List<SiteDeclaration> order(List<SiteDeclaration> chains) {
        if (chains.size() == 2 && readsCurrent(chains.get(0), chains.get(1).name())) {
            return List.of(chains.get(1), chains.get(0));
        }
        return chains;
    }

    private static boolean readsCurrent(SiteDeclaration site, String other) {
        return site.dependencies().stream().anyMatch(d -> !d.isPrevious() && d.site().equals(other));
    }

    private static Shape shape(List<ChainSite> chains) {
        if (chains.size() == 2) {
            return chains.get(1).reads().isPresent() ? Shape.DEPENDENT : Shape.FACTORIAL;
        }
        return chains.get(0).lag2().isPresent() ? Shape.SECOND_ORDER : Shape.SINGLE;
    }

    private static ChainSite chainSite(ModelDeclaration model, SiteDeclaration chain, List<SiteDeclaration> chains,
            Set<String> globals, List<Diagnostic> problems) {
        if (!chain.enumerated()) {
            problems.add(Messages.notYetSupported(chain.source(), "chain '" + chain.name() + "' is not @Enumerate"));
        }
        int history = chain.chain().orElseThrow().history();
        if (history > 2 || (history == 2 && chains.size() > 1)) {
            problems.add(Messages.notYetSupported(chain.chain().orElseThrow().source(), "history " + history
                    + (chains.size() > 1 ? " beside another chain" : "") + "; so far chains have history 1, or one "
                    + "chain history 2"));
        }
        Dependency previous = null;
        Dependency lag2 = null;
        Dependency reads = null;
        for (Dependency d : chain.dependencies()) {
            if (d.isPrevious() && d.site().equals(chain.name()) && (d.lag() == 1 || d.lag() == 2)) {
                if (d.initial().isEmpty()) {
                    problems.add(Messages.notYetSupported(d.source(), "'" + d.parameterName() + "' has no "
                            + "@Previous(initial = ...); give the state before the first step (Pyro's hmm.py starts "
                            + "from 0)"));
                }
                if (d.lag() == 1) {
                    previous = d;
                } else {
                    lag2 = d;
                }
            } else if (!d.isPrevious() && d.type() == ValueType.INT && chains.size() == 2 && chains.get(0) != chain
                    && d.site().equals(chains.get(0).name()) && reads == null) {
                reads = d;
            } else if (!readsGlobal(model, d, globals)) {
                problems.add(Messages.notYetSupported(d.source(), "chain '" + chain.name() + "' reads '"
                        + d.parameterName() + "'; so far a chain reads its own earlier values, the current state of "
                        + "the chain declared before it, and global sites or parameters (as Tensors)"));
            }
        }
        if (previous == null) {
            problems.add(Messages.notYetSupported(chain.source(), "chain '" + chain.name() + "' has no @Previous "
                    + "parameter of lag 1"));
        }
        if (history == 2 && lag2 == null) {
            problems.add(Messages.notYetSupported(chain.source(), "chain '" + chain.name() + "' keeps history 2 but "
                    + "reads no @Previous(lag = 2) value; declare history 1"));
        }
        return new ChainSite(chain, previous, Optional.ofNullable(lag2), Optional.ofNullable(reads));
    }

    private static Map<Dependency, Integer> checkObservation(ModelDeclaration model, SiteDeclaration observation,
            List<SiteDeclaration> chains, Set<String> globals, List<Diagnostic> problems) {
        if (!observation.distribution().qualifiedName().equals(BERNOULLI)) {
            problems.add(Messages.notYetSupported(observation.source(), "observed site '" + observation.name()
                    + "' is " + observation.distribution().simpleName() + "; so far the observation of an enumerated "
                    + "model trained by SVI is a Bernoulli vectorised over a plate"));
        }
        Map<Dependency, Integer> reads = new LinkedHashMap<>();
        for (Dependency d : observation.dependencies()) {
            int chain = -1;
            for (int i = 0; i < chains.size(); i++) {
                if (!d.isPrevious() && d.type() == ValueType.INT && d.site().equals(chains.get(i).name())) {
                    chain = i;
                }
            }
            if (chain >= 0) {
                reads.put(d, chain);
            } else if (readsOwnPrevious(observation, d)) {
                if (d.initial().isEmpty() || (d.initial().getAsInt() != 0 && d.initial().getAsInt() != 1)) {
                    problems.add(Messages.notYetSupported(d.source(), "'" + d.parameterName() + "' reads the "
                            + "previous value of '" + observation.name() + "'; give the value every member has before "
                            + "the first step with @Previous(initial = 0) (or 1)"));
                }
            } else if (!readsGlobal(model, d, globals)) {
                problems.add(Messages.notYetSupported(d.source(), "observed site '" + observation.name() + "' reads '"
                        + d.parameterName() + "'; so far it reads the chains' current states (ints) and global sites "
                        + "or parameters (as Tensors)"));
            }
        }
        if (reads.isEmpty()) {
            problems.add(Messages.notYetSupported(observation.source(), "observed site '" + observation.name()
                    + "' reads no chain's current state"));
        }
        return reads;
    }

    private static boolean readsOwnPrevious(SiteDeclaration observation, Dependency d) {
        return d.isPrevious() && d.lag() == 1 && d.site().equals(observation.name()) && d.type() == ValueType.TENSOR;
    }

    private static boolean readsGlobal(ModelDeclaration model, Dependency d, Set<String> globals) {
        return !d.isPrevious() && d.type() == ValueType.TENSOR
                && (globals.contains(d.site()) || model.param(d.site()).isPresent());
    }
}
