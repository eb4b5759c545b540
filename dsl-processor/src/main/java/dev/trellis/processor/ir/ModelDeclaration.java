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
 */
public record ModelDeclaration(String packageName, List<String> simpleNames, List<SiteDeclaration> sites,
                               List<ParamDeclaration> params, SourceRef source) {

    public ModelDeclaration {
        simpleNames = List.copyOf(simpleNames);
        sites = List.copyOf(sites);
        params = List.copyOf(params);
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

    /** Whether exact enumeration is asked for anywhere: such models go to the chain backend. */
    public boolean usesEnumeration() {
        return sites.stream().anyMatch(s -> s.enumerated() || s.chain().isPresent());
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
