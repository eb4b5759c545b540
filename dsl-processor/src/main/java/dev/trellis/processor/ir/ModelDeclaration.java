package dev.trellis.processor.ir;

import java.util.List;
import java.util.Optional;

/**
 * The model IR: everything the processor knows about a {@code @Model} class, read from its
 * declarations. Immutable; printable with {@link ModelPrinter}.
 *
 * @param packageName the model's package ("" for the unnamed package)
 * @param simpleNames the model class's simple name, preceded by those of its enclosing classes
 * @param sites the {@code @Sample} methods, in declaration order
 * @param params the {@code @Param} methods, in declaration order
 * @param source where the class was declared
 * @param networks the {@code @Network} methods, in declaration order
 * @param computed the {@code @Computed} methods, in declaration order
 */
public record ModelDeclaration(String packageName, List<String> simpleNames, List<SiteDeclaration> sites,
                               List<ParamDeclaration> params, SourceRef source, List<NetworkDeclaration> networks,
                               List<ComputedDeclaration> computed) {

    public ModelDeclaration {
        simpleNames = List.copyOf(simpleNames);
        sites = List.copyOf(sites);
        params = List.copyOf(params);
        networks = List.copyOf(networks);
        computed = List.copyOf(computed);
    }

    /** A model without networks or computed values. */
    public ModelDeclaration(String packageName, List<String> simpleNames, List<SiteDeclaration> sites,
            List<ParamDeclaration> params, SourceRef source) {
        this(packageName, simpleNames, sites, params, source, List.of(), List.of());
    }

    /** The network with this name, if declared. */
    public Optional<NetworkDeclaration> network(String name) {
        return networks.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The computed value with this name, if declared. */
    public Optional<ComputedDeclaration> computedValue(String name) {
        return computed.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The parameter with this name, or, failing that, the one whose method has this name. */
    public Optional<ParamDeclaration> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst()
                .or(() -> params.stream().filter(p -> p.methodName().equals(name)).findFirst());
    }

    /** The fully qualified class name, e.g. {@code weather.RainSun}. */
    public String qualifiedName() {
        return packageName.isEmpty() ? className() : packageName + "." + className();
    }

    /**
     * Whether exact enumeration is asked for anywhere (some site is {@code @Enumerate}): such models go to the
     * enumeration backends. A model without, chains included, becomes a program that SVI runs with a guide.
     */
    public boolean usesEnumeration() {
        return sites.stream().anyMatch(SiteDeclaration::enumerated);
    }

    /** The class name as written in Java source, e.g. {@code Outer.Inner}. */
    public String className() {
        return String.join(".", simpleNames);
    }

    /** The site with this name, if declared. */
    public Optional<SiteDeclaration> site(String name) {
        return sites.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Every plate some site is in, in order of first use. */
    public List<PlateDeclaration> plates() {
        var names = new java.util.LinkedHashSet<String>();
        sites.forEach(s -> names.addAll(s.plates()));
        java.util.Map<String, Integer> markov = markovPlates();
        return names.stream()
                .map(name -> new PlateDeclaration(name, markov.getOrDefault(name, 0),
                        sites.stream().filter(s -> s.plates().contains(name)).map(SiteDeclaration::name).toList()))
                .toList();
    }

    /** Names of the plates that some site runs a {@code @Markov} chain along, with their largest history. */
    public java.util.Map<String, Integer> markovPlates() {
        var plates = new java.util.TreeMap<String, Integer>();
        for (SiteDeclaration site : sites) {
            site.chain().ifPresent(c -> plates.merge(c.over(), c.history(), Math::max));
        }
        return plates;
    }
}
