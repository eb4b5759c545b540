package dev.trellis.processor.codegen;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.graph.GlobalInput;
import dev.trellis.processor.graph.Plate;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.Variable;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.SourceRef;
import dev.trellis.processor.plan.EliminationPlan;
import dev.trellis.processor.plan.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The identifiers a generated inference class and program declare for themselves, so that a site, parameter or plate
 * whose name would shadow one of them is a compile error on its declaration (TRELLIS-024) rather than generated code
 * that does not compile. Site names become locals, fields and record components of the generated code; plate names
 * become size parameters of {@code simulate}.
 */
public final class GeneratedNames {
    /** Locals, parameters and lambda parameters every generated class may declare. */
    private static final Set<String> FIXED = Set.of("model", "data", "query", "rng", "gradient", "elimination",
            "parents", "variant", "values", "observed", "previous", "instances", "globals", "context", "layout");

    private GeneratedNames() {}

    /** {@return one TRELLIS-024 per site, parameter or plate whose name the generated code uses for its own} */
    public static List<Diagnostic> clashes(EliminationPlan plan) {
        PlatedFactorGraph graph = plan.graph();
        ModelDeclaration model = graph.model();
        Set<String> generated = new LinkedHashSet<>(FIXED);
        for (Plate plate : graph.plates().plates()) {
            String name = Names.local(plate.name());
            generated.addAll(List.of(name + "Index", name + "Where", name + "Plate", name + "Scale", name + "Size"));
        }
        for (Variable variable : graph.variables()) {
            generated.add(EliminationWriter.size(variable));
        }
        for (TableRef table : plan.tables()) {
            String handle = EliminationWriter.handle(table);
            generated.addAll(List.of(handle, handle + "Rows", handle + "Parents", handle + "LogProbs"));
        }
        for (SiteDeclaration site : model.sites()) {
            generated.add(Names.local(site.name()) + "Data");
        }
        Set<String> plates = new LinkedHashSet<>();
        graph.plates().plates().forEach(plate -> plates.add(Names.local(plate.name())));
        List<Diagnostic> problems = new ArrayList<>();
        for (SiteDeclaration site : model.sites()) {
            check(site.name(), site.source(), generated, plates, problems);
        }
        for (GlobalInput global : graph.globals()) {
            if (global.kind() != GlobalInput.Kind.LATENT_SITE) {   // latent sites were checked as sites
                check(global.name(), global.source(), generated, plates, problems);
            }
        }
        checkConstants(plan, problems);
        return problems;
    }

    /**
     * Sites name static constants too (a variable's {@code VAR_X}, its axes {@code X} and {@code X_LAG1}, an
     * observation's {@code Y_LEVELS}); none may be one the class declares for itself ({@code LAYOUT}, {@code COST}, a
     * plate's or a scan's) or another site's: "cost" would redeclare {@code COST}, "x_lag1" the axis of x one step
     * back.
     */
    private static void checkConstants(EliminationPlan plan, List<Diagnostic> problems) {
        PlatedFactorGraph graph = plan.graph();
        Set<String> taken = new java.util.HashSet<>(Set.of(PlanConstants.LAYOUT, "COST"));
        graph.plates().plates().forEach(plate -> taken.add(PlanConstants.plateName(plate.name())));
        plan.steps().stream().filter(dev.trellis.processor.plan.PlanStep.Scan.class::isInstance)
                .map(dev.trellis.processor.plan.PlanStep.Scan.class::cast)
                .forEach(scan -> taken.add(PlanConstants.scan(scan)));
        for (SiteDeclaration site : graph.model().sites()) {
            List<String> constants = new ArrayList<>();
            if (graph.variables().stream().anyMatch(v -> v.name().equals(site.name()))) {
                Variable variable = graph.variable(site.name());
                constants.add(PlanConstants.variable(variable));
                graph.uses().stream().filter(u -> u.variable().equals(variable))
                        .forEach(u -> constants.add(PlanConstants.use(u)));
            }
            if (site.observed()) {
                constants.add(InferenceGenerator.levelsConstant(site));
            }
            if (constants.stream().anyMatch(taken::contains)) {
                problems.add(Messages.reservedName(site.source(), site.name()));
            }
            taken.addAll(constants);
        }
    }

    private static void check(String name, SourceRef source, Set<String> generated, Set<String> plates,
                              List<Diagnostic> problems) {
        String local = Names.local(name);
        if (generated.contains(local) || plates.contains(local)) {
            problems.add(Messages.reservedName(source, name));
        }
    }
}
