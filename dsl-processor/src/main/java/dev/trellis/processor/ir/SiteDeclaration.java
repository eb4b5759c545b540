package dev.trellis.processor.ir;

import java.util.List;
import java.util.Optional;

/**
 * One {@code @Sample} method of a model, read from its declaration alone.
 *
 * @param name the site's name
 * @param methodName the Java method that computes its distribution
 * @param distribution the distribution type the method returns
 * @param observed whether the site is {@code @Observed}
 * @param enumerated whether the site is {@code @Enumerate}d
 * @param declaredPlates the plates of {@code @Plate}, outermost first (the chain plate not included
 *     unless the user listed it)
 * @param chain the {@code @Markov} declaration, if any
 * @param dependencies the method's parameters, in declaration order
 * @param source where the method was declared
 * @param scale the {@code @Scale} factor the site's log-density is multiplied by, if any
 * @param shapeCheck the simple name of the generated class whose {@code site} method checks the distribution this
 *     site's method returns against its declared shapes (docs/design/shapes.md), when it declares any
 */
public record SiteDeclaration(
        String name,
        String methodName,
        DistributionType distribution,
        boolean observed,
        boolean enumerated,
        List<String> declaredPlates,
        Optional<Chain> chain,
        List<Dependency> dependencies,
        SourceRef source,
        Optional<SiteScale> scale,
        Optional<String> shapeCheck) {

    public SiteDeclaration {
        declaredPlates = List.copyOf(declaredPlates);
        dependencies = List.copyOf(dependencies);
    }

    /** A site without {@code @Scale}. */
    public SiteDeclaration(String name, String methodName, DistributionType distribution, boolean observed,
            boolean enumerated, List<String> declaredPlates, Optional<Chain> chain, List<Dependency> dependencies,
            SourceRef source) {
        this(name, methodName, distribution, observed, enumerated, declaredPlates, chain, dependencies, source,
                Optional.empty());
    }

    /** A site without a shape check. */
    public SiteDeclaration(String name, String methodName, DistributionType distribution, boolean observed,
            boolean enumerated, List<String> declaredPlates, Optional<Chain> chain, List<Dependency> dependencies,
            SourceRef source, Optional<SiteScale> scale) {
        this(name, methodName, distribution, observed, enumerated, declaredPlates, chain, dependencies, source,
                scale, Optional.empty());
    }

    /** This site, its method's result checked by the generated class {@code checker}. */
    public SiteDeclaration withShapeCheck(String checker) {
        return new SiteDeclaration(name, methodName, distribution, observed, enumerated, declaredPlates, chain,
                dependencies, source, scale, Optional.of(checker));
    }

    /**
     * Every plate the site is inside, outermost first: the declared plates, then the chain's plate
     * when the user did not list it.
     */
    public List<String> plates() {
        if (chain.isEmpty() || declaredPlates.contains(chain.get().over())) {
            return declaredPlates;
        }
        var all = new java.util.ArrayList<>(declaredPlates);
        all.add(chain.get().over());
        return List.copyOf(all);
    }

    /** The values the site takes. */
    public Domain domain() {
        return Domain.of(distribution);
    }

    /** Whether the site is latent (not observed). */
    public boolean isLatent() {
        return !observed;
    }
}
