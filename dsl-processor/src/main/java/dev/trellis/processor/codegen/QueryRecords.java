package dev.trellis.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.Variable;
import dev.trellis.processor.ir.SiteDeclaration;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The records the generated queries return, one component per site named after it, so that results read as the model
 * does: {@code viterbi(activity).weather()}. Components are nested arrays with one level per plate of the site,
 * outermost first; a marginal has the site's values last.
 */
final class QueryRecords {
    private final PlatedFactorGraph graph;
    private final ObservedShapes shapes;

    QueryRecords(PlatedFactorGraph graph, ObservedShapes shapes) {
        this.graph = graph;
        this.shapes = shapes;
    }

    static ClassName marginals(ClassName inference) {
        return inference.nestedClass("Marginals");
    }

    static ClassName mapAssignment(ClassName inference) {
        return inference.nestedClass("MapAssignment");
    }

    static ClassName assignment(ClassName inference) {
        return inference.nestedClass("Assignment");
    }

    static ClassName simulation(ClassName inference) {
        return inference.nestedClass("Simulation");
    }

    /** {@return the type of a variable's marginals: {@code double[]} per plate level, and one for its values} */
    TypeName marginalType(Variable variable) {
        return ObservedShapes.arrays(TypeName.DOUBLE, plates(variable).size() + 1);
    }

    /** {@return the type of a variable's assignment: {@code int} nested once per plate level} */
    TypeName assignmentType(Variable variable) {
        return ObservedShapes.arrays(TypeName.INT, plates(variable).size());
    }

    /** {@return the plates of the variable's site, outermost first} */
    List<String> plates(Variable variable) {
        return site(variable).plates();
    }

    SiteDeclaration site(Variable variable) {
        return graph.model().site(variable.name()).orElseThrow();
    }

    List<TypeSpec> records() {
        return List.of(marginalsRecord(), mapAssignmentRecord(), assignmentRecord(), simulationRecord());
    }

    private TypeSpec marginalsRecord() {
        MethodSpec.Builder components = MethodSpec.constructorBuilder();
        graph.variables().forEach(v -> components.addParameter(marginalType(v), Names.local(v.name())));
        return record("Marginals", components.build())
                .addJavadoc("Posterior marginals of the enumerated sites given the observations: for each site, one\n"
                        + "level per plate it is in (outermost first, steps of a chain in order), then its values:\n"
                        + "{@code $L} is the probability that {@code $L} takes {@code value} there.\n",
                        example(graph.variables().get(0)), graph.variables().get(0).name())
                .build();
    }

    private TypeSpec mapAssignmentRecord() {
        MethodSpec.Builder components = MethodSpec.constructorBuilder();
        graph.variables().forEach(v -> components.addParameter(assignmentType(v), Names.local(v.name())));
        components.addParameter(double.class, "logJoint");
        return record("MapAssignment", components.build())
                .addJavadoc("The most probable joint assignment of the enumerated sites given the observations (Pyro's\n"
                        + "{@code infer_discrete} at temperature 0), one level per plate of each site, and\n"
                        + "{@code logJoint()}: the log joint probability of that assignment and the observations.\n")
                .build();
    }

    private TypeSpec assignmentRecord() {
        MethodSpec.Builder components = MethodSpec.constructorBuilder();
        graph.variables().forEach(v -> components.addParameter(assignmentType(v), Names.local(v.name())));
        return record("Assignment", components.build())
                .addJavadoc("One value of every enumerated site at every plate member and step.\n")
                .build();
    }

    private TypeSpec simulationRecord() {
        MethodSpec.Builder components = MethodSpec.constructorBuilder();
        for (Factor factor : graph.factors()) {
            SiteDeclaration site = factor.site();
            components.addParameter(factor.kind() == Factor.Kind.TABLE
                    ? assignmentType(graph.variable(site.name())) : shapes.simulationType(site),
                    Names.local(site.name()));
        }
        return record("Simulation", components.build())
                .addJavadoc("A draw of every enumerated and observed site from the model, one level per plate of each\n"
                        + "site (then the draw's event dimensions).\n")
                .build();
    }

    private String example(Variable variable) {
        StringBuilder text = new StringBuilder(variable.name()).append("()");
        for (String plate : plates(variable)) {
            text.append('[').append(plate).append(']');
        }
        return text.append("[value]").toString();
    }

    private static TypeSpec.Builder record(String name, MethodSpec components) {
        return TypeSpec.recordBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .recordConstructor(components);
    }
}
