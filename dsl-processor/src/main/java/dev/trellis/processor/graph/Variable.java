package dev.trellis.processor.graph;

/**
 * An enumerated latent site: one summed-out variable per instance of its node.
 *
 * @param id its position in declaration order among the enumerated sites (the runtime's variable id)
 * @param name the site's name
 * @param node the innermost non-folded plate of the site (where the variable lives), or null for the root
 * @param chain the Markov plate the site is a {@code @Markov} chain along, or null when it is not a chain
 */
public record Variable(int id, String name, String node, String chain) {

    /** {@return the symbol of its domain size in costs, e.g. "|x|"} */
    public String domain() {
        return "|" + name + "|";
    }

    @Override
    public String toString() {
        return name;
    }
}
