package dev.trellis.processor.ir;

import java.util.List;

/**
 * A plate as the model's sites use it.
 *
 * @param name the plate's name
 * @param markovHistory the largest {@code @Markov(history)} of a chain along it, or 0 when the plate
 *     is not ordered (its members are exchangeable)
 * @param sites the sites inside it, in declaration order
 */
public record PlateDeclaration(String name, int markovHistory, List<String> sites) {

    public PlateDeclaration {
        sites = List.copyOf(sites);
    }

    /** Whether some chain runs along this plate, which makes it ordered. */
    public boolean isMarkov() {
        return markovHistory > 0;
    }
}
