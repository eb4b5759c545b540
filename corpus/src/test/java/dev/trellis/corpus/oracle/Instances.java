package dev.trellis.corpus.oracle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instances of every non-folded plate for one evaluation: instances of plate P are numbered contiguously and
 * grouped by the instance of P's parent they sit in (§1 of the design note), so that flattening a nested result
 * array ({@code [sequence][step][k]}) row-major visits them in order. The root has one instance.
 */
public final class Instances {
    private final Map<String, Integer> plateIds = new HashMap<>();
    private final List<String> plates = new ArrayList<>();          // parents before children
    private final List<String> parents = new ArrayList<>();         // null for the root
    private final List<List<List<Integer>>> paths = new ArrayList<>();   // per plate, per instance: its path
    private final List<Map<List<Integer>, Integer>> byPath = new ArrayList<>();

    /** How many members plate P has inside the parent instance with the given path (indices from the top). */
    @FunctionalInterface
    interface Counts {
        Integer count(String plate, List<Integer> parentPath);
    }

    private Instances() {}

    /** {@return the instances of the non-folded plates of the enumerated and observed sites, sizes from counts} */
    static Instances build(ModelSchema schema, Counts counts) {
        Instances instances = new Instances();
        Set<String> used = new LinkedHashSet<>();
        for (SiteSpec site : schema.sites()) {
            if (site.kind() != SiteKind.LATENT) {
                used.addAll(schema.instancePlates(site));
            }
        }
        List<String> ordered = new ArrayList<>(used);
        ordered.sort(Comparator.comparingInt((String p) -> depth(schema, p)).thenComparing(p -> p));
        for (String plate : ordered) {
            String parent = schema.parent(plate);
            List<List<Integer>> parentPaths = parent == null ? List.of(List.of()) : instances.pathsOf(parent);
            List<List<Integer>> own = new ArrayList<>();
            Map<List<Integer>, Integer> index = new HashMap<>();
            for (List<Integer> parentPath : parentPaths) {
                Integer n = counts.count(plate, parentPath);
                if (n == null) {
                    throw new BruteForceException("no size is given for plate '" + plate + "' inside "
                            + (parent == null ? "the root" : instances.describe(parent, parentPath)));
                }
                for (int i = 0; i < n; i++) {
                    List<Integer> path = new ArrayList<>(parentPath);
                    path.add(i);
                    index.put(path, own.size());
                    own.add(List.copyOf(path));
                }
            }
            instances.plateIds.put(plate, instances.plates.size());
            instances.plates.add(plate);
            instances.parents.add(parent);
            instances.paths.add(own);
            instances.byPath.add(index);
        }
        return instances;
    }

    private static int depth(ModelSchema schema, String plate) {
        int depth = 0;
        for (String p = schema.parent(plate); p != null; p = schema.parent(p)) {
            depth++;
        }
        return depth;
    }

    private List<List<Integer>> pathsOf(String plate) {
        return paths.get(id(plate));
    }

    private int id(String plate) {
        Integer id = plateIds.get(plate);
        if (id == null) {
            throw new BruteForceException("plate '" + plate + "' has no instances here");
        }
        return id;
    }

    /** {@return the number of instances of the plate (null: the root, 1)} */
    public int count(String plate) {
        return plate == null ? 1 : pathsOf(plate).size();
    }

    /** {@return the instance's indices, outermost plate first (empty for the root)} */
    public List<Integer> path(String plate, int instance) {
        return plate == null ? List.of() : pathsOf(plate).get(instance);
    }

    /** {@return the instance with this path, or -1 if there is none} */
    public int instance(String plate, List<Integer> path) {
        if (plate == null) {
            return path.isEmpty() ? 0 : -1;
        }
        Integer instance = byPath.get(id(plate)).get(path);
        return instance == null ? -1 : instance;
    }

    /**
     * {@return the instance of {@code ancestor} that contains instance {@code instance} of {@code plate}}
     *
     * @throws BruteForceException if {@code ancestor} is neither the plate nor one of its ancestors
     */
    public int ancestor(String plate, int instance, String ancestor) {
        if (ancestor == null) {
            return 0;
        }
        List<Integer> path = path(plate, instance);
        int depth = 0;
        String p = plate;
        while (p != null && !p.equals(ancestor)) {
            p = parents.get(id(p));
            depth++;
        }
        if (p == null) {
            throw new BruteForceException("plate '" + ancestor + "' does not enclose plate '" + plate + "'");
        }
        return instance(ancestor, path.subList(0, path.size() - depth));
    }

    /** {@return the instance {@code lag} members earlier in the same parent instance, or -1 before the first} */
    public int earlier(String plate, int instance, int lag) {
        List<Integer> path = new ArrayList<>(path(plate, instance));
        int last = path.size() - 1;
        int index = path.get(last) - lag;
        if (index < 0) {
            return -1;
        }
        path.set(last, index);
        return instance(plate, path);
    }

    /** {@return e.g. "sequences[1].time[2]", or "the root"} */
    public String describe(String plate, int instance) {
        return plate == null ? "the root" : describe(plate, path(plate, instance));
    }

    private String describe(String plate, List<Integer> path) {
        List<String> chain = new ArrayList<>();
        for (String p = plate; p != null; p = parents.get(id(p))) {
            chain.add(0, p);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            text.append(i == 0 ? "" : ".").append(chain.get(i)).append('[').append(path.get(i)).append(']');
        }
        return text.toString();
    }
}
