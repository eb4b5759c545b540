package dev.trellis.runtime.elimination.tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The blocks {@link BatchedEvidence} calls a site's method on: the instances among a range that share a variant and,
 * where some folded plate is ragged, the shape of their own row and of the row each data parent contributes (a
 * stacked block needs one shape). Blocks come in order of (variant, shapes), each with its instances in order.
 */
final class BlockGroups {

    private BlockGroups() {
    }

    /**
     * @param rows the evidence's rows
     * @param dataParents the data parents
     * @param parentRows per data parent, per instance, the row it reads (-1 where absent)
     * @param from the first instance
     * @param to one past the last
     * @return the non-empty blocks, each a list of absolute instance indices
     */
    static List<int[]> of(EvidenceRows rows, List<DataParent> dataParents, int[][] parentRows, int from, int to) {
        List<int[]> groups = new ArrayList<>();
        boolean ragged = rows.data.isRagged() || dataParents.stream().anyMatch(p -> p.data().isRagged());
        if (!ragged) {
            for (int[] relative : rows.byVariant(from, to)) {
                if (relative.length > 0) {
                    groups.add(Arrays.stream(relative).map(r -> r + from).toArray());
                }
            }
            return groups;
        }
        // blocks by key (variant, shape class, each data parent's shape class), in the keys' lexicographic order
        Map<int[], List<Integer>> byKey = new TreeMap<>(Arrays::compare);
        for (int i = from; i < to; i++) {
            int variant = rows.variant(i);
            int[] key = new int[2 + dataParents.size()];
            key[0] = variant;
            key[1] = rows.data.shapes().classOf(i);
            for (int j = 0; j < dataParents.size(); j++) {
                DataParent parent = dataParents.get(j);
                // An absent parent is filled in the shape of its row at this instance (its own plates are the reader's).
                int row = parent.lag() > variant ? i : parentRows[j][i];
                key[2 + j] = parent.data().shapes().classOf(row);
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> members : byKey.values()) {
            groups.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return groups;
    }
}
