package dev.trellis.processor.plan;

import dev.trellis.processor.graph.VarUse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The planner's cost model for the order of elimination (design note §3.2): repeatedly sum out the use whose
 * elimination creates the smallest table (the lowest degree of its {@link SymbolicSize}: domain sizes are unknown, so
 * tables of equal degree tie), ties broken by the fewest new fill edges (pairs of uses that no table relates yet),
 * then by name. Greedy rather than optimal because finding the
 * best order is NP-hard and the tables of a plate are few; the min-size rule keeps chains of history h at
 * {@code |x|^(h+1)} per step and factorial chains at one chain's transition times the joint state.
 */
final class GreedyOrder {
    private GreedyOrder() {}

    /** {@return the use among {@code candidates} to sum out next from tables over {@code scopes}} */
    static VarUse next(List<List<VarUse>> scopes, Collection<VarUse> candidates) {
        Set<String> related = relatedPairs(scopes);
        VarUse best = null;
        int bestDegree = 0;
        int bestFill = 0;
        List<VarUse> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparing(VarUse::name).thenComparing(VarUse::id));
        for (VarUse use : ordered) {
            Set<VarUse> neighbours = neighbours(scopes, use);
            // Domain sizes are unknown: tables of equal degree tie, whatever their symbols.
            int degree = SymbolicSize.of(neighbours).degree();
            int fill = newFill(neighbours, related);
            if (best == null || degree < bestDegree || (degree == bestDegree && fill < bestFill)) {
                best = use;
                bestDegree = degree;
                bestFill = fill;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("nothing to eliminate");
        }
        return best;
    }

    /** {@return the uses that share a table with {@code use}, in order of appearance} */
    static Set<VarUse> neighbours(List<List<VarUse>> scopes, VarUse use) {
        Set<VarUse> neighbours = new LinkedHashSet<>();
        for (List<VarUse> scope : scopes) {
            if (scope.contains(use)) {
                neighbours.addAll(scope);
            }
        }
        neighbours.remove(use);
        return neighbours;
    }

    /** {@return {@code uses} ordered by id: the canonical axis order of a contraction's output} */
    static List<VarUse> byId(Collection<VarUse> uses) {
        List<VarUse> ordered = new ArrayList<>(new LinkedHashSet<>(uses));
        ordered.sort(Comparator.comparingInt(VarUse::id));
        return List.copyOf(ordered);
    }

    private static int newFill(Set<VarUse> neighbours, Set<String> related) {
        List<VarUse> list = new ArrayList<>(neighbours);
        int fill = 0;
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                if (!related.contains(key(list.get(i), list.get(j)))) {
                    fill++;
                }
            }
        }
        return fill;
    }

    private static Set<String> relatedPairs(List<List<VarUse>> scopes) {
        Set<String> related = new HashSet<>();
        for (List<VarUse> scope : scopes) {
            for (VarUse a : scope) {
                for (VarUse b : scope) {
                    related.add(key(a, b));
                }
            }
        }
        return related;
    }

    private static String key(VarUse a, VarUse b) {
        return Math.min(a.id(), b.id()) + ":" + Math.max(a.id(), b.id());
    }
}
