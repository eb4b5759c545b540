package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The static shape of one model's elimination: its plates (a tree under the root), its enumerated variables (each
 * living at a plate or at the root) and the uses of those variables that tables have as axes (a variable at the
 * current step, lag 0, or {@code lag} steps earlier along its Markov plate).
 *
 * <p>Built once per generated class; immutable and safe to share between threads. Ids are dense and given in call
 * order: plates 0, 1, ..., variables 0, 1, ..., uses 0, 1, .... The root is plate {@code -1}.
 *
 * <p>Immutable once built (the builder is not thread-safe), so a layout is thread-safe: generated classes hold one in a
 * constant.
 */
public final class Layout {

    /** The root of the plate tree: the parent of top-level plates and the node of global variables. */
    public static final int ROOT = -1;

    private final String[] plateNames;
    private final int[] plateParents;
    private final String[] sites;
    private final int[] nodes;
    private final int[] useVariables;
    private final int[] useLags;

    private Layout(Builder builder) {
        this.plateNames = builder.plateNames.toArray(String[]::new);
        this.plateParents = builder.plateParents.stream().mapToInt(Integer::intValue).toArray();
        this.sites = builder.sites.toArray(String[]::new);
        this.nodes = builder.nodes.stream().mapToInt(Integer::intValue).toArray();
        this.useVariables = builder.useVariables.stream().mapToInt(Integer::intValue).toArray();
        this.useLags = builder.useLags.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@return a builder of an empty layout} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the number of plates} */
    public int plateCount() {
        return plateNames.length;
    }

    /** {@return the plate's name, e.g. {@code time}} */
    public String plateName(int plate) {
        return plateNames[checkPlate(plate)];
    }

    /** {@return the plate's parent, {@link #ROOT} for a top-level plate} */
    public int plateParent(int plate) {
        return plateParents[checkPlate(plate)];
    }

    /** {@return the number of enumerated variables} */
    public int variableCount() {
        return sites.length;
    }

    /** {@return the variable's site name} */
    public String site(int variable) {
        return sites[checkVariable(variable)];
    }

    /** {@return the plate the variable lives at (one value per instance of it), or {@link #ROOT}} */
    public int node(int variable) {
        return nodes[checkVariable(variable)];
    }

    /** {@return the number of uses} */
    public int useCount() {
        return useVariables.length;
    }

    /** {@return the variable a use reads} */
    public int useVariable(int use) {
        return useVariables[checkUse(use)];
    }

    /** {@return how many steps back along its Markov plate a use reads its variable (0 = the current step)} */
    public int useLag(int use) {
        return useLags[checkUse(use)];
    }

    /** {@return a use as messages print it: {@code x} at lag 0, {@code x@2} two steps earlier} */
    public String describeUse(int use) {
        int lag = useLag(use);
        String site = sites[useVariables[use]];
        return lag == 0 ? site : site + "@" + lag;
    }

    /** Whether {@code ancestor} is {@code plate} itself or one of its ancestors; the root is everyone's ancestor. */
    boolean isAncestorOrSelf(int ancestor, int plate) {
        for (int p = plate; p != ROOT; p = plateParents[p]) {
            if (p == ancestor) {
                return true;
            }
        }
        return ancestor == ROOT;
    }

    /** {@return the plate's name, or "the root"} */
    String plateLabel(int plate) {
        return plate == ROOT ? "the root" : "plate " + plateNames[plate];
    }

    private int checkPlate(int plate) {
        Objects.checkIndex(plate, plateNames.length);
        return plate;
    }

    private int checkVariable(int variable) {
        Objects.checkIndex(variable, sites.length);
        return variable;
    }

    private int checkUse(int use) {
        Objects.checkIndex(use, useVariables.length);
        return use;
    }

    /** Declares plates, variables and uses; every method checks its arguments against what is declared so far. */
    public static final class Builder {

        private final List<String> plateNames = new ArrayList<>();
        private final List<Integer> plateParents = new ArrayList<>();
        private final List<String> sites = new ArrayList<>();
        private final List<Integer> nodes = new ArrayList<>();
        private final List<Integer> useVariables = new ArrayList<>();
        private final List<Integer> useLags = new ArrayList<>();
        private final Map<Long, Integer> usesByKey = new HashMap<>();

        private Builder() {
        }

        /**
         * Declares a plate.
         *
         * @param name the plate's name, unique in the layout
         * @param parentPlate an already declared plate, or {@link #ROOT}
         * @return the plate's id, the number of plates declared before it
         * @throws IllegalArgumentException for a duplicate or empty name or an unknown parent
         */
        public int plate(String name, int parentPlate) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a plate needs a non-empty name");
            }
            if (plateNames.contains(name)) {
                throw new IllegalArgumentException("plate " + name + " is declared twice");
            }
            if (parentPlate < ROOT || parentPlate >= plateNames.size()) {
                throw new IllegalArgumentException("plate " + name + ": parent " + parentPlate
                        + " is not a declared plate (" + plateNames.size() + " so far) or the root (-1)");
            }
            plateNames.add(name);
            plateParents.add(parentPlate);
            return plateNames.size() - 1;
        }

        /**
         * Declares an enumerated variable.
         *
         * @param site the site's name, unique in the layout
         * @param nodePlate the plate it lives at (its innermost non-folded plate), or {@link #ROOT}
         * @return the variable's id
         * @throws IllegalArgumentException for a duplicate or empty name or an unknown plate
         */
        public int variable(String site, int nodePlate) {
            if (site == null || site.isEmpty()) {
                throw new IllegalArgumentException("a variable needs a non-empty site name");
            }
            if (sites.contains(site)) {
                throw new IllegalArgumentException("variable " + site + " is declared twice");
            }
            if (nodePlate < ROOT || nodePlate >= plateNames.size()) {
                throw new IllegalArgumentException("variable " + site + ": plate " + nodePlate
                        + " is not a declared plate or the root (-1)");
            }
            sites.add(site);
            nodes.add(nodePlate);
            return sites.size() - 1;
        }

        /**
         * Declares a use of a variable (an axis name); declaring the same use twice returns the same id.
         *
         * @param variable a declared variable
         * @param lag 0 for the current step, l > 0 for l steps earlier along the variable's (Markov) plate
         * @return the use's id
         * @throws IllegalArgumentException for an unknown variable, a negative lag, or a lag on a root variable
         */
        public int use(int variable, int lag) {
            if (variable < 0 || variable >= sites.size()) {
                throw new IllegalArgumentException("use: variable " + variable + " is not declared");
            }
            if (lag < 0) {
                throw new IllegalArgumentException("use of " + sites.get(variable) + ": lag " + lag + " is negative");
            }
            if (lag > 0 && nodes.get(variable) == ROOT) {
                throw new IllegalArgumentException("use of " + sites.get(variable) + ": lag " + lag
                        + " on a variable that lives at the root, which has no steps");
            }
            long key = ((long) variable << 32) | lag;
            Integer existing = usesByKey.get(key);
            if (existing != null) {
                return existing;
            }
            useVariables.add(variable);
            useLags.add(lag);
            usesByKey.put(key, useVariables.size() - 1);
            return useVariables.size() - 1;
        }

        /** {@return the layout declared so far} */
        public Layout build() {
            return new Layout(this);
        }
    }
}
