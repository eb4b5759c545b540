package dev.trellis.processor.graph;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link PlatedFactorGraph} of a model that {@code ModelValidator} found clean and that has enumerated
 * sites. Adds the checks that need the plate tree (design note §2 and §9), each reported on the offending element;
 * a model with any finding has no graph.
 */
public final class PlatedFactorGraphBuilder {
    private final ModelDeclaration model;
    private final List<Diagnostic> problems = new ArrayList<>();
    private PlateTree tree;

    private PlatedFactorGraphBuilder(ModelDeclaration model) {
        this.model = model;
    }

    /** The outcome: a graph, or the reasons there is none. */
    public record Result(Optional<PlatedFactorGraph> graph, List<Diagnostic> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    /** Builds the graph of {@code model} (clean for {@code ModelValidator}, with enumerated sites), or refuses it. */
    public static Result build(ModelDeclaration model) {
        return new PlatedFactorGraphBuilder(model).build();
    }

    private Result build() {
        tree = PlateTreeBuilder.build(model, problems);
        boolean crossing = !problems.isEmpty();
        for (SiteDeclaration site : model.sites()) {
            checkSite(site, crossing);
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        List<Variable> variables = new ArrayList<>();
        for (SiteDeclaration site : model.sites()) {
            if (isVariable(site)) {
                variables.add(new Variable(variables.size(), site.name(), tree.node(site.plates()),
                        site.chain().map(c -> c.over()).orElse(null)));
            }
        }
        List<VarUse> uses = uses(variables);
        List<Factor> factors = new ArrayList<>();
        for (SiteDeclaration site : model.sites()) {
            if (PlateTreeBuilder.isFactor(site)) {
                factors.add(factor(factors.size(), site, variables, uses));
            }
        }
        var graph = new PlatedFactorGraph(model, tree, variables, uses, factors, globals());
        return new Result(Optional.of(graph), List.of());
    }

    private void checkSite(SiteDeclaration site, boolean crossing) {
        if (site.chain().isPresent() && !isVariable(site)) {
            problems.add(Messages.nonEnumeratedChain(site.chain().get().source(), site.name(), site.observed(),
                    site.chain().get().over()));
        }
        boolean global = site.isLatent() && !site.enumerated();
        if (global && !crossing && site.chain().isEmpty()) { // a chain is reported as such above
            for (String plate : site.plates()) {
                List<String> holders = model.sites().stream()
                        .filter(s -> s.plates().contains(plate) && PlateTreeBuilder.isFactor(s))
                        .map(SiteDeclaration::name).toList();
                if (!holders.isEmpty()) {
                    problems.add(Messages.latentInEnumeratedPlate(site.source(), site.name(), plate, holders));
                    break;
                }
            }
        }
        for (Dependency d : site.dependencies()) {
            Optional<SiteDeclaration> read = d.type() == ValueType.PLATE && !d.isPrevious()
                    ? Optional.empty() : model.site(d.site());
            if (read.isEmpty()) {
                continue;
            }
            if (global && isVariable(read.get())) {
                problems.add(Messages.latentReadsEnumerated(d.source(), d.parameterName(), site.name(), read.get().name()));
            }
            if (isVariable(site) && read.get().observed()) {
                problems.add(Messages.enumeratedReadsData(d.source(), d.parameterName(), site.name(), read.get().name()));
            }
            if (d.isPrevious() && !crossing && PlateTreeBuilder.isFactor(site)) {
                checkLaggedRead(site, d, read.get());
            }
        }
    }

    /** An earlier step is read only between sites that live directly in the Markov plate it is taken along. */
    private void checkLaggedRead(SiteDeclaration site, Dependency d, SiteDeclaration read) {
        Optional<String> markov = read.plates().stream()
                .filter(p -> tree.plate(p).kind() == PlateKind.MARKOV).reduce((a, b) -> b);
        if (markov.isEmpty()) {
            return; // the validator reports a @Previous outside a chain
        }
        String readerNode = tree.node(site.plates());
        String readNode = tree.node(read.plates());
        if (!markov.get().equals(readerNode)) {
            problems.add(Messages.laggedReadInNestedPlate(d.source(), d.parameterName(), site.name(), read.name(),
                    d.lag(), markov.get(), readerNode, site.name()));
        } else if (!markov.get().equals(readNode)) {
            problems.add(Messages.laggedReadInNestedPlate(d.source(), d.parameterName(), site.name(), read.name(),
                    d.lag(), markov.get(), readNode, read.name()));
        }
    }

    /** Lags 0 to the largest read of each variable, by variable then lag. */
    private List<VarUse> uses(List<Variable> variables) {
        Map<String, Integer> maxLag = new HashMap<>();
        for (SiteDeclaration site : model.sites()) {
            for (Dependency d : site.dependencies()) {
                if (d.isPrevious()) {
                    maxLag.merge(d.site(), d.lag(), Math::max);
                }
            }
        }
        List<VarUse> uses = new ArrayList<>();
        for (Variable v : variables) {
            for (int lag = 0; lag <= maxLag.getOrDefault(v.name(), 0); lag++) {
                uses.add(new VarUse(uses.size(), v, lag));
            }
        }
        return uses;
    }

    private Factor factor(int id, SiteDeclaration site, List<Variable> variables, List<VarUse> uses) {
        List<Binding> arguments = new ArrayList<>();
        Set<VarUse> parents = new LinkedHashSet<>();
        int maxLag = 0;
        for (Dependency d : site.dependencies()) {
            Binding binding = bind(d, variables, uses);
            arguments.add(binding);
            if (binding instanceof Binding.Enumerated e) {
                parents.add(e.use());
                maxLag = Math.max(maxLag, e.use().lag());
            } else if (binding instanceof Binding.Data data) {
                maxLag = Math.max(maxLag, data.lag());
            }
        }
        List<VarUse> scope = new ArrayList<>(parents);
        Factor.Kind kind = site.observed() ? Factor.Kind.EVIDENCE : Factor.Kind.TABLE;
        if (kind == Factor.Kind.TABLE) {
            scope.add(useOf(site.name(), 0, variables, uses));
        }
        List<String> folded = site.plates().stream()
                .filter(p -> tree.plate(p).kind() == PlateKind.FOLDED).toList();
        return new Factor(id, site, kind, tree.node(site.plates()), scope, folded, maxLag, arguments);
    }

    private Binding bind(Dependency d, List<Variable> variables, List<VarUse> uses) {
        if (d.type() == ValueType.PLATE && !d.isPrevious()) {
            return new Binding.PlateValue(d, d.site());
        }
        Optional<SiteDeclaration> read = model.site(d.site());
        if (read.isEmpty() && !d.isPrevious() && model.network(d.site()).isPresent()) {
            return new Binding.Global(d, d.site(), GlobalInput.Kind.NETWORK);
        }
        if (read.isEmpty()) {
            ParamDeclaration param = model.param(d.site()).orElseThrow(
                    () -> new IllegalStateException("unvalidated model: '" + d.site() + "' is no site or param"));
            return new Binding.Global(d, param.name(), GlobalInput.Kind.PARAM);
        }
        SiteDeclaration site = read.get();
        if (isVariable(site)) {
            return new Binding.Enumerated(d, useOf(site.name(), d.lag(), variables, uses));
        }
        if (site.observed()) {
            return new Binding.Data(d, site.name(), d.lag(), d.type(), site.distribution().enumerable());
        }
        return new Binding.Global(d, site.name(), GlobalInput.Kind.LATENT_SITE);
    }

    private static VarUse useOf(String site, int lag, List<Variable> variables, List<VarUse> uses) {
        return uses.stream().filter(u -> u.variable().name().equals(site) && u.lag() == lag).findFirst()
                .orElseThrow(() -> new IllegalStateException("no use " + site + "@" + lag + " among " + uses
                        + " (variables " + variables + ")"));
    }

    /**
     * Latent global sites so that each comes after the global sites it reads (ties: declaration order); params; then
     * the networks, in declaration order (each registered on every run, as {@code pyro.module}).
     */
    private List<GlobalInput> globals() {
        List<SiteDeclaration> remaining = new ArrayList<>(model.sites().stream()
                .filter(s -> s.isLatent() && !s.enumerated()).toList());
        Set<String> names = new LinkedHashSet<>(remaining.stream().map(SiteDeclaration::name).toList());
        List<GlobalInput> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (!remaining.isEmpty()) {
            SiteDeclaration next = remaining.stream()
                    .filter(s -> readsOf(s, names).stream().allMatch(placed::contains))
                    .findFirst().orElse(remaining.get(0)); // a cycle was reported by the validator
            remaining.remove(next);
            placed.add(next.name());
            ordered.add(new GlobalInput(next.name(), GlobalInput.Kind.LATENT_SITE, next.plates(),
                    readsOf(next, names), next.source()));
        }
        for (ParamDeclaration param : model.params()) {
            ordered.add(new GlobalInput(param.name(), GlobalInput.Kind.PARAM, param.plates(), List.of(), param.source()));
        }
        for (NetworkDeclaration network : model.networks()) {
            ordered.add(new GlobalInput(network.name(), GlobalInput.Kind.NETWORK, List.of(), List.of(),
                    network.source()));
        }
        return ordered;
    }

    private static List<String> readsOf(SiteDeclaration site, Set<String> globals) {
        return site.dependencies().stream().filter(d -> !d.isPrevious() && globals.contains(d.site()))
                .map(Dependency::site).distinct().toList();
    }

    private static boolean isVariable(SiteDeclaration site) {
        return site.enumerated() && site.isLatent();
    }
}
