package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.trellis.processor.graph.Binding;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.GlobalInput;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.VarUse;
import dev.trellis.processor.graph.Variable;
import dev.trellis.processor.plan.EliminationPlan;
import dev.trellis.processor.plan.PlanStep;
import dev.trellis.processor.plan.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes a generated class's {@code eliminate} method: the plan's steps in order, each one or two runtime calls with
 * a comment naming the user's site. Tabulations come first, in an order where every table's parents have known
 * domain sizes (a chain's first-step table before its transition table, a site before the sites that read it); the
 * rest keeps the plan's order.
 */
final class EliminationWriter {
    static final String METHOD = "eliminate";
    static final String TABULATE = "tabulate";
    static final String BLOCK = "eliminateBlock";

    private final EliminationPlan plan;
    private final PlatedFactorGraph graph;
    private final ClassName modelClass;
    private final EvidenceWriter evidence;

    EliminationWriter(EliminationPlan plan, ClassName modelClass, EvidenceWriter evidence) {
        this.plan = plan;
        this.graph = plan.graph();
        this.modelClass = modelClass;
        this.evidence = evidence;
    }

    /**
     * The global inputs every site method may read, as parameters of {@code eliminate}, in the graph's order: a
     * tensor per latent site and parameter, the module of each network (bound to the values wanted).
     */
    List<ParameterSpec> globalParameters() {
        List<ParameterSpec> parameters = new ArrayList<>();
        for (GlobalInput global : graph.globals()) {
            parameters.add(ParameterSpec.builder(globalType(graph, global), Names.local(global.name())).build());
        }
        return parameters;
    }

    /** {@return the Java type a global input is held in: a tensor, or a network's module type} */
    static TypeName globalType(PlatedFactorGraph graph, GlobalInput global) {
        return global.isNetwork() ? ProgramParts.networkType(graph.model().network(global.name()).orElseThrow())
                : RuntimeNames.TENSOR;
    }

    /** {@code model, probs_x, probs_y}: the arguments that pass the model and its globals on. */
    CodeBlock globalArguments(String model) {
        CodeBlock.Builder code = CodeBlock.builder().add("$L", model);
        for (GlobalInput global : graph.globals()) {
            code.add(", $L", Names.local(global.name()));
        }
        return code.build();
    }

    MethodSpec method(ClassName dataRecord) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(METHOD)
                .addModifiers(Modifier.STATIC)
                .returns(RuntimeNames.ELIMINATION)
                .addJavadoc("Runs the elimination plan (see the class javadoc) on one call's data: {@code query} says what\n"
                        + "it records (the log-likelihood alone, marginals and adjoints, the MAP or a posterior sample).\n"
                        + "When {@code gradient} is given, each table and evidence is registered with it, so that the\n"
                        + "elimination's adjoints reach the tensors they were computed from.\n")
                .addParameter(modelClass, "model")
                .addParameters(globalParameters())
                .addParameter(dataRecord, "data")
                .addParameter(RuntimeNames.QUERY, "query")
                .addParameter(ParameterSpec.builder(RuntimeNames.RNG, "rng").addAnnotation(RuntimeNames.NULLABLE).build())
                .addParameter(ParameterSpec.builder(RuntimeNames.ELIMINATION_GRADIENT, "gradient")
                        .addAnnotation(RuntimeNames.NULLABLE).build());
        method.addStatement("$T elimination = new $T($L, query, data.instances(), $T.INSTANCE, rng)", RuntimeNames.ELIMINATION,
                RuntimeNames.ELIMINATION, PlanConstants.LAYOUT, RuntimeNames.FAST_KERNELS);
        Set<Variable> known = new HashSet<>();
        for (PlanStep.Tabulate tabulate : tabulationOrder()) {
            writeTabulate(method, tabulate, known);
        }
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Observe observe) {
                evidence.write(method, observe);
            } else {
                writeStructure(method, step);
            }
        }
        return method.addStatement("return elimination").build();
    }

    /**
     * Writes {@code tabulate}, the first half of a data-parallel step (a program whose members are independent): the
     * plan's tables at given globals, and the evidence whose inputs depend on the globals alone over the data of all
     * of the step's members here, tabulated once for all of the step's blocks.
     */
    MethodSpec tabulateMethod(ClassName dataRecord) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(TABULATE)
                .addModifiers(Modifier.STATIC)
                .returns(RuntimeNames.STEP_TABLES)
                .addJavadoc("Tabulates what the blocks of a data-parallel step share: the plan's tables at these\n"
                        + "globals (the same as {@code eliminate} makes), and the evidence whose inputs depend on the\n"
                        + "globals alone, over {@code data}: all of the step's members that this process evaluates.\n"
                        + "Each block then runs {@code eliminateBlock} over its own members; the blocks' adjoints of\n"
                        + "these tables are added up and taken back through this one tabulation.\n")
                .addParameter(modelClass, "model")
                .addParameters(globalParameters())
                .addParameter(dataRecord, "data")
                .addStatement("$T tables = new $T()", RuntimeNames.STEP_TABLES, RuntimeNames.STEP_TABLES);
        Set<Variable> known = new HashSet<>();
        for (PlanStep.Tabulate tabulate : tabulationOrder()) {
            Factor factor = tabulate.factor();
            Variable own = factor.ownUse().variable();
            List<VarUse> parents = tabulate.axes().subList(0, tabulate.axes().size() - 1);
            boolean learns = !known.contains(own);
            comment(method, tabulate);
            method.addStatement("$T $L = tables.table($L)", RuntimeNames.TENSOR, logProbs(tabulate),
                    tabulation(tabulate, learns));
            if (learns) {
                method.addStatement("int $L = $L.size($L)", size(own), logProbs(tabulate), parents.size());
                known.add(own);
            }
        }
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Observe observe) {
                evidence.writeTabulation(method, observe);
            }
        }
        return method.addStatement("return tables").build();
    }

    /**
     * Writes {@code eliminateBlock}, the second half of a data-parallel step: the plan's steps over one block's data,
     * reading the step's tables instead of tabulating, and registering them with the block's gradient.
     */
    MethodSpec blockMethod(ClassName dataRecord) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(BLOCK)
                .addModifiers(Modifier.STATIC)
                .returns(RuntimeNames.ELIMINATION)
                .addJavadoc("Runs the elimination plan on the data of one block of a data-parallel step, with the tables\n"
                        + "{@code tabulate} made for the step: only evidence whose inputs depend on the block's data\n"
                        + "is scored here, from the globals given. Each table and evidence is registered with\n"
                        + "{@code gradient}, which returns the block's adjoints of the step's tables.\n")
                .addParameter(modelClass, "model")
                .addParameters(globalParameters())
                .addParameter(dataRecord, "data")
                .addParameter(RuntimeNames.STEP_TABLES, "tables")
                .addParameter(RuntimeNames.QUERY, "query")
                .addParameter(RuntimeNames.BLOCK_GRADIENT, "gradient");
        method.addStatement("$T elimination = new $T($L, query, data.instances(), $T.INSTANCE, null)",
                RuntimeNames.ELIMINATION, RuntimeNames.ELIMINATION, PlanConstants.LAYOUT, RuntimeNames.FAST_KERNELS);
        Set<Variable> known = new HashSet<>();
        int slot = 0;
        for (PlanStep.Tabulate tabulate : tabulationOrder()) {
            Factor factor = tabulate.factor();
            Variable own = factor.ownUse().variable();
            List<VarUse> parents = tabulate.axes().subList(0, tabulate.axes().size() - 1);
            comment(method, tabulate);
            if (!known.contains(own)) {
                method.addStatement("int $L = tables.table($L).size($L)", size(own), slot, parents.size());
                method.addStatement("elimination.bindDomain($L, $L)", PlanConstants.variable(own), size(own));
                known.add(own);
            }
            method.addStatement("int $L = elimination.table($S, tables.values($L), $L)", handle(tabulate.out()),
                    factor.name(), slot, PlanConstants.uses(tabulate.axes()));
            method.addStatement("gradient.table($L, $L)", handle(tabulate.out()), slot);
            slot++;
        }
        int evidenceSlot = 0;
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Observe observe) {
                evidence.writeBlock(method, observe, evidenceSlot++);
            } else {
                writeStructure(method, step);
            }
        }
        return method.addStatement("return elimination").build();
    }

    private void writeStructure(MethodSpec.Builder method, PlanStep step) {
        if (step instanceof PlanStep.Contract contract) {
            writeContract(method, contract);
        } else if (step instanceof PlanStep.Product product) {
            method.addCode("// product of '$L' over the members of plate '$L'\n", product.input().name(),
                    product.plate());
            method.addStatement("int $L = elimination.product($L, $L)", handle(product.out()),
                    PlanConstants.plate(product.plate()), handle(product.input()));
        } else if (step instanceof PlanStep.Scan scan) {
            method.addCode("// scan along '$L' in each member of its parent plate\n", scan.plate());
            method.addStatement("int $L = elimination.scan($L, $L$L)", handle(scan.out()),
                    PlanConstants.plateName(scan.plate()), PlanConstants.scan(scan), handles(scan.inputs()));
        } else if (step instanceof PlanStep.Result result) {
            method.addCode("// the log-likelihood: what is left at the root\n");
            method.addStatement("elimination.result($L)", result.inputs().stream().map(EliminationWriter::handle)
                    .collect(Collectors.joining(", ")));
        }
    }

    private void writeContract(MethodSpec.Builder method, PlanStep.Contract contract) {
        method.addCode("// $L\n", contract.eliminated().isEmpty()
                ? "add " + names(contract.inputs())
                : "sum " + contract.eliminated().stream().map(VarUse::name).collect(Collectors.joining(", "))
                        + " out of " + names(contract.inputs()));
        method.addStatement("int $L = elimination.contract($L, new int[] {$L}, $L$L)", handle(contract.out()),
                PlanConstants.plate(contract.plate()),
                contract.inputs().stream().map(EliminationWriter::handle).collect(Collectors.joining(", ")),
                PlanConstants.useArray(contract.eliminated()),
                contract.axes().isEmpty() ? CodeBlock.of("") : CodeBlock.of(", $L", PlanConstants.uses(contract.axes())));
    }

    /**
     * Tabulations in an order where each one's parent domains are known: the plan's order, except that a table waits
     * for the tables its parents' sizes come from (the plan eliminates deep plates first, but a chain inside a
     * sequence may read the sequence's cluster, whose table is eliminated later).
     */
    List<PlanStep.Tabulate> tabulationOrder() {
        List<PlanStep.Tabulate> remaining = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Tabulate tabulate) {
                remaining.add(tabulate);
            }
        }
        List<PlanStep.Tabulate> order = new ArrayList<>();
        Set<Variable> known = new HashSet<>();
        while (!remaining.isEmpty()) {
            PlanStep.Tabulate next = remaining.stream().filter(t -> ready(t, known)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no tabulation can run first among " + remaining));
            order.add(next);
            known.addAll(next.axes().stream().map(VarUse::variable).toList());
            remaining.remove(next);
        }
        return order;
    }

    private static boolean ready(PlanStep.Tabulate tabulate, Set<Variable> known) {
        Variable own = tabulate.factor().ownUse().variable();
        List<VarUse> parents = tabulate.axes().subList(0, tabulate.axes().size() - 1);
        return parents.stream().allMatch(use -> known.contains(use.variable())
                || (use.variable().equals(own) && known.contains(own)));
    }

    private void writeTabulate(MethodSpec.Builder method, PlanStep.Tabulate tabulate, Set<Variable> known) {
        Factor factor = tabulate.factor();
        Variable own = factor.ownUse().variable();
        List<VarUse> parents = tabulate.axes().subList(0, tabulate.axes().size() - 1);
        String logProbs = logProbs(tabulate);
        comment(method, tabulate);
        boolean learns = !known.contains(own);
        method.addStatement("$T $L = $L", RuntimeNames.TENSOR, logProbs, tabulation(tabulate, learns));
        if (learns) {
            method.addStatement("int $L = $L.size($L)", size(own), logProbs, parents.size());
            method.addStatement("elimination.bindDomain($L, $L)", PlanConstants.variable(own), size(own));
            known.add(own);
        }
        method.addStatement("int $L = elimination.table($S, $L.detach().toArray(), $L)", handle(tabulate.out()), factor.name(),
                logProbs, PlanConstants.uses(tabulate.axes()));
        method.beginControlFlow("if (gradient != null)")
                .addStatement("gradient.table($L, $L)", handle(tabulate.out()), logProbs)
                .endControlFlow();
    }

    private static String logProbs(PlanStep.Tabulate tabulate) {
        return Names.local(tabulate.out().name()) + "LogProbs";
    }

    private static void comment(MethodSpec.Builder method, PlanStep.Tabulate tabulate) {
        Factor factor = tabulate.factor();
        Variable own = factor.ownUse().variable();
        List<VarUse> parents = tabulate.axes().subList(0, tabulate.axes().size() - 1);
        method.addCode("// site '$L'$L: log p($L$L), axes [$L]\n", factor.name(),
                tabulate.isBoundary() ? " at step " + tabulate.variant() + " of '" + factor.node() + "'" : "",
                own.name(), parents.isEmpty() ? "" : " | " + parents.stream().map(VarUse::name)
                        .collect(Collectors.joining(", ")),
                tabulate.axes().stream().map(VarUse::name).collect(Collectors.joining(", ")));
    }

    /** {@code Tabulation.table(...)}: the site's table; {@code learns} when it is the first to tell its domain size. */
    private static CodeBlock tabulation(PlanStep.Tabulate tabulate, boolean learns) {
        Factor factor = tabulate.factor();
        Variable own = factor.ownUse().variable();
        List<VarUse> parents = tabulate.axes().subList(0, tabulate.axes().size() - 1);
        CodeBlock call = SiteCallWriter.call("model", factor.site(), factor.arguments(), binding -> {
            if (binding instanceof Binding.Enumerated enumerated) {
                int axis = parents.indexOf(enumerated.use());
                if (axis < 0) {
                    return SiteCallWriter.beforeStart(enumerated);
                }
                return CodeBlock.of("parents[$L]", axis);
            }
            if (binding instanceof Binding.Global global) {
                return SiteCallWriter.global(global);
            }
            throw new IllegalStateException("site '" + factor.name() + "' tabulated with an unsupported parameter "
                    + binding.parameter().parameterName());
        });
        String names = parents.stream().map(use -> "\"" + parameterName(factor, use) + "\"").collect(Collectors.joining(", "));
        String sizes = parents.stream().map(use -> size(use.variable())).collect(Collectors.joining(", "));
        String fixed = factor.arguments().stream()
                .filter(b -> b instanceof Binding.Enumerated e && !parents.contains(e.use()))
                .map(b -> b.parameter().parameterName() + " = " + SiteCallWriter.beforeStart((Binding.Enumerated) b))
                .collect(Collectors.joining(", "));
        CodeBlock site = fixed.isEmpty() ? CodeBlock.of("$S", factor.name())
                : CodeBlock.of("$S, $S", factor.name(), fixed);
        return CodeBlock.of("$T.table($L, new String[] {$L}, new int[] {$L}, parents -> $L, $L)",
                RuntimeNames.TABULATION, site, names, sizes, call, learns ? "-1" : size(own));
    }

    /** The name of the parameter that reads {@code use}, for messages ("previous = 2"). */
    static String parameterName(Factor factor, VarUse use) {
        for (Binding binding : factor.arguments()) {
            if (binding instanceof Binding.Enumerated enumerated && enumerated.use().equals(use)) {
                return binding.parameter().parameterName();
            }
        }
        return use.name();
    }

    /** The local holding a variable's domain size, e.g. {@code xSize}. */
    static String size(Variable variable) {
        return Names.local(variable.name()) + "Size";
    }

    /** The local holding a table's handle in the elimination. */
    static String handle(TableRef table) {
        return Names.local(table.name());
    }

    private static CodeBlock handles(List<TableRef> tables) {
        return CodeBlock.of("$L", tables.stream().map(t -> ", " + handle(t)).collect(Collectors.joining()));
    }

    private static String names(List<TableRef> tables) {
        return tables.stream().map(TableRef::name).collect(Collectors.joining(", "));
    }
}
