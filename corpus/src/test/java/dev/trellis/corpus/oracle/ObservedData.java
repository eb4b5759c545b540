package dev.trellis.corpus.oracle;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Observed data in the typed-argument form of §6 (one level per non-folded plate of the site, outermost first, as a
 * {@code List} or an array; then the dense block over the folded plates and the event dimensions), cut into one
 * {@link Tensor} block per instance of the site's node. The plates' instance counts come from the data; two sites
 * that disagree about a count are an error naming both.
 */
final class ObservedData {
    private final Instances instances;
    private final Map<String, Map<List<Integer>, Tensor>> blocks;

    private ObservedData(Instances instances, Map<String, Map<List<Integer>, Tensor>> blocks) {
        this.instances = instances;
        this.blocks = blocks;
    }

    /** {@return the data of every observed site, read against the schema} */
    static ObservedData read(ModelSchema schema, Map<String, ?> data) {
        TreeSet<String> unknown = new TreeSet<>(data.keySet());
        Map<String, Map<List<Integer>, Integer>> counts = new HashMap<>();
        Map<String, String> countedBy = new HashMap<>();
        Map<String, Map<List<Integer>, Tensor>> blocks = new HashMap<>();
        for (SiteSpec site : schema.sites(SiteKind.OBSERVED)) {
            if (!data.containsKey(site.name())) {
                throw new BruteForceException("no data for observed site '" + site.name() + "'");
            }
            unknown.remove(site.name());
            Map<List<Integer>, Tensor> own = new HashMap<>();
            walk(site, schema.instancePlates(site), data.get(site.name()), new ArrayList<>(), counts, countedBy, own);
            blocks.put(site.name(), own);
        }
        if (!unknown.isEmpty()) {
            throw new BruteForceException("data given for " + unknown + ", which are not observed sites");
        }
        Instances instances = Instances.build(schema, (plate, parentPath) -> {
            Map<List<Integer>, Integer> byParent = counts.get(plate);
            return byParent == null ? null : byParent.get(parentPath);
        });
        return new ObservedData(instances, blocks);
    }

    private static void walk(SiteSpec site, List<String> plates, Object value, List<Integer> path,
            Map<String, Map<List<Integer>, Integer>> counts, Map<String, String> countedBy,
            Map<List<Integer>, Tensor> own) {
        int level = path.size();
        if (level == plates.size()) {
            own.put(List.copyOf(path), NestedData.toTensor(value, site.name() + " at " + path));
            return;
        }
        String plate = plates.get(level);
        List<Object> members = NestedData.members(value);
        if (members == null) {
            String got = value == null ? "null" : value.getClass().getName();
            throw new BruteForceException("data of '" + site.name() + "' at " + path + ": expected a level for plate '"
                    + plate + "' (a List or an array), got " + got);
        }
        Integer known = counts.computeIfAbsent(plate, p -> new HashMap<>()).putIfAbsent(List.copyOf(path),
                members.size());
        if (known != null && known != members.size()) {
            throw new BruteForceException("plate '" + plate + "' at " + path + " has " + members.size()
                    + " members in the data of '" + site.name() + "' but " + known + " in the data of '"
                    + countedBy.get(plate) + "'");
        }
        countedBy.putIfAbsent(plate, site.name());
        for (int i = 0; i < members.size(); i++) {
            path.add(i);
            walk(site, plates, members.get(i), path, counts, countedBy, own);
            path.remove(path.size() - 1);
        }
    }

    /** {@return the instances of every non-folded plate, from the data} */
    Instances instances() {
        return instances;
    }

    /** {@return the block of an observed site at an instance of its node plate} */
    Tensor block(ModelSchema schema, SiteSpec site, int instance) {
        return blocks.get(site.name()).get(instances.path(schema.nodePlate(site), instance));
    }
}
