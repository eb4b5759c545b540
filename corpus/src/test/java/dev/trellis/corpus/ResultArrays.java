package dev.trellis.corpus;

import dev.trellis.corpus.oracle.BruteForce;
import dev.trellis.corpus.oracle.JointTable;
import dev.trellis.corpus.oracle.NestedData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the nested arrays of the generated result records ({@code double[...][K]} marginals, {@code int[...]}
 * assignments, one level per plate of the site, outermost first) as a list of (plate indices, value) in row-major
 * order, which is the oracle's instance order; comparing the index lists checks the ragged shape too.
 */
final class ResultArrays {
    private ResultArrays() {}

    /** One entry of a nested result: its plate indices and the value there. */
    record Leaf(List<Integer> path, Object value) {}

    /** {@return the entries {@code depth} levels down, in row-major order} */
    static List<Leaf> leaves(Object nested, int depth, String what) {
        List<Leaf> leaves = new ArrayList<>();
        walk(nested, depth, new ArrayList<>(), leaves, what);
        return leaves;
    }

    private static void walk(Object value, int depth, List<Integer> path, List<Leaf> leaves, String what) {
        if (path.size() == depth) {
            leaves.add(new Leaf(List.copyOf(path), value));
            return;
        }
        List<Object> members = NestedData.members(value);
        if (members == null) {
            throw new AssertionError(what + ": expected " + depth + " levels of plates, found " + value + " at "
                    + path);
        }
        for (int i = 0; i < members.size(); i++) {
            path.add(i);
            walk(members.get(i), depth, path, leaves, what);
            path.remove(path.size() - 1);
        }
    }

    /** {@return the K probabilities of a marginal entry} */
    static double[] probabilities(Object leaf, String what) {
        return NestedData.toTensor(leaf, what).toArray();
    }

    /**
     * {@return an assignment entry as an int} At the root (no plates) the component may be the int itself or an array
     * holding it.
     */
    static int value(Object leaf, String what) {
        Object single = leaf;
        List<Object> members = NestedData.members(leaf);
        if (members != null) {
            if (members.size() != 1) {
                throw new AssertionError(what + ": expected one value, got " + members.size());
            }
            single = members.get(0);
        }
        double number = ((Number) single).doubleValue();
        if (number != Math.rint(number)) {
            throw new AssertionError(what + ": " + number + " is not a value of an enumerated site");
        }
        return (int) number;
    }

    /**
     * {@return the values of every enumerated site in a result record, in instance order}
     *
     * @param table the oracle's table, whose plate indices of each site's copies the record must have
     */
    static Map<String, int[]> assignment(Object record, BruteForce oracle, JointTable table, String what) {
        Map<String, int[]> assignment = new HashMap<>();
        for (String site : table.latentSites()) {
            Object component = GeneratedClasses.component(record, site);
            List<Leaf> leaves = leaves(component, depth(oracle, site), what + " " + site);
            requirePaths(leaves, table.paths(site), what + " " + site);
            assignment.put(site, leaves.stream().mapToInt(l -> value(l.value(), what + " " + site)).toArray());
        }
        return assignment;
    }

    /** {@return the number of non-folded plates of a site: the levels of its result arrays before the domain} */
    static int depth(BruteForce oracle, String site) {
        return oracle.schema().instancePlates(oracle.schema().site(site)).size();
    }

    /** Checks that a result has exactly the oracle's copies (ragged shapes included). */
    static void requirePaths(List<Leaf> leaves, List<List<Integer>> expected, String what) {
        List<List<Integer>> actual = leaves.stream().map(Leaf::path).toList();
        if (!actual.equals(expected)) {
            throw new AssertionError(what + ": the plates' shape is " + actual + ", expected " + expected);
        }
    }
}
