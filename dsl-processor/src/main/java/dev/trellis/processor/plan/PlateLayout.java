package dev.trellis.processor.plan;

import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tensor dimension each plate of a model runs along, Pyro's {@code dim} of {@code pyro.plate}: the plates in
 * nesting order, outermost first, with the innermost at dim -1. A site inside plates {@code [users, items]} then has
 * batch shape {@code [U, I]}; a site inside {@code users} alone has {@code [U, 1]}, which broadcasts against it.
 *
 * <p>The order is the one every site agrees on (the validator rejects plates nested both ways); plates that are never
 * nested together keep their order of first use.
 *
 * @param plates the plates, outermost first
 */
public record PlateLayout(List<String> plates) {

    public PlateLayout {
        plates = List.copyOf(plates);
    }

    /** Lays out the plates of {@code model}, and of a guide that uses the same plates. */
    public static PlateLayout of(ModelDeclaration model) {
        Set<String> all = new LinkedHashSet<>();
        Map<String, Set<String>> inside = new LinkedHashMap<>();   // plate -> plates nested in it somewhere
        for (SiteDeclaration site : model.sites()) {
            List<String> plates = site.plates();
            all.addAll(plates);
            for (int i = 0; i < plates.size(); i++) {
                for (int j = i + 1; j < plates.size(); j++) {
                    inside.computeIfAbsent(plates.get(i), p -> new LinkedHashSet<>()).add(plates.get(j));
                }
            }
        }
        // Repeatedly take the first plate (in order of first use) that nests in no remaining plate.
        List<String> remaining = new ArrayList<>(all);
        List<String> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            String next = remaining.stream()
                    .filter(p -> remaining.stream().noneMatch(q -> inside.getOrDefault(q, Set.of()).contains(p)))
                    .findFirst()
                    .orElse(remaining.get(0));   // a conflicting order was reported by the validator
            ordered.add(next);
            remaining.remove(next);
        }
        return new PlateLayout(ordered);
    }

    /** {@return the plate's dim: -1 for the innermost, -2 for the one around it, ...} */
    public int dim(String plate) {
        int index = plates.indexOf(plate);
        if (index < 0) {
            throw new IllegalArgumentException("no plate '" + plate + "' in " + plates);
        }
        return index - plates.size();
    }

    /** {@return how many batch dimensions a site in {@code sitePlates} has: enough to reach its outermost plate} */
    public int batchRank(List<String> sitePlates) {
        int rank = 0;
        for (String plate : sitePlates) {
            rank = Math.max(rank, -dim(plate));
        }
        return rank;
    }

    /** One line per plate, for the processor's dump. */
    public String print() {
        var out = new StringBuilder("plate layout\n");
        for (String plate : plates) {
            out.append("  ").append(plate).append(" dim=").append(dim(plate)).append('\n');
        }
        return out.toString();
    }
}
