package dev.trellis.corpus.oracle;

import java.lang.reflect.Method;
import java.util.List;

/**
 * One {@code @Sample} method as the oracle reads it.
 *
 * @param name the site's name ({@code @Sample(name)} or the method's)
 * @param method the method, made accessible
 * @param kind enumerated, observed or latent global
 * @param plates every plate of the site, outermost first, the {@code @Markov} plate last for a chain
 * @param chainPlate the {@code @Markov(over)} plate, or null when the site is not a chain
 * @param dependencies one per method parameter, in order
 */
public record SiteSpec(String name, Method method, SiteKind kind, List<String> plates, String chainPlate,
                       List<Dependency> dependencies) {

    public SiteSpec {
        plates = List.copyOf(plates);
        dependencies = List.copyOf(dependencies);
    }
}
