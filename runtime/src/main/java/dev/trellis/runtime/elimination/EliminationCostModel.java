package dev.trellis.runtime.elimination;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The symbolic cost of a model's elimination, as the processor counted it on the plan (the "cost" section of the
 * generated class's javadoc), in a form that can be bound to sizes at run time: {@link #bind} evaluates every
 * formula and gives an {@link EliminationCost}. Generated classes hold one in a constant; immutable.
 *
 * <p>Thread-safe: immutable.
 */
public final class EliminationCostModel {
    private final String largestName;
    private final String largestAxes;
    private final CostFormula largestSize;
    private final List<WorkTerm> work;
    private final CostFormula likelihoodMemory;
    private final CostFormula marginalsMemory;

    private EliminationCostModel(Builder builder) {
        this.largestName = Objects.requireNonNull(builder.largestName, "largest factor");
        this.largestAxes = builder.largestAxes;
        this.largestSize = builder.largestSize;
        this.work = List.copyOf(builder.work);
        this.likelihoodMemory = Objects.requireNonNull(builder.likelihoodMemory, "memory");
        this.marginalsMemory = Objects.requireNonNull(builder.marginalsMemory, "memory");
    }

    /** One group of contractions: its formula per unit, and the plate whose instances it repeats over (or none). */
    private record WorkTerm(String where, String per, @Nullable String plate, CostFormula cost) {}

    /** {@return a builder; generated code calls it with the plan's printed formulas} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the cost at {@code sizes}}
     *
     * @throws IllegalArgumentException naming a site or plate whose size {@code sizes} lacks
     * @throws ArithmeticException if a figure does not fit in a long
     */
    public EliminationCost bind(EliminationSizes sizes) {
        List<EliminationCost.Work> figures = new ArrayList<>();
        for (WorkTerm term : work) {
            long perUnit = term.cost().evaluate(sizes);
            long total = term.plate() == null ? perUnit : Math.multiplyExact(perUnit, sizes.instances(term.plate()));
            figures.add(new EliminationCost.Work(term.where(), term.per(), term.cost().toString(), perUnit, total));
        }
        return new EliminationCost(new EliminationCost.Factor(largestName, largestAxes, largestSize.toString(),
                largestSize.evaluate(sizes)), figures, likelihoodMemory.evaluate(sizes),
                marginalsMemory.evaluate(sizes));
    }

    /** {@return the sites whose domain sizes {@link #bind} needs, by name} */
    public List<String> domains() {
        var names = new TreeSet<String>();
        for (CostFormula f : formulas()) {
            names.addAll(f.domains());
        }
        return List.copyOf(names);
    }

    /** {@return the plates whose instance counts {@link #bind} needs, by name} */
    public List<String> plates() {
        var names = new TreeSet<String>();
        for (CostFormula f : formulas()) {
            names.addAll(f.plates());
        }
        work.stream().map(WorkTerm::plate).filter(Objects::nonNull).forEach(names::add);
        return List.copyOf(names);
    }

    private List<CostFormula> formulas() {
        List<CostFormula> all = new ArrayList<>(List.of(largestSize, likelihoodMemory, marginalsMemory));
        work.forEach(w -> all.add(w.cost()));
        return all;
    }

    /** {@return the symbolic cost, in the words of the plan's javadoc} */
    public String print() {
        var out = new StringBuilder();
        out.append("largest factor: ").append(largestName).append(" over ").append(largestAxes).append(", ")
                .append(largestSize).append('\n');
        for (WorkTerm w : work) {
            out.append("work: ").append(w.where()).append(' ').append(w.cost()).append(' ').append(w.per())
                    .append('\n');
        }
        out.append("memory: likelihood ").append(likelihoodMemory).append('\n');
        out.append("memory: with marginals ").append(marginalsMemory).append('\n');
        return out.toString();
    }

    @Override
    public String toString() {
        return print();
    }

    /** Collects the formulas of one plan's cost. */
    public static final class Builder {
        private @Nullable String largestName;
        private String largestAxes = "[]";
        private CostFormula largestSize = CostFormula.parse("1");
        private final List<WorkTerm> work = new ArrayList<>();
        private @Nullable CostFormula likelihoodMemory;
        private @Nullable CostFormula marginalsMemory;

        private Builder() {}

        /** The largest table: its name, its axes as printed, its size formula. */
        public Builder largestFactor(String name, String axes, String size) {
            this.largestName = name;
            this.largestAxes = axes;
            this.largestSize = CostFormula.parse(size);
            return this;
        }

        /**
         * A group of contractions.
         *
         * @param plate the plate whose every instance (or step) runs them, or null when they run once
         */
        public Builder work(String where, String per, @Nullable String plate, String cost) {
            work.add(new WorkTerm(where, per, plate, CostFormula.parse(cost)));
            return this;
        }

        /** The memory of a likelihood and of the queries that keep marginals, as formulas of entries. */
        public Builder memory(String likelihood, String withMarginals) {
            this.likelihoodMemory = CostFormula.parse(likelihood);
            this.marginalsMemory = CostFormula.parse(withMarginals);
            return this;
        }

        public EliminationCostModel build() {
            return new EliminationCostModel(this);
        }
    }
}
