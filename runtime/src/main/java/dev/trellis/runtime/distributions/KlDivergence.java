package dev.trellis.runtime.distributions;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closed-form Kullback-Leibler divergences {@code KL(p || q)}, as torch's {@code kl_divergence}: a table of rules
 * keyed by the ordered pair of families, filled by registration rather than by a switch, so that each family brings
 * its own rules in its own files.
 *
 * <p><b>Adding rules.</b> A rule is a {@link Rule} for one ordered pair of concrete classes, registered with
 * {@link #register(Class, Class, Rule)} from the static initializer of {@code P} or of {@code Q}, the equivalent of
 * torch's {@code @register_kl(P, Q)}:
 *
 * <pre>{@code
 * public final class Gamma implements Distribution {
 *     static {
 *         KlDivergence.register(Gamma.class, Gamma.class, KlGammaBetaDirichlet::gammaGamma);
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>Registering from a class initializer of one of the pair is what makes the table complete without a central list:
 * {@link #kl(Distribution, Distribution)} receives instances of both classes, and the JVM initializes a class before
 * its first instance exists, so every rule for the pair is in the table by the time it is looked up. The formulas live
 * beside the family ({@code KlNormal} for Normal; {@code KlGammaBetaDirichlet} for Gamma, Beta and Dirichlet), each a
 * package-private class of static methods built from differentiable tensor operations. Registering a second rule for
 * a pair is a programming error and throws, so two files cannot silently disagree about which formula wins.
 *
 * <p>Lookup is by the exact classes of {@code p} and {@code q}: the families are final classes, so torch's search for
 * the most specific registered superclass pair is not needed. An {@link ExpandedDistribution} is looked up by its base
 * and the result broadcast to the expanded batch shape, since torch's own families expand into themselves. {@link Independent} pairs are built in: the divergence
 * of the bases summed over the reinterpreted dimensions, when both reinterpret the same number of dimensions.
 *
 * <p>Results have the broadcast batch shape of {@code p} and {@code q}, and carry gradients to the parameters of both.
 *
 * <p>Thread-safe: the table of rules is a concurrent map, and every rule computes from immutable distributions.
 */
public final class KlDivergence {

    /**
     * The closed-form divergence between one ordered pair of families.
     *
     * @param <P> the class of the first argument
     * @param <Q> the class of the second argument
     */
    @FunctionalInterface
    public interface Rule<P extends Distribution, Q extends Distribution> {
        /**
         * Returns {@code KL(p || q)} in nats.
         *
         * @param p the distribution the expectation is taken under
         * @param q the reference distribution
         * @return shape {@code broadcast(p.batchShape(), q.batchShape())}
         */
        Tensor kl(P p, Q q);
    }

    private record Pair(Class<?> p, Class<?> q) {
    }

    /**
     * Filled from the families' class initializers, possibly on several threads at once. It must be initialized
     * before anything below can register, so it is the first static field and this class's initializer refers to no
     * family class (a class literal does not initialize its class).
     */
    private static final Map<Pair, Rule<?, ?>> RULES = new ConcurrentHashMap<>();

    static {
        register(Independent.class, Independent.class, KlDivergence::independentIndependent);
    }

    private KlDivergence() {
    }

    /**
     * Returns {@code KL(p || q) = E_p[log p(x) - log q(x)]} in nats.
     *
     * @param p the distribution the expectation is taken under
     * @param q the reference distribution
     * @return shape {@code broadcast(p.batchShape(), q.batchShape())}, differentiable in both
     * @throws UnsupportedOperationException naming both distributions if no rule is registered for their pair of
     *     classes
     */
    public static Tensor kl(Distribution p, Distribution q) {
        // torch's families expand themselves, so an expanded family is still the family: divide it by its base
        if (p instanceof ExpandedDistribution || q instanceof ExpandedDistribution) {
            int[] shape = Tensor.broadcastShapes(p.batchShape(), q.batchShape());
            return kl(unexpanded(p), unexpanded(q)).expand(shape);
        }
        Rule<?, ?> rule = RULES.get(new Pair(p.getClass(), q.getClass()));
        if (rule == null) {
            throw new UnsupportedOperationException("no KL divergence rule for the pair (" + p.getClass()
                    .getSimpleName() + ", " + q.getClass().getSimpleName() + "): KL(" + p + " || " + q + "); a family "
                    + "adds rules with KlDivergence.register");
        }
        @SuppressWarnings("unchecked") // the key's classes are the rule's type arguments, checked by register
        Rule<Distribution, Distribution> typed = (Rule<Distribution, Distribution>) rule;
        return typed.kl(p, q);
    }

    /**
     * Registers the rule for the ordered pair {@code (p, q)}; call it from the static initializer of {@code p} or
     * {@code q} (see the class documentation).
     *
     * @param p the class of the first argument, exactly (subclasses are not matched)
     * @param q the class of the second argument, exactly
     * @param rule the formula
     * @param <P> the first class
     * @param <Q> the second class
     * @throws IllegalStateException naming the pair if a rule is already registered for it
     */
    public static <P extends Distribution, Q extends Distribution> void register(Class<P> p, Class<Q> q,
            Rule<? super P, ? super Q> rule) {
        Rule<?, ?> previous = RULES.putIfAbsent(new Pair(p, q), rule);
        if (previous != null) {
            throw new IllegalStateException("a KL divergence rule for the pair (" + p.getSimpleName() + ", "
                    + q.getSimpleName() + ") is already registered; each pair has exactly one rule");
        }
    }

    private static Distribution unexpanded(Distribution d) {
        return d instanceof ExpandedDistribution expanded ? expanded.base() : d;
    }

    /** torch's {@code _kl_independent_independent}: only equal reinterpretations have a closed form. */
    private static Tensor independentIndependent(Independent p, Independent q) {
        if (p.reinterpretedDims() != q.reinterpretedDims()) {
            throw new UnsupportedOperationException("no KL divergence rule for KL(" + p + " || " + q + "): the two "
                    + "reinterpret " + p.reinterpretedDims() + " and " + q.reinterpretedDims() + " batch dimensions");
        }
        Tensor result = kl(p.base(), q.base());
        for (int i = 0; i < p.reinterpretedDims(); i++) {
            result = result.sum(-1, false);
        }
        return result;
    }
}
