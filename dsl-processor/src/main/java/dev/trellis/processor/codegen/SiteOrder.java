package dev.trellis.processor.codegen;

import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The order a program evaluates its sites in: every site after the sites whose current values it reads, and otherwise
 * in declaration order
 * (so that reordering nothing changes nothing in the output). The validator has rejected cycles.
 */
final class SiteOrder {
    private SiteOrder() {}

    static List<SiteDeclaration> topological(ModelDeclaration program) {
        Set<String> done = new LinkedHashSet<>();
        List<SiteDeclaration> order = new ArrayList<>();
        while (order.size() < program.sites().size()) {
            boolean progressed = false;
            for (SiteDeclaration site : program.sites()) {
                if (!done.contains(site.name()) && readsOnly(site, program, done)) {
                    done.add(site.name());
                    order.add(site);
                    progressed = true;
                    break;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("dependency cycle among " + program.sites() + "; the validator "
                        + "should have reported it");
            }
        }
        return order;
    }

    private static boolean readsOnly(SiteDeclaration site, ModelDeclaration program, Set<String> done) {
        for (Dependency dependency : site.dependencies()) {
            // An earlier step's value (@Previous) is there already, whatever the order within a step.
            if (!dependency.isPrevious() && program.site(dependency.site()).isPresent()
                    && !done.contains(dependency.site())) {
                return false;
            }
        }
        return true;
    }
}
