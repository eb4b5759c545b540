package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cost the processor counted symbolically, to be evaluated once sizes are bound: a sum of terms, each an integer
 * coefficient times a product of domain sizes {@code |x|} (the number of values of enumerated site x) and instance
 * counts {@code #p} (the number of instances of plate p, over all instances of its parents). The text form is the
 * one the elimination plan prints, e.g. {@code 2·|x|·#time + |x|^2 + 1}; {@link #parse} reads it and
 * {@link #toString} gives it back unchanged.
 *
 * <p>Thread-safe: immutable.
 */
public final class CostFormula {
    private final String text;
    private final List<Term> terms;

    private CostFormula(String text, List<Term> terms) {
        this.text = text;
        this.terms = List.copyOf(terms);
    }

    /** One product: {@code coefficient} times each symbol to its power. */
    private record Term(long coefficient, Map<String, Integer> domains, Map<String, Integer> instances) {}

    /**
     * {@return the formula of {@code text}}
     *
     * @throws IllegalArgumentException naming the position of anything that is not a term of the printed form
     */
    public static CostFormula parse(String text) {
        String source = text.strip();
        List<Term> terms = new ArrayList<>();
        if (!source.equals("0")) {
            for (String term : source.split(" \\+ ", -1)) {
                terms.add(term(term, text));
            }
        }
        return new CostFormula(source, terms);
    }

    private static Term term(String term, String text) {
        long coefficient = 1;
        Map<String, Integer> domains = new LinkedHashMap<>();
        Map<String, Integer> instances = new LinkedHashMap<>();
        int i = 0;
        if (!term.isEmpty() && Character.isDigit(term.charAt(0))) {
            int end = digitsEnd(term, 0);
            coefficient = Long.parseLong(term.substring(0, end));
            i = end;
        }
        while (i < term.length()) {
            char c = term.charAt(i);
            if (c == '·') {
                i++;
            } else if (c == '|') {
                int close = term.indexOf('|', i + 1);
                if (close < 0) {
                    throw bad(text, "an unclosed |domain|");
                }
                String name = term.substring(i + 1, close);
                i = power(term, close + 1, name, domains);
            } else if (c == '#') {
                int end = i + 1;
                while (end < term.length() && term.charAt(end) != '·' && term.charAt(end) != '^') {
                    end++;
                }
                i = power(term, end, term.substring(i + 1, end), instances);
            } else {
                throw bad(text, "'" + c + "' in term '" + term + "'");
            }
        }
        if (i == 0) {
            throw bad(text, "an empty term");
        }
        return new Term(coefficient, domains, instances);
    }

    /** Reads an optional {@code ^n} at {@code at}, records the symbol's power, returns the index after it. */
    private static int power(String term, int at, String symbol, Map<String, Integer> powers) {
        int power = 1;
        int next = at;
        if (at < term.length() && term.charAt(at) == '^') {
            next = digitsEnd(term, at + 1);
            power = Integer.parseInt(term.substring(at + 1, next));
        }
        powers.merge(symbol, power, Integer::sum);
        return next;
    }

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == from) {
            throw new IllegalArgumentException("expected digits at position " + from + " of '" + s + "'");
        }
        return end;
    }

    private static IllegalArgumentException bad(String text, String what) {
        return new IllegalArgumentException("not a cost formula: " + what + " in '" + text + "'");
    }

    /**
     * {@return the formula's value at {@code sizes}}
     *
     * @throws IllegalArgumentException naming a symbol that {@code sizes} does not bind
     * @throws ArithmeticException if the value does not fit in a long
     */
    public long evaluate(EliminationSizes sizes) {
        long sum = 0;
        for (Term term : terms) {
            long product = term.coefficient();
            for (var entry : term.domains().entrySet()) {
                product = Math.multiplyExact(product, pow(sizes.domain(entry.getKey()), entry.getValue()));
            }
            for (var entry : term.instances().entrySet()) {
                product = Math.multiplyExact(product, pow(sizes.instances(entry.getKey()), entry.getValue()));
            }
            sum = Math.addExact(sum, product);
        }
        return sum;
    }

    /** {@return the names of the enumerated sites whose domain sizes it reads} */
    public List<String> domains() {
        return terms.stream().flatMap(t -> t.domains().keySet().stream()).distinct().sorted().toList();
    }

    /** {@return the names of the plates whose instance counts it reads} */
    public List<String> plates() {
        return terms.stream().flatMap(t -> t.instances().keySet().stream()).distinct().sorted().toList();
    }

    private static long pow(long base, int power) {
        long value = 1;
        for (int i = 0; i < power; i++) {
            value = Math.multiplyExact(value, base);
        }
        return value;
    }

    /** {@return the text it was parsed from, e.g. {@code |x|^2 + |x|}} */
    @Override
    public String toString() {
        return text;
    }
}
