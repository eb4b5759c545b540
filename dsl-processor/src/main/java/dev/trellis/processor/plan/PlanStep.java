package dev.trellis.processor.plan;

import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.VarUse;
import java.util.List;
import java.util.Optional;

/**
 * One step of an {@link EliminationPlan}, in execution order; each becomes one or two runtime calls. Every step that
 * makes a table lists the table's axes, so that the generator emits use ids without recomputing anything.
 */
public sealed interface PlanStep {

    /** {@return the tables this step consumes, in order} */
    List<TableRef> inputs();

    /** {@return the table this step makes, or empty for the result} */
    Optional<TableRef> output();

    /** {@return the axes of the table it makes (empty for the result)} */
    List<VarUse> axes();

    /**
     * Tabulates a table factor once per call: {@code variant j < factor.maxLag()} is the boundary variant of step
     * {@code j} (the uses of lag {@code > j} absent, their parameters bound to {@code null} or their initial value);
     * {@code variant == factor.maxLag()} is the steady table, used at every later step. Homogeneous: no instance axis.
     */
    record Tabulate(TableRef out, Factor factor, int variant, List<VarUse> axes) implements PlanStep {
        public Tabulate {
            axes = List.copyOf(axes);
        }

        /** {@return whether this is a boundary variant rather than the steady table} */
        public boolean isBoundary() {
            return variant < factor.maxLag();
        }

        @Override
        public List<TableRef> inputs() {
            return List.of();
        }

        @Override
        public Optional<TableRef> output() {
            return Optional.of(out);
        }
    }

    /** Scores an evidence factor's data per instance of {@code plate} (null: the root, one row). */
    record Observe(TableRef out, Factor factor, String plate, List<VarUse> axes, EvidenceKind kind)
            implements PlanStep {
        public Observe {
            axes = List.copyOf(axes);
        }

        @Override
        public List<TableRef> inputs() {
            return List.of();
        }

        @Override
        public Optional<TableRef> output() {
            return Optional.of(out);
        }
    }

    /**
     * Multiplies {@code inputs} and sums {@code eliminated} out (nothing: adds tables of equal scope), batched over
     * the instances of {@code plate} when some input has that axis (null: no input has an instance axis).
     */
    record Contract(TableRef out, String plate, List<TableRef> inputs, List<VarUse> eliminated, List<VarUse> axes)
            implements PlanStep {
        public Contract {
            inputs = List.copyOf(inputs);
            eliminated = List.copyOf(eliminated);
            axes = List.copyOf(axes);
        }

        @Override
        public Optional<TableRef> output() {
            return Optional.of(out);
        }
    }

    /** Multiplies {@code input} over the instances of {@code plate} inside each instance of its parent. */
    record Product(TableRef out, String plate, TableRef input, List<VarUse> axes) implements PlanStep {
        public Product {
            axes = List.copyOf(axes);
        }

        @Override
        public List<TableRef> inputs() {
            return List.of(input);
        }

        @Override
        public Optional<TableRef> output() {
            return Optional.of(out);
        }
    }

    /**
     * Runs {@code program} along the Markov plate {@code plate}, one sequence per instance of its parent; the output
     * has the outer uses as axes ({@code axes}), one table per parent instance.
     */
    record Scan(TableRef out, String plate, List<TableRef> inputs, ScanProgram program, ScanKind kind,
                List<VarUse> axes) implements PlanStep {
        public Scan {
            inputs = List.copyOf(inputs);
            axes = List.copyOf(axes);
        }

        @Override
        public Optional<TableRef> output() {
            return Optional.of(out);
        }
    }

    /** Adds the scalar tables left at the root: the log-likelihood. */
    record Result(List<TableRef> inputs) implements PlanStep {
        public Result {
            inputs = List.copyOf(inputs);
        }

        @Override
        public Optional<TableRef> output() {
            return Optional.empty();
        }

        @Override
        public List<VarUse> axes() {
            return List.of();
        }
    }
}
