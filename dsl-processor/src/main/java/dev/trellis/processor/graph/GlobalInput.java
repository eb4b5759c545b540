package dev.trellis.processor.graph;

import dev.trellis.processor.ir.SourceRef;
import java.util.List;

/**
 * Something site methods read that the elimination does not sum out: a latent non-enumerated site (drawn through the
 * {@code SampleContext} by a guide), a {@code @Param}, or a {@code @Network} (registered with {@code context.module}).
 * The model's own fields are global inputs too, invisible here.
 *
 * @param name the site's, parameter's or network's name
 * @param kind which of the two it is
 * @param plates its plates, outermost first (none of them holds enumerated or observed sites)
 * @param reads for a latent site, the global latent sites its method reads, in parameter order
 * @param source where it was declared
 */
public record GlobalInput(String name, Kind kind, List<String> plates, List<String> reads, SourceRef source) {

    public GlobalInput {
        plates = List.copyOf(plates);
        reads = List.copyOf(reads);
    }

    /** The two kinds of global input the processor sees. */
    public enum Kind {
        /** A latent site that is not enumerated. */
        LATENT_SITE,
        /** A learned parameter. */
        PARAM,
        /** A learnable network ({@code pyro.module}): a module whose parameters the program registers on every run. */
        NETWORK;

        /** {@return the word printed plans use: latent, param or network} */
        public String word() {
            return switch (this) {
                case LATENT_SITE -> "latent";
                case PARAM -> "param";
                case NETWORK -> "network";
            };
        }
    }

    /** {@return whether it is a network, passed as its module rather than as a tensor} */
    public boolean isNetwork() {
        return kind == Kind.NETWORK;
    }
}
