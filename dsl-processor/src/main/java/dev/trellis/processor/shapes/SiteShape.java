package dev.trellis.processor.shapes;

import dev.trellis.processor.ir.SourceRef;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code @Sample} method declares about its shapes: {@code @Shape(batch, event)} per plate member, and
 * {@code @Enumerate(domain)}.
 *
 * @param site the site's name
 * @param batch the batch dimensions beyond the site's plates, when {@code @Shape} is present
 * @param event the event dimensions, when {@code @Shape} is present
 * @param domain the dimension the values of an enumerated site range over, when declared
 * @param ref the {@code @Shape} annotation (or the method)
 * @param domainRef the {@code @Enumerate} annotation (or the method)
 */
public record SiteShape(String site, Optional<List<String>> batch, Optional<List<String>> event,
                        Optional<String> domain, SourceRef ref, SourceRef domainRef) {

    /** Whether the site declares anything the generated code checks at run time. */
    public boolean declaresAnything() {
        return batch.isPresent() || event.isPresent() || domain.isPresent();
    }
}
