package dev.trellis.processor.plan;

import dev.trellis.processor.graph.VarUse;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A size known only symbolically at compile time: a product of domain sizes {@code |x|} (one per axis; a variable's
 * uses at every lag share its symbol) and instance counts {@code #p} (the number of instances of plate p). Sizes
 * compare by total degree, then deterministically by their text, which is what the planner's cost model needs: the
 * domain sizes are unknown, so a table over two variables counts as larger than one over one variable.
 */
public final class SymbolicSize implements Comparable<SymbolicSize> {
    /** Domain symbols first, then instance counts, each alphabetically. */
    private static final Comparator<String> SYMBOLS = Comparator.<String, Boolean>comparing(s -> s.startsWith("#"))
            .thenComparing(Comparator.naturalOrder());

    /** The size of a scalar. */
    public static final SymbolicSize ONE = new SymbolicSize(new TreeMap<>(SYMBOLS));

    private final TreeMap<String, Integer> exponents;

    private SymbolicSize(TreeMap<String, Integer> exponents) {
        this.exponents = exponents;
    }

    /** {@return the number of entries of a table over {@code axes}: the product of their domains} */
    public static SymbolicSize of(Collection<VarUse> axes) {
        TreeMap<String, Integer> exponents = new TreeMap<>(SYMBOLS);
        for (VarUse use : axes) {
            exponents.merge(use.variable().domain(), 1, Integer::sum);
        }
        return new SymbolicSize(exponents);
    }

    /** {@return the number of instances of {@code plate}, written {@code #plate}} */
    public static SymbolicSize instances(String plate) {
        TreeMap<String, Integer> exponents = new TreeMap<>(SYMBOLS);
        exponents.put("#" + plate, 1);
        return new SymbolicSize(exponents);
    }

    /** {@return this size times {@code other}} */
    public SymbolicSize times(SymbolicSize other) {
        TreeMap<String, Integer> product = new TreeMap<>(exponents);
        other.exponents.forEach((symbol, power) -> product.merge(symbol, power, Integer::sum));
        return new SymbolicSize(product);
    }

    /** {@return the total degree: how many symbols are multiplied} */
    public int degree() {
        return exponents.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** {@return the exponent of each symbol} */
    public Map<String, Integer> exponents() {
        return java.util.Collections.unmodifiableMap(exponents);
    }

    @Override
    public int compareTo(SymbolicSize other) {
        int byDegree = Integer.compare(degree(), other.degree());
        return byDegree != 0 ? byDegree : toString().compareTo(other.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolicSize s && exponents.equals(s.exponents);
    }

    @Override
    public int hashCode() {
        return exponents.hashCode();
    }

    /** {@return e.g. "|x|^2|y|·#time", or "1" for a scalar} */
    @Override
    public String toString() {
        if (exponents.isEmpty()) {
            return "1";
        }
        var domains = new StringBuilder();
        var counts = new StringBuilder();
        exponents.forEach((symbol, power) -> {
            StringBuilder out = symbol.startsWith("#") ? counts : domains;
            if (out == counts && !counts.isEmpty()) {
                out.append('·');
            }
            out.append(symbol).append(power == 1 ? "" : "^" + power);
        });
        if (domains.isEmpty()) {
            return counts.toString();
        }
        return counts.isEmpty() ? domains.toString() : domains + "·" + counts;
    }
}
