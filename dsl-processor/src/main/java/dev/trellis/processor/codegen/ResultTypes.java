package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.plan.ChainPlan;
import javax.lang.model.element.Modifier;

/**
 * The records the generated queries return, one component per site, named after the site, so that
 * results read as the model does: {@code viterbi(activity).weather()}.
 */
final class ResultTypes {
    private ResultTypes() {}

    static ClassName marginalsName(ClassName inference) {
        return inference.nestedClass("Marginals");
    }

    static ClassName mapAssignmentName(ClassName inference) {
        return inference.nestedClass("MapAssignment");
    }

    static ClassName assignmentName(ClassName inference) {
        return inference.nestedClass("Assignment");
    }

    static ClassName simulationName(ClassName inference) {
        return inference.nestedClass("Simulation");
    }

    static TypeSpec marginals(ChainPlan plan) {
        String chain = plan.chain().name();
        return record("Marginals", MethodSpec.constructorBuilder().addParameter(double[][].class, chain).build())
                .addJavadoc("Posterior marginals: {@code $L()[step][value]} is the probability that {@code $L} takes\n"
                        + "{@code value} at that step of plate {@code $L}, given all the observations.\n",
                        chain, chain, plan.plate())
                .build();
    }

    static TypeSpec mapAssignment(ChainPlan plan) {
        String chain = plan.chain().name();
        return record("MapAssignment", MethodSpec.constructorBuilder()
                        .addParameter(int[].class, chain)
                        .addParameter(double.class, "logJoint")
                        .build())
                .addJavadoc("The most probable assignment of the enumerated sites: {@code $L()[step]} at each step, and\n"
                        + "{@code logJoint()}, the log joint probability of that assignment and the observations.\n", chain)
                .build();
    }

    static TypeSpec assignment(ChainPlan plan) {
        String chain = plan.chain().name();
        return record("Assignment", MethodSpec.constructorBuilder().addParameter(int[].class, chain).build())
                .addJavadoc("One value of every enumerated site: {@code $L()[step]} at each step.\n", chain)
                .build();
    }

    static TypeSpec simulation(ChainPlan plan) {
        MethodSpec.Builder components = MethodSpec.constructorBuilder().addParameter(int[].class, plan.chain().name());
        plan.observations().forEach(o -> components.addParameter(int[].class, o.site().name()));
        return record("Simulation", components.build())
                .addJavadoc("A draw from the model: the value of every site at each step of plate {@code $L}.\n", plan.plate())
                .build();
    }

    private static TypeSpec.Builder record(String name, MethodSpec components) {
        return TypeSpec.recordBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .recordConstructor(components);
    }
}
