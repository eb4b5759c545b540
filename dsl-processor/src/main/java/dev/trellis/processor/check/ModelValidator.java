package dev.trellis.processor.check;

import dev.trellis.processor.ir.ComputedDeclaration;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.NetworkDeclaration;
import dev.trellis.processor.ir.ParamDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a model's declarations for every mistake that can be seen without running it, and
 * reports all of them (not just the first). A model with any finding is not planned or generated.
 */
public final class ModelValidator {
    /** Names the generated API uses for its own parameters; a site may not take them. */
    private static final Set<String> RESERVED = Set.of("model", "rng", "steps", "step", "factors", "forward", "evidence", "best", "out",
            "context", "guide", "plates", "logJoint");
    /**
     * The methods of java.lang.Object: every generated record has them, so a component (a site's value) with one of
     * these names would not compile (JLS 8.10.3 forbids most; equals would overload confusingly).
     */
    private static final Set<String> OBJECT_METHODS = Set.of("clone", "equals", "finalize", "getClass", "hashCode",
            "notify", "notifyAll", "toString", "wait");
    /** Java's reserved words and literals (JLS 3.9, 3.10): no generated variable or accessor can carry them. */
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface",
            "long", "native", "new", "package", "private", "protected", "public", "return", "short", "static",
            "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "_", "true", "false", "null");

    private final ModelDeclaration model;
    /** For a guide, its model's observed sites, which the guide may read as data; empty for a model. */
    private final List<SiteDeclaration> data;
    private final List<Diagnostic> findings = new ArrayList<>();

    private ModelValidator(ModelDeclaration model, List<SiteDeclaration> data) {
        this.model = model;
        this.data = data;
    }

    /** All the problems found in {@code model}; empty when it is well formed. */
    public static List<Diagnostic> validate(ModelDeclaration model) {
        return validate(model, List.of());
    }

    /**
     * All the problems found in a guide's own structure; empty when it is well formed.
     *
     * @param modelData the observed sites of the guide's model, which the guide's methods may read as data
     */
    public static List<Diagnostic> validate(ModelDeclaration guide, List<SiteDeclaration> modelData) {
        var validator = new ModelValidator(guide, List.copyOf(modelData));
        validator.run();
        return List.copyOf(validator.findings);
    }

    private void run() {
        if (model.sites().isEmpty()) {
            findings.add(Messages.noSites(model.source(), model.className()));
            return;
        }
        checkNames();
        checkParams();
        checkNetworksAndComputed();
        Map<String, Integer> markovPlates = model.markovPlates();
        for (SiteDeclaration site : model.sites()) {
            checkSiteShape(site);
            for (Dependency dependency : site.dependencies()) {
                checkDependency(site, dependency, markovPlates);
            }
        }
        for (ComputedDeclaration computed : model.computed()) {
            for (Dependency dependency : computed.dependencies()) {
                checkComputedDependency(computed, dependency);
            }
        }
        checkPlateOrder();
        checkCycles();
    }

    private void checkNames() {
        Set<String> seen = new HashSet<>();
        for (SiteDeclaration site : model.sites()) {
            if (!seen.add(site.name())) {
                findings.add(Messages.duplicateSite(site.source(), site.name()));
            }
            if (RESERVED.contains(site.name())) {
                findings.add(Messages.reservedName(site.source(), site.name()));
            }
            checkUsable(site.name(), site.source(), "site");
        }
        checkPlateNames();
    }

    /** Names that no generated record or method can carry, whatever else the model declares. */
    private void checkUsable(String name, dev.trellis.processor.ir.SourceRef at, String what) {
        if (OBJECT_METHODS.contains(name)) {
            findings.add(Messages.unusableName(at, what, name, "it is a method of java.lang.Object, which the "
                    + "generated records (one component per site) and classes inherit"));
        } else if (JAVA_KEYWORDS.contains(name)) {
            findings.add(Messages.unusableName(at, what, name, "it is a Java keyword, and the generated Java code "
                    + "declares a variable, record component and accessor named after each " + what));
        }
    }

    /** A plate may not share its name with a site, parameter, network or computed value (one namespace). */
    private void checkPlateNames() {
        Set<String> reported = new HashSet<>();
        for (SiteDeclaration site : model.sites()) {
            for (String plate : site.plates()) {
                String other = model.site(plate).map(s -> "site '" + s.name() + "'")
                        .or(() -> model.params().stream().filter(p -> p.name().equals(plate)).findFirst()
                                .map(p -> "@Param '" + p.name() + "'"))
                        .or(() -> model.network(plate).map(n -> "@Network '" + n.name() + "'"))
                        .or(() -> model.computedValue(plate).map(c -> "@Computed '" + c.name() + "'"))
                        .orElse(null);
                if (other != null && reported.add(plate)) {
                    findings.add(Messages.plateNamedLikeSite(site.source(), plate, site.name(), other));
                }
            }
        }
    }

    private void checkParams() {
        Set<String> seen = new HashSet<>();
        for (ParamDeclaration param : model.params()) {
            if (!seen.add(param.name())) {
                findings.add(Messages.nameClash(param.source(), param.name(), "two @Param methods"));
            }
            if (model.site(param.name()).isPresent()) {
                findings.add(Messages.nameClash(param.source(), param.name(), "a @Param and a @Sample method"));
            }
            if (RESERVED.contains(param.name())) {
                findings.add(Messages.reservedName(param.source(), param.name()));
            }
            checkUsable(param.name(), param.source(), "@Param");
            ConstraintSpecs.problem(param.constraint()).ifPresent(why ->
                    findings.add(Messages.badConstraint(param.source(), param.name(), param.constraint(), why)));
            for (String plate : param.plates()) {
                if (model.sites().stream().noneMatch(site -> site.plates().contains(plate))) {
                    findings.add(Messages.paramPlateUnknown(param.source(), param.name(), plate));
                }
            }
        }
    }

    /**
     * Networks and computed values share the sites' namespace. A network is a global input of an enumerated model
     * too; computed values and scales are for programs without enumeration.
     */
    private void checkNetworksAndComputed() {
        Map<String, NetworkDeclaration> networks = new HashMap<>();
        for (NetworkDeclaration network : model.networks()) {
            NetworkDeclaration first = networks.putIfAbsent(network.name(), network);
            if (first != null) {
                findings.add(Messages.duplicateNetwork(network.source(), network.name(), first.methodName()));
            }
            checkFreeName(network.name(), network.source(), "a @Network");
        }
        Set<String> computedNames = new HashSet<>();
        for (ComputedDeclaration computed : model.computed()) {
            if (!computedNames.add(computed.name())) {
                findings.add(Messages.nameClash(computed.source(), computed.name(), "two @Computed methods"));
            }
            checkFreeName(computed.name(), computed.source(), "a @Computed");
            if (networks.containsKey(computed.name())) {
                findings.add(Messages.nameClash(computed.source(), computed.name(), "a @Network and a @Computed method"));
            }
            if (model.usesEnumeration()) {
                findings.add(Messages.notInEnumeratedModel(computed.source(), "Computed", computed.methodName()));
            }
        }
        for (SiteDeclaration site : model.sites()) {
            site.scale().ifPresent(scale -> {
                if (scale.factor().isBlank()) {
                    findings.add(Messages.emptyScale(scale.source(), site.name()));
                }
                if (model.usesEnumeration()) {
                    findings.add(Messages.notInEnumeratedModel(scale.source(), "Scale", "site '" + site.name() + "'"));
                }
            });
        }
    }

    private void checkFreeName(String name, dev.trellis.processor.ir.SourceRef at, String what) {
        if (model.site(name).isPresent()) {
            findings.add(Messages.nameClash(at, name, what + " and a @Sample method"));
        }
        if (model.params().stream().anyMatch(p -> p.name().equals(name))) {
            findings.add(Messages.nameClash(at, name, what + " and a @Param method"));
        }
        if (RESERVED.contains(name)) {
            findings.add(Messages.reservedName(at, name));
        }
        checkUsable(name, at, what.substring(what.indexOf('@')));
    }

    private void checkSiteShape(SiteDeclaration site) {
        if (site.enumerated() && site.observed()) {
            findings.add(Messages.enumerateObserved(site.source(), site.name()));
        }
        if (site.enumerated() && !site.distribution().enumerable()) {
            findings.add(Messages.enumerateNotFinite(site.source(), site.name(), site.distribution().simpleName()));
        }
        site.chain().ifPresent(chain -> {
            if (chain.history() < 1) {
                findings.add(Messages.badHistory(chain.source(), chain.history()));
            }
            int at = site.declaredPlates().indexOf(chain.over());
            if (at >= 0 && at != site.declaredPlates().size() - 1) {
                findings.add(Messages.chainPlateNotInnermost(site.source(), site.name(), chain.over()));
            }
        });
        Set<String> plates = new HashSet<>();
        for (String plate : site.declaredPlates()) {
            if (!plates.add(plate)) {
                findings.add(Messages.duplicatePlate(site.source(), site.name(), plate));
            }
        }
    }

    private void checkDependency(SiteDeclaration site, Dependency dependency, Map<String, Integer> markovPlates) {
        if (dependency.type() == ValueType.PLATE && !dependency.isPrevious()) {
            if (!site.plates().contains(dependency.site())) {
                findings.add(Messages.plateParameterOutsidePlate(dependency.source(), dependency.parameterName(),
                        dependency.site(), site.name()));
            }
            return;
        }
        if (readsNetwork(dependency)) {
            return;
        }
        Optional<SiteDeclaration> target = model.site(dependency.site());
        Optional<ComputedDeclaration> computed = model.computedValue(dependency.site());
        if (target.isEmpty() && computed.isPresent()) {
            checkReadsComputed(site, dependency, computed.get());
            return;
        }
        Optional<SiteDeclaration> modelData = data(dependency.site());
        if (target.isEmpty() && modelData.isPresent()) {
            checkReadsModelData(site, dependency, modelData.get());
            return;
        }
        if (target.isEmpty() && !dependency.isPrevious() && model.param(dependency.site()).isPresent()) {
            if (dependency.type() != ValueType.TENSOR) {
                findings.add(Messages.wrongParameterType(dependency.source(), dependency.parameterName(),
                        dependency.typeName(), "Tensor", "it receives the current value of @Param '"
                                + model.param(dependency.site()).get().name() + "'"));
            }
            return;
        }
        if (target.isEmpty()) {
            findings.add(Messages.unknownSite(dependency.source(), dependency.parameterName(), dependency.site(),
                    suggestion(dependency.site())));
            return;
        }
        SiteDeclaration read = target.get();
        if (!dependency.isPrevious()) {
            if (read.name().equals(site.name())) {
                findings.add(Messages.selfDependency(dependency.source(), dependency.parameterName(), site.name()));
                return;
            }
            for (String plate : read.plates()) {
                if (!site.plates().contains(plate) && !readsWholeParameterPlate(read, plate)) {
                    findings.add(Messages.dependencyOutsidePlate(dependency.source(), dependency.parameterName(),
                            site.name(), read.name(), plate));
                }
            }
        } else {
            Optional<String> chainPlate = read.plates().stream().filter(markovPlates::containsKey).reduce((a, b) -> b);
            if (chainPlate.isEmpty()) {
                findings.add(Messages.previousOutsideChain(dependency.source(), dependency.parameterName(), read.name()));
                return;
            }
            String plate = chainPlate.get();
            if (!site.plates().contains(plate)) {
                findings.add(Messages.previousFromOtherPlate(dependency.source(), dependency.parameterName(), site.name(),
                        read.name(), plate));
            }
            int history = markovPlates.get(plate);
            if (dependency.lag() < 1 || dependency.lag() > history) {
                findings.add(Messages.lagOutOfRange(dependency.source(), dependency.parameterName(), dependency.lag(), plate, history));
            }
        }
        checkType(dependency, read);
    }

    /**
     * Whether the dependency reads a network: true (nothing left to check here) for one that names a declared network,
     * whose type the reader has checked; a parameter of a network type that names none is reported.
     */
    private boolean readsNetwork(Dependency dependency) {
        if (!dependency.isPrevious() && model.network(dependency.site()).isPresent()) {
            return true;
        }
        if (dependency.type() == ValueType.NETWORK) {
            findings.add(Messages.unknownNetwork(dependency.source(), dependency.parameterName(), dependency.typeName(),
                    dependency.site(), model.networks().stream().map(NetworkDeclaration::name).toList()));
            return true;
        }
        return false;
    }

    /** A site reads a computed value at its own plates' members (and step): it must be in the value's plates. */
    private void checkReadsComputed(SiteDeclaration site, Dependency dependency, ComputedDeclaration computed) {
        if (dependency.isPrevious()) {
            findings.add(Messages.markovPlateNotYet(dependency.source(), "parameter '" + dependency.parameterName()
                    + "' reads an earlier step of computed value '" + computed.name() + "'; read its current step"));
            return;
        }
        for (String plate : computed.plates()) {
            if (!site.plates().contains(plate)) {
                findings.add(Messages.dependencyOutsidePlate(dependency.source(), dependency.parameterName(),
                        site.name(), computed.name(), plate));
            }
        }
        requireTensor(dependency, "it receives computed value '" + computed.name() + "'");
    }

    /** A guide's site reads its model's observed site as data, at the guide site's members (and step). */
    private void checkReadsModelData(SiteDeclaration site, Dependency dependency, SiteDeclaration observed) {
        if (dependency.isPrevious()) {
            findings.add(Messages.markovPlateNotYet(dependency.source(), "parameter '" + dependency.parameterName()
                    + "' reads an earlier step of the model's observed site '" + observed.name() + "'; a guide reads "
                    + "a whole sequence of data in a @Computed method"));
            return;
        }
        for (String plate : observed.plates()) {
            if (!site.plates().contains(plate)) {
                findings.add(Messages.dependencyOutsidePlate(dependency.source(), dependency.parameterName(),
                        site.name(), observed.name(), plate));
            }
        }
        requireTensor(dependency, "it receives the data of the model's observed site '" + observed.name() + "'");
    }

    /**
     * What a {@code @Computed} method may read: observed data (its program's, or for a guide its model's) whole,
     * {@code @Param}s, {@code @Network}s and plates; nothing drawn during the run.
     */
    private void checkComputedDependency(ComputedDeclaration computed, Dependency dependency) {
        String name = dependency.parameterName();
        if (dependency.type() == ValueType.PLATE && !dependency.isPrevious()) {
            if (!computed.plates().contains(dependency.site())) {
                findings.add(Messages.plateParameterOutsidePlate(dependency.source(), name, dependency.site(),
                        computed.name()));
            }
            return;
        }
        if (readsNetwork(dependency)) {
            return;
        }
        Optional<SiteDeclaration> site = model.site(dependency.site()).or(() -> data(dependency.site()));
        if (dependency.isPrevious()) {
            findings.add(Messages.computedReadsSite(dependency.source(), computed.name(), name,
                    "an earlier step of '" + dependency.site() + "'"));
        } else if (site.isPresent() && site.get().observed()) {
            if (dependency.type() != ValueType.TENSOR && dependency.type() != ValueType.SEQUENCES) {
                findings.add(Messages.wrongParameterType(dependency.source(), name, dependency.typeName(),
                        "Tensor (or Sequences, for ragged sequences)", "it receives the data of observed site '"
                                + site.get().name() + "' whole"));
            }
        } else if (site.isPresent()) {
            findings.add(Messages.computedReadsSite(dependency.source(), computed.name(), name,
                    "latent site '" + site.get().name() + "'"));
        } else if (model.computedValue(dependency.site()).isPresent()) {
            findings.add(Messages.computedReadsSite(dependency.source(), computed.name(), name,
                    "computed value '" + dependency.site() + "'"));
        } else if (model.param(dependency.site()).isPresent()) {
            requireTensor(dependency, "it receives the current value of @Param '"
                    + model.param(dependency.site()).get().name() + "'");
        } else {
            findings.add(Messages.unknownSite(dependency.source(), name, dependency.site(),
                    suggestion(dependency.site())));
        }
    }

    private void requireTensor(Dependency dependency, String why) {
        if (dependency.type() != ValueType.TENSOR) {
            findings.add(Messages.wrongParameterType(dependency.source(), dependency.parameterName(),
                    dependency.typeName(), "Tensor", why));
        }
    }

    /** The guided model's observed site of this name (for a guide), if any. */
    private Optional<SiteDeclaration> data(String name) {
        return data.stream().filter(site -> site.name().equals(name)).findFirst();
    }

    /**
     * Whether a site may read {@code read} whole across {@code plate}, which it is not in: in a mixture (enumerated
     * sites, no chain) a global latent site in a plate of parameters such as the components, which holds no observed
     * or enumerated site. The reader receives every member (all the locs an assignment indexes), as in Pyro's GMM
     * tutorial; the mixture planner checks the rest.
     */
    private boolean readsWholeParameterPlate(SiteDeclaration read, String plate) {
        return model.usesEnumeration() && read.isLatent() && !read.enumerated()
                && model.sites().stream().noneMatch(s -> (s.observed() || s.enumerated()) && s.plates().contains(plate));
    }

    /** Values of sites with a finite support are ints; before a chain starts they are null or the given initial value. */
    private void checkType(Dependency dependency, SiteDeclaration read) {
        if (!model.usesEnumeration()) {
            // Run by SVI: every value, discrete or continuous, is a tensor of the site's shape.
            if (dependency.type() != ValueType.TENSOR) {
                findings.add(Messages.wrongParameterType(dependency.source(), dependency.parameterName(),
                        dependency.typeName(), "Tensor", "in a model without @Enumerate sites every value is a "
                                + "Tensor (of the site's batch and event shape), drawn by the guide or observed"));
            }
            return;
        }
        if (!read.distribution().enumerable()) {
            return; // continuous values arrive with the distribution library; nothing decidable here yet
        }
        String name = dependency.parameterName();
        if (!dependency.isPrevious()) {
            if (dependency.type() != ValueType.INT) {
                findings.add(Messages.wrongParameterType(dependency.source(), name, dependency.typeName(), "int",
                        "site '" + read.name() + "' takes values 0.." + "n-1 and always has one at this point"));
            }
            if (dependency.initial().isPresent()) {
                findings.add(Messages.badInitial(dependency.source(), name, "only applies to @Previous parameters"));
            }
            return;
        }
        if (dependency.initial().isPresent()) {
            if (dependency.initial().getAsInt() < 0) {
                findings.add(Messages.badInitial(dependency.source(), name,
                        "must be a value of site '" + read.name() + "' (0 or more), not " + dependency.initial().getAsInt()));
            }
            if (dependency.type() != ValueType.INT) {
                findings.add(Messages.wrongParameterType(dependency.source(), name, dependency.typeName(), "int",
                        "with @Previous(initial = ...) there is a value at every step"));
            }
        } else if (dependency.type() != ValueType.BOXED_INT) {
            findings.add(Messages.wrongParameterType(dependency.source(), name, dependency.typeName(), "Integer (Kotlin: Int?)",
                    "there is no earlier value before the chain's first step, so it receives null there; "
                            + "or give @Previous(initial = ...) to start from a fixed value"));
        }
    }

    /** Plates are nested the same way on every site: a pair listed a-then-b somewhere is never b-then-a. */
    private void checkPlateOrder() {
        Map<String, SiteDeclaration> outerFirst = new HashMap<>();
        for (SiteDeclaration site : model.sites()) {
            List<String> plates = site.plates();
            for (int i = 0; i < plates.size(); i++) {
                for (int j = i + 1; j < plates.size(); j++) {
                    String outer = plates.get(i);
                    String inner = plates.get(j);
                    SiteDeclaration reversed = outerFirst.get(inner + "\u0000" + outer);
                    if (reversed != null) {
                        findings.add(Messages.conflictingPlateOrder(site.source(), site.name(), outer, inner, reversed.name()));
                    }
                    outerFirst.putIfAbsent(outer + "\u0000" + inner, site);
                }
            }
        }
    }

    /** Current-step dependencies must form a DAG; earlier steps ({@code @Previous}) cannot close a cycle. */
    private void checkCycles() {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (SiteDeclaration site : model.sites()) {
            List<String> reads = new ArrayList<>();
            for (Dependency d : site.dependencies()) {
                if (!d.isPrevious() && !d.site().equals(site.name()) && model.site(d.site()).isPresent()) {
                    reads.add(d.site());
                }
            }
            edges.putIfAbsent(site.name(), reads);
        }
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            if (findCycle(start, edges, state, path)) {
                int from = path.indexOf(path.get(path.size() - 1));
                List<String> cycle = path.subList(from, path.size());
                SiteDeclaration first = model.site(cycle.get(0)).orElseThrow();
                findings.add(Messages.dependencyCycle(first.source(), String.join(" -> ", cycle)));
                return; // one cycle report is enough: each further one usually shares its sites
            }
        }
    }

    private static boolean findCycle(String site, Map<String, List<String>> edges, Map<String, Integer> state, List<String> path) {
        Integer mark = state.get(site);
        if (mark != null && mark == 2) {
            return false;
        }
        path.add(site);
        if (mark != null) {
            return true;
        }
        state.put(site, 1);
        for (String next : edges.getOrDefault(site, List.of())) {
            if (findCycle(next, edges, state, path)) {
                return true;
            }
        }
        state.put(site, 2);
        path.remove(path.size() - 1);
        return false;
    }

    private String suggestion(String unknown) {
        List<String> names = new ArrayList<>();
        model.sites().forEach(site -> names.add(site.name()));
        data.forEach(site -> names.add(site.name()));
        model.computed().forEach(computed -> names.add(computed.name()));
        return Suggestions.closest(unknown, names);
    }
}
