package dev.trellis.processor.graph;

import dev.trellis.processor.ir.SourceRef;
import java.util.List;

/**
 * Something site methods read that the elimination does not sum out: a latent non-enumerated site (drawn through the
 * {@code SampleContext} by a guide) or a {@code @Param}. The model's own fields are global inputs too, invisible here.
 *
 * @param name the site's or parameter's name
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
        PARAM
    }
}
