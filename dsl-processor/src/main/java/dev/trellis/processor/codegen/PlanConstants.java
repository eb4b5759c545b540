package dev.trellis.processor.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.graph.Plate;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.graph.Variable;
import dev.trellis.processor.plan.EliminationPlan;
import dev.trellis.processor.plan.PlanStep;
import dev.trellis.processor.plan.ScanOp;
import dev.trellis.processor.plan.ScanProgram;
import dev.trellis.processor.plan.SlotProgram;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The constants a generated inference class names its elimination with: one per plate that is an axis of the
 * elimination ({@code PLATE_TIME}), per variable ({@code VAR_X}) and per use of a variable at a lag, which is how
 * tables name their axes ({@code X}, {@code X_LAG1}); the runtime {@code Layout} built from them; and one
 * {@code ScanSpec} per scan, the plan's slot programs written out.
 */
final class PlanConstants {
    static final String LAYOUT = "LAYOUT";

    private final EliminationPlan plan;
    private final PlatedFactorGraph graph;

    PlanConstants(EliminationPlan plan) {
        this.plan = plan;
        this.graph = plan.graph();
    }

    /** The constant of a plate that is an axis of the elimination, or {@code -1} for the root. */
    static CodeBlock plate(String plate) {
        return plate == null ? CodeBlock.of("-1") : CodeBlock.of("$L", plateName(plate));
    }

    static String plateName(String plate) {
        return "PLATE_" + Names.constant(plate);
    }

    static String variable(Variable variable) {
        return "VAR_" + Names.constant(variable.name());
    }

    static String use(VarUse use) {
        String name = Names.constant(use.variable().name());
        return use.lag() == 0 ? name : name + "_LAG" + use.lag();
    }

    /** {@code X, X_LAG1}: uses as varargs. */
    static CodeBlock uses(List<VarUse> uses) {
        return CodeBlock.of("$L", uses.stream().map(PlanConstants::use).collect(Collectors.joining(", ")));
    }

    /** {@code new int[] {X, X_LAG1}}. */
    static CodeBlock useArray(List<VarUse> uses) {
        return CodeBlock.of("new int[] {$L}", uses(uses));
    }

    static String scan(PlanStep.Scan scan) {
        return Names.constant(scan.out().name());
    }

    /** The plates of the elimination, in the graph's order (parents first): the layout's plate ids. */
    List<Plate> axisPlates() {
        return graph.plates().plates().stream().filter(Plate::isEliminationAxis).toList();
    }

    void addTo(TypeSpec.Builder type) {
        List<Plate> plates = axisPlates();
        for (int i = 0; i < plates.size(); i++) {
            type.addField(constant(plateName(plates.get(i).name()), CodeBlock.of("$L", i),
                    "plate '" + plates.get(i).name() + "'"));
        }
        for (Variable variable : graph.variables()) {
            type.addField(constant(variable(variable), CodeBlock.of("$L", variable.id()),
                    "enumerated site '" + variable.name() + "'"));
        }
        for (VarUse use : graph.uses()) {
            type.addField(constant(use(use), CodeBlock.of("$L", use.id()), use.lag() == 0
                    ? "axis: '" + use.variable().name() + "' at the current step"
                    : "axis: '" + use.variable().name() + "' " + use.lag() + (use.lag() == 1 ? " step" : " steps")
                            + " earlier"));
        }
        type.addField(FieldSpec.builder(RuntimeNames.LAYOUT, LAYOUT, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The elimination's plates, variables and axes, in the order of the constants above.\n")
                .initializer("layout()")
                .build());
        type.addMethod(layout(plates));
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Scan scan) {
                type.addField(FieldSpec.builder(RuntimeNames.SCAN_SPEC, scan(scan), Modifier.PRIVATE, Modifier.STATIC,
                                Modifier.FINAL)
                        .addJavadoc("The scan along '$L': the plan's step programs, slot 0 the previous step's message,\n"
                                + "then the scan's inputs in order, then each op's output.\n", scan.plate())
                        .initializer(scanSpec(scan))
                        .build());
            }
        }
    }

    /** {@code layout()}: the runtime layout, declared in the order the constants number them. */
    private MethodSpec layout(List<Plate> plates) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("layout")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(RuntimeNames.LAYOUT)
                .addStatement("$T.Builder layout = $T.builder()", RuntimeNames.LAYOUT, RuntimeNames.LAYOUT);
        for (Plate plate : plates) {
            method.addStatement("layout.plate($S, $L)", plate.name(), plate(plate.parent()));
        }
        for (Variable variable : graph.variables()) {
            method.addStatement("layout.variable($S, $L)", variable.name(), plate(variable.node()));
        }
        for (VarUse use : graph.uses()) {
            method.addStatement("layout.use($L, $L)", variable(use.variable()), use.lag());
        }
        return method.addStatement("return layout.build()").build();
    }

    private CodeBlock scanSpec(PlanStep.Scan scan) {
        ScanProgram program = scan.program();
        CodeBlock.Builder code = CodeBlock.builder()
                .add("$T.builder($L, $T.$L)", RuntimeNames.SCAN_SPEC, plateName(scan.plate()), RuntimeNames.SCAN_KIND,
                        scan.kind().name())
                .indent();
        for (ScanProgram.Shift shift : program.frontier()) {
            code.add("\n.frontier($L, $L)", use(shift.use()), use(shift.shifted()));
        }
        if (!program.outer().isEmpty()) {
            code.add("\n.outer($L)", uses(program.outer()));
        }
        for (SlotProgram boundary : program.boundary()) {
            code.add("\n.boundary($L, $L)", boundary.step(), ops(boundary));
        }
        code.add("\n.steady($L)", ops(program.steady()));
        return code.add("\n.build()").unindent().build();
    }

    /** {@code ScanSpec.op(...), ...}: a program's ops as varargs. */
    private static CodeBlock ops(SlotProgram program) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (ScanOp op : program.ops()) {
            code.add(code.isEmpty() ? "" : ", ");
            code.add("$T.op(new int[] {$L}, $L$L)", RuntimeNames.SCAN_SPEC,
                    op.operands().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    useArray(op.eliminated()), op.axes().isEmpty() ? CodeBlock.of("") : CodeBlock.of(", $L", uses(op.axes())));
        }
        return code.build();
    }

    private static FieldSpec constant(String name, CodeBlock value, String doc) {
        return FieldSpec.builder(int.class, name, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc)
                .initializer(value)
                .build();
    }
}
