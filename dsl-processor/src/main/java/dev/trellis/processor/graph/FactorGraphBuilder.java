package dev.trellis.processor.graph;

import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds the {@link FactorGraph} of a validated model. */
public final class FactorGraphBuilder {
    private FactorGraphBuilder() {}

    public static FactorGraph build(ModelDeclaration model) {
        List<FactorGraph.Variable> variables = new ArrayList<>();
        for (SiteDeclaration site : model.sites()) {
            if (isVariable(site)) {
                variables.add(new FactorGraph.Variable(site.name(), site.plates(),
                        site.chain().map(c -> c.over()).orElse(null)));
            }
        }
        List<FactorGraph.Factor> factors = new ArrayList<>();
        for (SiteDeclaration site : model.sites()) {
            Set<FactorGraph.Use> scope = new LinkedHashSet<>();
            if (isVariable(site)) {
                scope.add(new FactorGraph.Use(site.name(), 0));
            }
            for (Dependency d : site.dependencies()) {
                model.site(d.site()).filter(FactorGraphBuilder::isVariable)
                        .ifPresent(read -> scope.add(new FactorGraph.Use(read.name(), d.lag())));
            }
            factors.add(new FactorGraph.Factor(site.name(), site.observed(), site.plates(), new ArrayList<>(scope)));
        }
        return new FactorGraph(variables, factors);
    }

    private static boolean isVariable(SiteDeclaration site) {
        return site.isLatent() && site.enumerated();
    }
}
