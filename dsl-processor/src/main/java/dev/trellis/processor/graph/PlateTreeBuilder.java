package dev.trellis.processor.graph;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the {@link PlateTree} of a validated model: each plate's parent (the plate listed just before it), its kind
 * and its history. Two sites that give one plate different parents make the plates cross, which is reported.
 */
final class PlateTreeBuilder {
    private final ModelDeclaration model;
    private final List<Diagnostic> problems;
    /** plate -> its parent (null: the root), in order of first use. */
    private final Map<String, String> parents = new LinkedHashMap<>();
    /** plate -> the site that fixed its parent, for messages. */
    private final Map<String, SiteDeclaration> fixedBy = new HashMap<>();

    private PlateTreeBuilder(ModelDeclaration model, List<Diagnostic> problems) {
        this.model = model;
        this.problems = problems;
    }

    /** The tree of {@code model}'s plates; crossing plates are added to {@code problems}. */
    static PlateTree build(ModelDeclaration model, List<Diagnostic> problems) {
        return new PlateTreeBuilder(model, problems).build();
    }

    private PlateTree build() {
        for (SiteDeclaration site : model.sites()) {
            List<String> plates = site.plates();
            for (int i = 0; i < plates.size(); i++) {
                String plate = plates.get(i);
                String parent = i == 0 ? null : plates.get(i - 1);
                if (!parents.containsKey(plate)) {
                    parents.put(plate, parent);
                    fixedBy.put(plate, site);
                } else if (!Objects.equals(parents.get(plate), parent)) {
                    problems.add(Messages.crossingPlates(site.source(), site.name(), plate, parent,
                            fixedBy.get(plate).name(), parents.get(plate)));
                }
            }
        }
        Set<String> markov = markovPlates();
        Map<String, Integer> history = histories(markov);
        List<Plate> ordered = new ArrayList<>();
        addChildren(null, markov, history, ordered);
        return new PlateTree(ordered);
    }

    /** Pre-order, so that every plate comes after its parent; siblings in order of first use. */
    private void addChildren(String parent, Set<String> markov, Map<String, Integer> history, List<Plate> out) {
        for (var entry : parents.entrySet()) {
            if (!Objects.equals(entry.getValue(), parent)) {
                continue;
            }
            String name = entry.getKey();
            PlateKind kind = markov.contains(name) ? PlateKind.MARKOV
                    : onlyObserved(name) ? PlateKind.FOLDED : PlateKind.INSTANCE;
            boolean holdsFactors = sitesIn(name).stream().anyMatch(PlateTreeBuilder::isFactor);
            out.add(new Plate(out.size(), name, parent, kind, history.getOrDefault(name, 0),
                    kind == PlateKind.INSTANCE && parent == null && holdsFactors, holdsFactors));
            addChildren(name, markov, history, out);
        }
    }

    /** Plates an enumerated chain runs along (a chain of another site is refused by the graph builder). */
    private Set<String> markovPlates() {
        Set<String> markov = new TreeSet<>();
        for (SiteDeclaration site : model.sites()) {
            if (site.enumerated() && site.isLatent()) {
                site.chain().ifPresent(chain -> markov.add(chain.over()));
            }
        }
        return markov;
    }

    /** The largest lag any site reads along each Markov plate (of an enumerated or an observed site). */
    private Map<String, Integer> histories(Set<String> markov) {
        Map<String, Integer> history = new HashMap<>();
        for (SiteDeclaration site : model.sites()) {
            for (Dependency d : site.dependencies()) {
                if (d.isPrevious()) {
                    model.site(d.site()).flatMap(read -> read.plates().stream().filter(markov::contains)
                                    .reduce((a, b) -> b))
                            .ifPresent(plate -> history.merge(plate, d.lag(), Math::max));
                }
            }
        }
        return history;
    }

    private boolean onlyObserved(String plate) {
        List<SiteDeclaration> inside = sitesIn(plate);
        return !inside.isEmpty() && inside.stream().allMatch(SiteDeclaration::observed);
    }

    /** Sites in the plate or in a plate nested inside it. */
    private List<SiteDeclaration> sitesIn(String plate) {
        return model.sites().stream().filter(s -> s.plates().contains(plate)).toList();
    }

    static boolean isFactor(SiteDeclaration site) {
        return site.observed() || site.enumerated();
    }
}
