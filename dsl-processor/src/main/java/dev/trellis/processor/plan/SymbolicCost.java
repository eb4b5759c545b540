package dev.trellis.processor.plan;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sum of {@link SymbolicSize} terms with integer coefficients, largest term first: the work or memory of a plan,
 * e.g. {@code |x|^2 + |x|} per step. Immutable.
 */
public final class SymbolicCost {
    public static final SymbolicCost ZERO = new SymbolicCost(new TreeMap<>(Comparator.reverseOrder()));

    private final TreeMap<SymbolicSize, Integer> terms;

    private SymbolicCost(TreeMap<SymbolicSize, Integer> terms) {
        this.terms = terms;
    }

    /** {@return the cost of one term} */
    public static SymbolicCost of(SymbolicSize size) {
        return ZERO.plus(size);
    }

    /** {@return this cost plus {@code size}} */
    public SymbolicCost plus(SymbolicSize size) {
        TreeMap<SymbolicSize, Integer> sum = new TreeMap<>(terms);
        sum.merge(size, 1, Integer::sum);
        return new SymbolicCost(sum);
    }

    /** {@return this cost plus {@code other}} */
    public SymbolicCost plus(SymbolicCost other) {
        TreeMap<SymbolicSize, Integer> sum = new TreeMap<>(terms);
        other.terms.forEach((size, coefficient) -> sum.merge(size, coefficient, Integer::sum));
        return new SymbolicCost(sum);
    }

    /** {@return every term times {@code factor}} */
    public SymbolicCost times(SymbolicSize factor) {
        TreeMap<SymbolicSize, Integer> product = new TreeMap<>(Comparator.reverseOrder());
        terms.forEach((size, coefficient) -> product.merge(size.times(factor), coefficient, Integer::sum));
        return new SymbolicCost(product);
    }

    /** {@return the terms and their coefficients, largest first} */
    public Map<SymbolicSize, Integer> terms() {
        return java.util.Collections.unmodifiableMap(terms);
    }

    /** {@return the largest total degree of a term (0 for zero)} */
    public int degree() {
        return terms.isEmpty() ? 0 : terms.firstKey().degree();
    }

    public boolean isZero() {
        return terms.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolicCost c && terms.equals(c.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    /** {@return e.g. "|x|^3 + 2·|x|^2", or "0"} */
    @Override
    public String toString() {
        if (terms.isEmpty()) {
            return "0";
        }
        var out = new StringBuilder();
        terms.forEach((size, coefficient) -> {
            if (!out.isEmpty()) {
                out.append(" + ");
            }
            if (coefficient != 1) {
                out.append(coefficient).append(size.equals(SymbolicSize.ONE) ? "" : "·" + size);
            } else {
                out.append(size);
            }
        });
        return out.toString();
    }
}
