package dev.trellis.processor.graph;

/**
 * One plate of the plate tree.
 *
 * @param id its position in {@link PlateTree#plates()}: parents come before their children, so the ids can be
 *     handed to the runtime's layout builder in order
 * @param name the plate's name, as the sites list it
 * @param parent the enclosing plate, or null when the plate is a child of the root
 * @param kind how the elimination treats it
 * @param history for a Markov plate, the largest lag any factor reads along it (0 when none does); 0 otherwise
 * @param subsamplable whether SVI may subsample it: a top-level instance plate
 * @param holdsFactors whether some factor lives in it or below it; a plate that only global latent sites use (the
 *     components of a mixture) holds none and is no axis of the elimination
 */
public record Plate(int id, String name, String parent, PlateKind kind, int history, boolean subsamplable,
                    boolean holdsFactors) {

    /** Whether the plate is an axis of some table: not folded, and with factors in its subtree. */
    public boolean isEliminationAxis() {
        return kind != PlateKind.FOLDED && holdsFactors;
    }
}
