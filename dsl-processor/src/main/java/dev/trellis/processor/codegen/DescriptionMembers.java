package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.graph.Variable;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.plan.EliminationPlan;
import dev.trellis.processor.plan.PlanCost;
import dev.trellis.processor.render.ModelGraphDot;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The members of a generated class that describe its model rather than run it: {@code graphDot()}, the model's
 * picture (the resource the processor writes next to the class), and for an elimination its cost, symbolic in
 * {@code COST} and bound to sizes by {@code eliminationCost(...)}, either given or read from one call's data.
 */
final class DescriptionMembers {
    static final ClassName COST_MODEL = ClassName.get(RuntimeNames.ELIMINATION_PACKAGE, "EliminationCostModel");
    static final ClassName COST = ClassName.get(RuntimeNames.ELIMINATION_PACKAGE, "EliminationCost");
    static final ClassName SIZES = ClassName.get(RuntimeNames.ELIMINATION_PACKAGE, "EliminationSizes");
    private static final ClassName RESOURCES = ClassName.get("dev.trellis.runtime.inference", "ModelResources");

    private DescriptionMembers() {}

    /** Adds {@code graphDot()} to the class {@code owner} generated for {@code model}. */
    static void addGraph(TypeSpec.Builder type, ClassName owner, ModelDeclaration model) {
        type.addMethod(MethodSpec.methodBuilder("graphDot")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(String.class)
                .addJavadoc("The model as a Graphviz DOT picture, in the manner of {@code pyro.render_model}: plates as\n"
                        + "clusters with their sizes, observed sites shaded, enumerated sites with a double border,\n"
                        + "dashed edges to earlier steps labelled with the lag. The processor wrote it at compile time\n"
                        + "as the resource {@code $L} next to this class; render it with {@code dot -Tpng}.\n",
                        ModelGraphDot.resourceName(model))
                .addJavadoc("\n@return the DOT text\n")
                .addStatement("return $T.text($T.class, $S)", RESOURCES, owner, ModelGraphDot.resourceName(model))
                .build());
    }

    /**
     * Adds {@code graphDot()}, {@code COST} and the two {@code eliminationCost} methods to an inference class.
     *
     * @param dataQuery a public method with the class's data parameters, named {@code eliminationCost}
     * @param dataJavadoc writes the data parameters' javadoc
     * @param prelude statements every query runs first (binding networks)
     * @param likelihood an expression that runs one likelihood elimination of the method's data: an
     *     {@code Elimination} whose {@code data} local holds the bound data
     */
    static void addTo(TypeSpec.Builder type, ClassName owner, EliminationPlan plan, MethodSpec.Builder dataQuery,
            Consumer<MethodSpec.Builder> dataJavadoc, CodeBlock prelude, CodeBlock bind, CodeBlock likelihood) {
        addGraph(type, owner, plan.graph().model());
        PlanCost cost = plan.cost();
        CodeBlock.Builder model = CodeBlock.builder().add("$T.builder()", COST_MODEL)
                .add("\n        .largestFactor($S, $S, $S)", cost.largest().name(), cost.largest().axes().toString(),
                        cost.largest().size().toString());
        for (PlanCost.Work work : cost.work()) {
            model.add("\n        .work($S, $S, $L, $S)", work.where(), work.per(),
                    work.plate() == null ? "null" : CodeBlock.of("$S", work.plate()), work.cost().toString());
        }
        model.add("\n        .memory($S, $S)", cost.likelihoodMemory().toString(), cost.marginalsMemory().toString())
                .add("\n        .build()");
        type.addField(FieldSpec.builder(COST_MODEL, "COST", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The elimination's cost as the planner counted it (the class javadoc's \"cost\"), symbolic:\n"
                        + "{@code |x|} is site x's number of values, {@code #p} plate p's number of instances.\n")
                .initializer(model.build())
                .build());
        type.addMethod(MethodSpec.methodBuilder("eliminationCost")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(COST)
                .addParameter(SIZES, "sizes")
                .addJavadoc("The elimination's cost at given sizes: the largest factor, the work per step and in all,\n"
                        + "the memory of a likelihood and of the queries that keep marginals.\n\n"
                        + "@param sizes the domain size of each of $L and the instance count of each of $L\n"
                        + "@return the figures, each with the formula it evaluates\n"
                        + "@throws IllegalArgumentException naming a size that {@code sizes} lacks\n",
                        plan.graph().variables().stream().map(Variable::name).collect(Collectors.toList()),
                        cost.plates())
                .addStatement("return COST.bind(sizes)")
                .build());
        dataQuery.addJavadoc("The elimination's cost at the sizes of one call's data: the plates' instances from the\n"
                + "data, each enumerated site's number of values from the model's tables. Runs one likelihood\n"
                + "elimination of the data to learn them (as {@code logLikelihood} does).\n\n");
        dataJavadoc.accept(dataQuery);
        dataQuery.addJavadoc("@return the figures, each with the formula it evaluates\n")
                .addJavadoc("@throws $T naming the site, plate index and value of bad data or of a bad distribution\n",
                        RuntimeNames.SITE_EXCEPTION)
                .addCode(prelude)
                .addStatement("$T data = $L", owner.nestedClass("Data"), bind)
                .addStatement("$T elimination = $L", RuntimeNames.ELIMINATION, likelihood);
        CodeBlock.Builder sizes = CodeBlock.builder().add("$T.NONE", SIZES);
        for (Variable variable : plan.graph().variables()) {
            sizes.add("\n        .domain($S, elimination.domainSize($L))", variable.name(),
                    PlanConstants.variable(variable));
        }
        for (String plate : cost.plates()) {
            sizes.add("\n        .instances($S, data.instances().count($L))", plate, PlanConstants.plateName(plate));
        }
        type.addMethod(dataQuery.addStatement("return COST.bind($L)", sizes.build()).build());
    }
}
