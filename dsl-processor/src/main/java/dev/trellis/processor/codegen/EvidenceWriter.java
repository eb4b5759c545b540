package dev.trellis.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.trellis.processor.graph.Binding;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.ir.ValueType;
import dev.trellis.processor.plan.EvidenceKind;
import dev.trellis.processor.plan.PlanStep;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes one {@code Observe} step: the evidence of an observed site over its plate's instances, of the kind the plan
 * chose (design note §5.2), registered with the elimination.
 *
 * <p>The lambda around the user's method receives the instance's variant ({@code min(step, maxLag)}) and the
 * enumerated parents' values; a parent read at a lag the variant has not reached is passed as {@code null} (or the
 * parameter's {@code initial}), the way the user's method sees the start of a chain.
 */
final class EvidenceWriter {

    /** Writes the step for one elimination over a call's data (the plain {@code eliminate}). */
    void write(MethodSpec.Builder method, PlanStep.Observe observe) {
        String handle = EliminationWriter.handle(observe.out());
        String evidence = handle + "Rows";
        comment(method, observe, "");
        writeParents(method, observe);
        CodeBlock created = created(observe, CodeBlock.of("data.$L()", Names.local(observe.factor().name())));
        method.addStatement("$T $L = $L", RuntimeNames.EVIDENCE, evidence, created);
        if (observe.kind() == EvidenceKind.BATCHED) {
            // scored once, on the tape, before the elimination reads the rows (streaming would score them again)
            method.beginControlFlow("if (gradient != null)")
                    .addStatement("$L.inputs()", evidence)
                    .endControlFlow();
        }
        register(method, observe);
        method.beginControlFlow("if (gradient != null)")
                .addStatement("gradient.evidence($L, $L)", handle, evidence)
                .endControlFlow();
    }

    /**
     * Whether the kind's inputs are functions of the globals alone (the runtime's {@code SharedInputEvidence}), so
     * that a data-parallel step tabulates them once for all its blocks.
     */
    static boolean sharesInputs(PlanStep.Observe observe) {
        return observe.kind() == EvidenceKind.BERNOULLI_SPARSE;
    }

    /**
     * Writes the step for a data-parallel step's tabulation ({@code tabulate}): evidence whose inputs depend on the
     * globals alone, over the data of all of the step's members here; otherwise a note that each block scores its
     * own.
     */
    void writeTabulation(MethodSpec.Builder method, PlanStep.Observe observe) {
        if (!sharesInputs(observe)) {
            method.addCode("// observed site '$L': $L, scored by each block from its own data\n",
                    observe.factor().name(), observe.kind().description());
            method.addStatement("tables.ownEvidence()");
            return;
        }
        comment(method, observe, ", its inputs shared by the blocks");
        writeParents(method, observe);
        method.addStatement("tables.evidence($L)", created(observe,
                CodeBlock.of("data.$L()", Names.local(observe.factor().name()))));
    }

    /**
     * Writes the step for one block of a data-parallel step ({@code eliminateBlock}): the shared tabulation read over
     * the block's rows where the kind shares its inputs, else the block's own evidence.
     *
     * @param slot the evidence's slot in the step's tables: its position among the observed sites
     */
    void writeBlock(MethodSpec.Builder method, PlanStep.Observe observe, int slot) {
        String handle = EliminationWriter.handle(observe.out());
        String evidence = handle + "Rows";
        comment(method, observe, sharesInputs(observe) ? ", from the step's evidence " + slot : "");
        writeParents(method, observe);
        CodeBlock data = CodeBlock.of("data.$L()", Names.local(observe.factor().name()));
        if (sharesInputs(observe)) {
            method.addStatement("$T $L = tables.evidence($L, $L, blockData -> $L)", RuntimeNames.EVIDENCE, evidence,
                    slot, data, created(observe, CodeBlock.of("blockData")));
        } else {
            method.addStatement("$T $L = $L", RuntimeNames.EVIDENCE, evidence, created(observe, data));
        }
        register(method, observe);
        method.addStatement("gradient.evidence($L, $L, $L)", handle, slot, evidence);
    }

    private static void comment(MethodSpec.Builder method, PlanStep.Observe observe, String suffix) {
        Factor factor = observe.factor();
        List<VarUse> axes = observe.axes();
        method.addCode("// observed site '$L'$L: log p($L$L) per instance, $L$L\n", factor.name(),
                observe.plate() == null ? "" : " over '" + observe.plate() + "'", factor.name(),
                axes.isEmpty() ? "" : " | " + axes.stream().map(VarUse::name).collect(Collectors.joining(", ")),
                observe.kind().description(), suffix);
    }

    private static void writeParents(MethodSpec.Builder method, PlanStep.Observe observe) {
        Factor factor = observe.factor();
        List<VarUse> axes = observe.axes();
        method.addStatement("$T $L = $T.of(new String[] {$L}, new int[] {$L}, new int[] {$L})",
                RuntimeNames.ENUMERATED_PARENTS, EliminationWriter.handle(observe.out()) + "Parents",
                RuntimeNames.ENUMERATED_PARENTS,
                axes.stream().map(use -> "\"" + EliminationWriter.parameterName(factor, use) + "\"")
                        .collect(Collectors.joining(", ")),
                axes.stream().map(use -> EliminationWriter.size(use.variable())).collect(Collectors.joining(", ")),
                axes.stream().map(use -> String.valueOf(use.lag())).collect(Collectors.joining(", ")));
    }

    private static void register(MethodSpec.Builder method, PlanStep.Observe observe) {
        List<VarUse> axes = observe.axes();
        String handle = EliminationWriter.handle(observe.out());
        method.addStatement("int $L = elimination.evidence($L, $L$L)", handle, handle + "Rows",
                PlanConstants.plate(observe.plate()),
                axes.isEmpty() ? CodeBlock.of("") : CodeBlock.of(", $L", PlanConstants.uses(axes)));
    }

    /** The evidence of the plan's kind over {@code data}, the site's observed data. */
    private static CodeBlock created(PlanStep.Observe observe, CodeBlock data) {
        Factor factor = observe.factor();
        String parents = EliminationWriter.handle(observe.out()) + "Parents";
        List<VarUse> axes = observe.axes();
        List<Binding.Data> dataParents = factor.dataParents();
        return switch (observe.kind()) {
            case DENSE -> CodeBlock.of("$T.of($L, $L, (variant, values) -> $L)", RuntimeNames.DENSE_EVIDENCE, data,
                    parents, call(factor, axes, binding -> null));
            case BERNOULLI_SPARSE -> CodeBlock.of("$T.of($L, $L, (variant, values) -> $L)",
                    RuntimeNames.BERNOULLI_EVIDENCE, data, parents, call(factor, axes, binding -> null));
            case CATEGORICAL_LOOKUP -> dataParents.isEmpty()
                    ? CodeBlock.of("$T.of($L, $L, (variant, values) -> $L)", RuntimeNames.CATEGORICAL_EVIDENCE, data,
                            parents, call(factor, axes, binding -> null))
                    : CodeBlock.of("$T.of($L, $L, $L, (variant, values, observed) -> $L)",
                            RuntimeNames.CATEGORICAL_EVIDENCE, data, parents, dataParentList(dataParents, false),
                            call(factor, axes, binding -> {
                                int index = dataParents.indexOf(binding);
                                return binding.parameter().type() == ValueType.BOXED_INT
                                        ? CodeBlock.of("observed[$L] < 0 ? null : Integer.valueOf(observed[$L])", index,
                                                index)
                                        : CodeBlock.of("observed[$L] < 0 ? $L : observed[$L]", index,
                                                binding.parameter().initial().orElse(0), index);
                            }));
            case BERNOULLI_AUTOREGRESSIVE -> CodeBlock.of("$T.of($L, $L, $L, (variant, values, previous) -> $L)",
                    RuntimeNames.AUTOREGRESSIVE_EVIDENCE, data, parents,
                    (double) dataParents.get(0).parameter().initial().orElse(0),
                    call(factor, axes, binding -> CodeBlock.of("previous")));
            case BATCHED -> CodeBlock.of("$T.of($L, $L, $L, (variant, values, blocks) -> $L)",
                    RuntimeNames.BATCHED_EVIDENCE, data, parents, dataParentList(dataParents, true),
                    call(factor, axes, binding -> CodeBlock.of("blocks[$L]", dataParents.indexOf(binding))));
            case PER_INSTANCE -> CodeBlock.of("$T.of($L, $L, $L, (variant, values, observed) -> $L)",
                    RuntimeNames.PER_INSTANCE_EVIDENCE, data, parents, dataParentList(dataParents, false),
                    call(factor, axes, binding -> {
                        int index = dataParents.indexOf(binding);
                        return perInstanceValue(binding, index);
                    }));
        };
    }

    /**
     * The value a data parent's parameter receives per instance: the row as a tensor, or its single value as an int,
     * Integer or double, by the parameter's type; null (or the initial) before the start.
     */
    private static CodeBlock perInstanceValue(Binding.Data binding, int index) {
        CodeBlock row = CodeBlock.of("observed[$L]", index);
        return switch (binding.parameter().type()) {
            case TENSOR -> binding.parameter().initial().isPresent()
                    ? CodeBlock.of("$L == null ? $T.scalar($L) : $L", row, RuntimeNames.TENSOR,
                            binding.parameter().initial().getAsInt(), row)
                    : row;
            case INT -> CodeBlock.of("$L == null ? $L : (int) $L.item()", row,
                    binding.parameter().initial().orElse(0), row);
            case BOXED_INT -> CodeBlock.of("$L == null ? null : Integer.valueOf((int) $L.item())", row, row);
            default -> CodeBlock.of("$L == null ? null : $L.item()", row, row);
        };
    }

    /**
     * {@code List.of(DataParent.of("previous", data.y(), 1), ...)}; with {@code initials}, a lagged parent's
     * {@code initial} goes with it (batched evidence fills absent blocks with it).
     */
    private static CodeBlock dataParentList(List<Binding.Data> dataParents, boolean initials) {
        CodeBlock.Builder code = CodeBlock.builder().add("$T.of(", java.util.List.class);
        for (int i = 0; i < dataParents.size(); i++) {
            Binding.Data parent = dataParents.get(i);
            code.add(i == 0 ? "" : ", ").add("$T.of($S, data.$L(), $L", RuntimeNames.DATA_PARENT,
                    parent.parameter().parameterName(), Names.local(parent.site()), parent.lag());
            if (initials && parent.lag() > 0 && parent.parameter().initial().isPresent()) {
                code.add(", $L", (double) parent.parameter().initial().getAsInt());
            }
            code.add(")");
        }
        return code.add(")").build();
    }

    /**
     * {@code model.y(values[0], variant >= 1 ? Integer.valueOf(values[1]) : null, probsY)}: enumerated parents from the
     * assignment, absent before the start; globals by name; data parents as {@code dataArgument} says.
     */
    private static CodeBlock call(Factor factor, List<VarUse> axes,
                                  java.util.function.Function<Binding.Data, CodeBlock> dataArgument) {
        return SiteCallWriter.call("model", factor.site(), factor.arguments(), binding -> {
            if (binding instanceof Binding.Enumerated enumerated) {
                int axis = axes.indexOf(enumerated.use());
                CodeBlock value = SiteCallWriter.isBoxed(enumerated)
                        ? CodeBlock.of("Integer.valueOf(values[$L])", axis) : CodeBlock.of("values[$L]", axis);
                if (enumerated.use().lag() == 0) {
                    return CodeBlock.of("values[$L]", axis);
                }
                return CodeBlock.of("variant >= $L ? $L : $L", enumerated.use().lag(), value,
                        SiteCallWriter.beforeStart(enumerated));
            }
            if (binding instanceof Binding.Global global) {
                return SiteCallWriter.global(global);
            }
            if (binding instanceof Binding.Data data) {
                CodeBlock value = dataArgument.apply(data);
                if (value == null) {
                    throw new IllegalStateException("site '" + factor.name() + "' reads observed '" + data.site()
                            + "' but its evidence kind takes no data parents");
                }
                return value;
            }
            throw new IllegalStateException("site '" + factor.name() + "': parameter "
                    + binding.parameter().parameterName() + " cannot be bound in evidence");
        });
    }
}
