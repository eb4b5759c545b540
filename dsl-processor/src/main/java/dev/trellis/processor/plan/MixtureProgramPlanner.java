package dev.trellis.processor.plan;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.Messages;
import dev.trellis.processor.ir.Dependency;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.SiteDeclaration;
import dev.trellis.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans an enumerated model without a chain (a mixture) that SVI trains: global latent sites (in no plate, or in plates
 * of their own such as mixture components), one {@code @Enumerate} site in one data plate reading only globals, and
 * observed sites in the same plate reading its value (an int) and globals. Every other shape is reported, on the
 * element that makes it, as not supported yet (TRELLIS-090), so that the general plated elimination can take it over
 * later without users' models changing.
 */
public final class MixtureProgramPlanner {

    private MixtureProgramPlanner() {}

    /** The outcome: a plan, or the reasons there is none. */
    public record Result(Optional<MixtureProgramPlan> plan, List<Diagnostic> problems) {}

    /** Whether {@code model} is for this planner: it enumerates sites, and no site is a {@code @Markov} chain. */
    public static boolean applies(ModelDeclaration model) {
        return model.usesEnumeration() && model.sites().stream().allMatch(site -> site.chain().isEmpty());
    }

    public static Result plan(ModelDeclaration model) {
        List<Diagnostic> problems = new ArrayList<>();
        List<SiteDeclaration> enumerated = model.sites().stream().filter(SiteDeclaration::enumerated).toList();
        for (SiteDeclaration extra : enumerated.subList(1, enumerated.size())) {
            problems.add(Messages.notYetSupported(extra.source(), "site '" + extra.name() + "' is a second @Enumerate "
                    + "site besides '" + enumerated.get(0).name() + "'; so far a model without a chain sums out one "
                    + "enumerated site"));
        }
        SiteDeclaration assignment = enumerated.get(0);
        if (assignment.plates().size() != 1) {
            problems.add(Messages.notYetSupported(assignment.source(), "enumerated site '" + assignment.name()
                    + "' is in plates " + assignment.plates() + "; so far a mixture's enumerated site is drawn once "
                    + "per member of exactly one data plate, e.g. @Plate(\"data\")"));
            return new Result(Optional.empty(), problems);
        }
        String data = assignment.plates().get(0);
        Set<String> globals = new LinkedHashSet<>();
        for (SiteDeclaration site : model.sites()) {
            if (site.isLatent() && !site.enumerated()) {
                if (site.plates().contains(data)) {
                    problems.add(Messages.notYetSupported(site.source(), "latent site '" + site.name() + "' is in the "
                            + "data plate '" + data + "' but not enumerated; so far a mixture's data plate holds the "
                            + "enumerated site and observed sites, and every other latent site is global"));
                } else {
                    globals.add(site.name());
                }
            }
        }
        for (SiteDeclaration site : model.sites()) {
            if (globals.contains(site.name())) {
                checkReads(model, site, globals, null, "a global site reads other global sites (as Tensors)", problems);
            }
        }
        checkReads(model, assignment, globals, null, "a mixture's enumerated site reads only global sites (as "
                + "Tensors), so that one distribution serves every member of '" + data + "'", problems);
        List<SiteDeclaration> observed = model.sites().stream().filter(SiteDeclaration::observed).toList();
        for (SiteDeclaration site : observed) {
            if (!site.plates().equals(List.of(data))) {
                problems.add(Messages.notYetSupported(site.source(), "observed site '" + site.name() + "' is in plates "
                        + site.plates() + "; so far the observed sites of a mixture are in its data plate [" + data
                        + "] alone"));
            }
            checkReads(model, site, globals, assignment, "an observed site of a mixture reads the value of '"
                    + assignment.name() + "' (an int) and global sites (as Tensors)", problems);
        }
        if (observed.isEmpty()) {
            problems.add(Messages.notYetSupported(assignment.source(), "no site is @Observed; a mixture's enumerated "
                    + "site is summed out against observed sites in plate '" + data + "'"));
        }
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        List<SiteDeclaration> globalSites = topological(model, globals);
        PlateLayout layout = PlateLayout.of(new ModelDeclaration(model.packageName(), model.simpleNames(),
                globalSites, List.of(), model.source()));
        return new Result(Optional.of(new MixtureProgramPlan(model, globalSites, layout, assignment, data, observed)),
                List.of());
    }

    /** Each dependency of {@code site} is a global (a Tensor) or, when {@code enumerated} is given, its value (an int). */
    private static void checkReads(ModelDeclaration model, SiteDeclaration site, Set<String> globals,
            SiteDeclaration enumerated, String rule, List<Diagnostic> problems) {
        boolean readEnumerated = false;
        for (Dependency d : site.dependencies()) {
            boolean global = !d.isPrevious() && d.type() == ValueType.TENSOR && globals.contains(d.site());
            boolean value = enumerated != null && !readEnumerated && !d.isPrevious() && d.type() == ValueType.INT
                    && d.site().equals(enumerated.name());
            readEnumerated |= value;
            if (!global && !value) {
                problems.add(Messages.notYetSupported(d.source(), "site '" + site.name() + "' reads '"
                        + d.parameterName() + "' (" + d.typeName() + (d.site().equals(d.parameterName()) ? ""
                        : ", site '" + d.site() + "'") + "); so far " + rule));
            }
        }
    }

    /** The globals, each after the globals it reads, otherwise in declaration order. */
    private static List<SiteDeclaration> topological(ModelDeclaration model, Set<String> globals) {
        List<SiteDeclaration> remaining = new ArrayList<>(model.sites().stream()
                .filter(s -> globals.contains(s.name())).toList());
        List<SiteDeclaration> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (!remaining.isEmpty()) {
            SiteDeclaration next = remaining.stream()
                    .filter(s -> s.dependencies().stream().allMatch(d -> done.contains(d.site())))
                    .findFirst()
                    .orElse(remaining.get(0));   // a cycle was reported by the validator
            order.add(next);
            done.add(next.name());
            remaining.remove(next);
        }
        return order;
    }
}
