package dev.trellis.processor.check;

import dev.trellis.processor.ir.SourceRef;

/**
 * Every compile error Trellis reports, in one place, each with a stable id so that documentation,
 * tests and users' searches can refer to it. Messages say what is wrong and how to fix it.
 */
public final class Messages {
    private Messages() {}

    public static Diagnostic modelNotAClass(SourceRef at) {
        return new Diagnostic("TRELLIS-001", "@Model must be placed on a class (not an interface, enum, record or annotation)", at);
    }

    public static Diagnostic modelNotAccessible(SourceRef at, String why) {
        return new Diagnostic("TRELLIS-002", "@Model class " + why
                + "; the generated inference class lives in the same package and must be able to use it", at);
    }

    public static Diagnostic noSites(SourceRef at, String model) {
        return new Diagnostic("TRELLIS-003", "@Model class " + model
                + " declares no @Sample method; add one method per random variable", at);
    }

    public static Diagnostic sampleMethodModifier(SourceRef at, String method, String modifier) {
        return new Diagnostic("TRELLIS-004", "@Sample method " + method + " must not be " + modifier
                + "; the generated inference class calls it on the model instance", at);
    }

    public static Diagnostic notADistribution(SourceRef at, String method, String returned) {
        return new Diagnostic("TRELLIS-005", "@Sample method " + method + " returns " + returned
                + ", which is not a distribution; return a dev.trellis.runtime.distributions.Distribution such as Categorical", at);
    }

    public static Diagnostic runtimeMissing(SourceRef at) {
        return new Diagnostic("TRELLIS-006", "the Trellis runtime (dev.trellis.runtime.distributions.Distribution) is not on the "
                + "compile classpath; add the trellis-runtime dependency", at);
    }

    public static Diagnostic duplicateSite(SourceRef at, String site) {
        return new Diagnostic("TRELLIS-007", "site '" + site + "' is declared more than once; give each @Sample method its own "
                + "name (or @Sample(name = ...))", at);
    }

    public static Diagnostic unknownSite(SourceRef at, String parameter, String site, String suggestion) {
        return new Diagnostic("TRELLIS-008", "parameter '" + parameter + "' depends on site '" + site
                + "', but the model has no such @Sample method" + suggestion
                + "; rename the parameter or name the site with @Site(\"...\")", at);
    }

    public static Diagnostic conflictingDependencyAnnotations(SourceRef at, String parameter) {
        return new Diagnostic("TRELLIS-009", "parameter '" + parameter
                + "' has both @Site and @Previous; use @Previous(\"site\") to read an earlier step of another site", at);
    }

    public static Diagnostic previousOutsideChain(SourceRef at, String parameter, String site) {
        return new Diagnostic("TRELLIS-010", "parameter '" + parameter + "' reads the previous value of site '" + site
                + "', but '" + site + "' is not inside a @Markov plate; declare a chain with @Markov(over = \"...\")", at);
    }

    public static Diagnostic previousFromOtherPlate(SourceRef at, String parameter, String reader, String site,
            String plate) {
        return new Diagnostic("TRELLIS-011", "parameter '" + parameter + "' of '" + reader + "' reads an earlier step of '"
                + site + "' along plate '" + plate + "', but '" + reader + "' is not inside plate '" + plate + "'", at);
    }

    public static Diagnostic lagOutOfRange(SourceRef at, String parameter, int lag, String plate, int history) {
        return new Diagnostic("TRELLIS-012", "parameter '" + parameter + "' asks for lag " + lag + ", but the chain over '"
                + plate + "' keeps history " + history + "; use a lag from 1 to " + history
                + " or raise @Markov(history = ...)", at);
    }

    /**
     * A {@code @Previous} lag below 1. {@code plate} is the Markov plate of the site read, or null when that site is
     * no chain (then TRELLIS-010 says so as well).
     */
    public static Diagnostic lagBelowOne(SourceRef at, String parameter, int lag, String site, String plate,
            int history) {
        String along = plate == null ? "" : " along plate '" + plate + "' (history " + history + ")";
        String range = plate == null ? "at least 1" : history == 1 ? "of 1" : "from 1 to " + history;
        return new Diagnostic("TRELLIS-012", "parameter '" + parameter + "' asks for lag " + lag + " of '" + site
                + "'" + along + ", but @Previous reads an earlier step: use a lag " + range
                + " (or read the current value without @Previous)", at);
    }

    public static Diagnostic badHistory(SourceRef at, int history) {
        return new Diagnostic("TRELLIS-013", "@Markov history must be at least 1, not " + history, at);
    }

    public static Diagnostic enumerateObserved(SourceRef at, String site) {
        return new Diagnostic("TRELLIS-014", "site '" + site + "' is both @Observed and @Enumerate; "
                + "only latent sites are enumerated, remove one of the two", at);
    }

    public static Diagnostic enumerateNotFinite(SourceRef at, String site, String distribution) {
        return new Diagnostic("TRELLIS-015", "site '" + site + "' is @Enumerate but " + distribution
                + " has no finite support to sum over; enumerate only discrete sites such as Categorical", at);
    }

    public static Diagnostic structureWithoutSample(SourceRef at, String method, String annotation) {
        return new Diagnostic("TRELLIS-016", "method " + method + " has @" + annotation
                + " but no @Sample; add @Sample to make it a site", at);
    }

    public static Diagnostic wrongParameterType(SourceRef at, String parameter, String found, String expected, String why) {
        return new Diagnostic("TRELLIS-017", "parameter '" + parameter + "' is declared " + found + " but must be "
                + expected + ": " + why, at);
    }

    public static Diagnostic badInitial(SourceRef at, String parameter, String why) {
        return new Diagnostic("TRELLIS-018", "parameter '" + parameter + "': @Previous(initial = ...) " + why, at);
    }

    public static Diagnostic dependencyCycle(SourceRef at, String cycle) {
        return new Diagnostic("TRELLIS-019", "sites depend on each other's current values in a cycle: " + cycle
                + "; break it, or read an earlier step with @Previous", at);
    }

    public static Diagnostic conflictingPlateOrder(SourceRef at, String site, String outer, String inner, String other) {
        return new Diagnostic("TRELLIS-020", "site '" + site + "' nests plate '" + inner + "' inside '" + outer
                + "', but site '" + other + "' nests them the other way round; list plates outermost first, "
                + "the same way everywhere", at);
    }

    public static Diagnostic dependencyOutsidePlate(SourceRef at, String parameter, String reader, String site,
            String plate) {
        return new Diagnostic("TRELLIS-021", "parameter '" + parameter + "' of '" + reader + "' depends on '" + site
                + "', which is replicated over plate '" + plate + "', but '" + reader + "' is not in that plate; "
                + "add \"" + plate + "\" to the @Plate of '" + reader + "'", at);
    }

    public static Diagnostic chainPlateNotInnermost(SourceRef at, String site, String plate) {
        return new Diagnostic("TRELLIS-022", "site '" + site + "' is a chain over '" + plate
                + "', so '" + plate + "' must be its innermost plate; move it last in @Plate or leave it out", at);
    }

    public static Diagnostic duplicatePlate(SourceRef at, String site, String plate) {
        return new Diagnostic("TRELLIS-023", "site '" + site + "' lists plate '" + plate + "' twice", at);
    }

    public static Diagnostic reservedName(SourceRef at, String site) {
        return new Diagnostic("TRELLIS-024", "site name '" + site + "' is used by the generated inference API; "
                + "rename the method or set @Sample(name = ...)", at);
    }

    /** A name the generated code cannot use, and why: a method of every record, or a Java keyword. */
    public static Diagnostic unusableName(SourceRef at, String what, String name, String why) {
        return new Diagnostic("TRELLIS-024", what + " name '" + name + "' cannot be used: " + why
                + "; rename the method or set the annotation's name = ...", at);
    }

    public static Diagnostic plateNamedLikeSite(SourceRef at, String plate, String site, String other) {
        return new Diagnostic("TRELLIS-026", "site '" + site + "' lists plate '" + plate + "', which is also the name of "
                + other + "; plates, sites and parameters share one namespace (the generated API names plate sizes "
                + "and site values alike), rename the plate", at);
    }

    public static Diagnostic guideSamplesEnumerated(SourceRef at, String site, String model) {
        return new Diagnostic("TRELLIS-046", "guide site '" + site + "' samples '" + site + "', which is @Enumerate "
                + "in model " + model + ": enumerated sites are summed out exactly, so no guide draws them; remove "
                + "this method from the guide", at);
    }

    public static Diagnostic selfDependency(SourceRef at, String parameter, String site) {
        return new Diagnostic("TRELLIS-025", "parameter '" + parameter + "' reads the current value of site '" + site
                + "' itself; a site cannot depend on its own value — use @Previous for an earlier step", at);
    }

    public static Diagnostic paramAndSample(SourceRef at, String method) {
        return new Diagnostic("TRELLIS-030", "method " + method + " has both @Param and @Sample; a method is either a "
                + "learned parameter (returning its initial Tensor) or a site (returning a distribution)", at);
    }

    public static Diagnostic paramMethodShape(SourceRef at, String method, String why) {
        return new Diagnostic("TRELLIS-031", "@Param method " + method + " " + why
                + "; the generated program calls it for the parameter's initial value", at);
    }

    public static Diagnostic badConstraint(SourceRef at, String param, String spec, String why) {
        return new Diagnostic("TRELLIS-032", "@Param '" + param + "' has constraint \"" + spec + "\", which " + why
                + "; use real, positive, unit_interval, simplex, lower_cholesky, greater_than(x) or interval(a, b)", at);
    }

    public static Diagnostic nameClash(SourceRef at, String name, String other) {
        return new Diagnostic("TRELLIS-033", "the name '" + name + "' is used by both " + other
                + "; sites and parameters share one namespace, rename one of them", at);
    }

    public static Diagnostic paramPlateUnknown(SourceRef at, String param, String plate) {
        return new Diagnostic("TRELLIS-035", "@Param '" + param + "' is in plate '" + plate + "', which no site uses; "
                + "a plate-local parameter belongs to a plate of the model's sites", at);
    }

    public static Diagnostic plateParameterOutsidePlate(SourceRef at, String parameter, String plate, String site) {
        return new Diagnostic("TRELLIS-036", "parameter '" + parameter + "' asks for plate '" + plate + "', but site '"
                + site + "' is not in that plate; a site may read the plates it is in (to index its own data by the "
                + "plate's members)", at);
    }

    public static Diagnostic guideOfNonModel(SourceRef at, String target) {
        return new Diagnostic("TRELLIS-040", "@Guide(" + target + ") names a class that is not a @Model; a guide "
                + "approximates the posterior of a @Model class", at);
    }

    public static Diagnostic guideMissesSite(SourceRef at, String guide, String site, String model) {
        return new Diagnostic("TRELLIS-041", "guide " + guide + " does not sample site '" + site + "', which is latent "
                + "in model " + model + "; add a @Sample method for it (a guide covers every latent site that is not "
                + "@Enumerate'd)", at);
    }

    public static Diagnostic guideExtraSite(SourceRef at, String site, String model, String why) {
        return new Diagnostic("TRELLIS-042", "guide site '" + site + "' " + why + " in model " + model
                + "; a guide samples exactly the model's latent, non-enumerated sites", at);
    }

    public static Diagnostic guideSupportMismatch(SourceRef at, String site, String guideDistribution,
            String guideSupport, String modelDistribution, String modelSupport) {
        return new Diagnostic("TRELLIS-043", "guide site '" + site + "' returns " + guideDistribution
                + " (support: " + guideSupport + ") but the model's '" + site + "' is " + modelDistribution
                + " (support: " + modelSupport + "); the guide must propose values the model can take, so choose a "
                + "distribution with the same support", at);
    }

    public static Diagnostic guidePlatesMismatch(SourceRef at, String site, String guidePlates, String modelPlates) {
        return new Diagnostic("TRELLIS-044", "guide site '" + site + "' is in plates " + guidePlates
                + " but the model's '" + site + "' is in " + modelPlates + "; use the model's plates", at);
    }

    public static Diagnostic guideSiteStructure(SourceRef at, String site, String annotation) {
        return new Diagnostic("TRELLIS-045", "guide site '" + site + "' has @" + annotation + "; guide sites are "
                + "latent draws: observations, enumeration and chains belong to the model", at);
    }

    public static Diagnostic factorTooLarge(SourceRef at, java.util.List<String> variables, int limit) {
        return new Diagnostic("TRELLIS-050", "eliminating this model's enumerated sites builds a factor over "
                + variables.size() + " variables " + variables + ", more than the limit of " + limit
                + " (processor option -Atrellis.maxFactorVariables); its table grows as the product of their numbers "
                + "of states: raise the limit, or give the chains fewer states or less history", at);
    }

    public static Diagnostic notYetSupported(SourceRef at, String what) {
        return new Diagnostic("TRELLIS-090", "Trellis cannot plan inference for this model yet: " + what, at);
    }

    public static Diagnostic crossingPlates(SourceRef at, String site, String plate, String parent, String other,
            String otherParent) {
        return new Diagnostic("TRELLIS-091", "site '" + site + "' puts plate '" + plate + "' " + inside(parent)
                + ", but site '" + other + "' puts it " + inside(otherParent) + "; exact elimination needs the plates "
                + "to form a tree (crossing plates are not supported): list the same enclosing plates before '" + plate
                + "' on every site, or give the two uses different plate names", at);
    }

    private static String inside(String parent) {
        return parent == null ? "in no other plate" : "inside '" + parent + "'";
    }

    public static Diagnostic laggedReadInNestedPlate(SourceRef at, String parameter, String site, String read, int lag,
            String markov, String nested, String nestedSite) {
        return new Diagnostic("TRELLIS-092", "parameter '" + parameter + "' of site '" + site + "' reads '" + read
                + "' " + lag + (lag == 1 ? " step" : " steps") + " earlier along the Markov plate '" + markov
                + "', but '" + nestedSite + "' lives in plate '" + nested + "', nested inside '" + markov + "': a "
                + "chain of its own along the outer plate, which exact elimination does not support; move '"
                + nestedSite + "' into plate '" + markov + "' itself (one value per step), or read earlier values "
                + "only between sites that live directly in '" + markov + "'", at);
    }

    public static Diagnostic latentInEnumeratedPlate(SourceRef at, String site, String plate,
            java.util.List<String> holders) {
        return new Diagnostic("TRELLIS-093", "latent site '" + site + "' is neither @Enumerate nor @Observed (a guide "
                + "draws it) but sits in plate '" + plate + "', which holds the enumerated or observed sites "
                + holders + "; in a model with @Enumerate sites such a site must be global, continuous latent sites "
                + "inside those plates are not supported yet (issue 11): move it out of the plate (one value for all "
                + "members, or a plate of its own such as a mixture's components), or @Enumerate it if it is discrete",
                at);
    }

    public static Diagnostic nonEnumeratedChain(SourceRef at, String site, boolean observed, String plate) {
        String fix = observed
                ? "an observed site needs no @Markov: put it in @Plate(\"" + plate + "\") and read its earlier "
                        + "values with @Previous"
                : "@Enumerate it if it is discrete, or remove @Markov";
        return new Diagnostic("TRELLIS-094", "site '" + site + "' is a @Markov chain but not @Enumerate; in a model "
                + "with @Enumerate sites only enumerated sites can be chains (continuous chains are not supported "
                + "yet, issue 11); " + fix, at);
    }

    public static Diagnostic latentReadsEnumerated(SourceRef at, String parameter, String site, String enumerated) {
        return new Diagnostic("TRELLIS-095", "parameter '" + parameter + "' of site '" + site + "' reads enumerated "
                + "site '" + enumerated + "', but '" + site + "' is latent and not enumerated (a guide draws it), so "
                + "its density would depend on a summed-out value, which is not supported yet (issue 11): @Enumerate '"
                + site + "' too if it is discrete, or let it not depend on '" + enumerated + "'", at);
    }

    public static Diagnostic enumeratedReadsData(SourceRef at, String parameter, String site, String observed) {
        return new Diagnostic("TRELLIS-096", "parameter '" + parameter + "' of enumerated site '" + site
                + "' reads observed site '" + observed + "'; an enumerated site is tabulated once per call for all "
                + "its instances, so its distribution cannot depend on data: let the observation depend on '"
                + site + "' instead, or read a global input", at);
    }

    public static Diagnostic internalError(SourceRef at, Throwable error) {
        var trace = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(trace));
        return new Diagnostic("TRELLIS-099", "internal error in the Trellis processor; please file a bug with this trace:\n"
                + trace, at);
    }

    // Networks, computed values, scales and continuous chains in programs trained by SVI (issue 11).

    public static Diagnostic networkMethodShape(SourceRef at, String method, String why) {
        return new Diagnostic("TRELLIS-060", "@Network method " + method + " " + why + "; the generated program calls "
                + "it once for the network (a dev.trellis.runtime.nn.Module) that it registers with pyro.module on "
                + "every run", at);
    }

    public static Diagnostic duplicateNetwork(SourceRef at, String name, String firstMethod) {
        return new Diagnostic("TRELLIS-061", "two @Network methods are named '" + name + "' (" + firstMethod
                + " and this one); a network's name is its key in the parameter store (" + name + "$$$...): give each "
                + "its own name with @Network(name = ...), or return the module from one method", at);
    }

    public static Diagnostic unknownNetwork(SourceRef at, String parameter, String type, String name,
            java.util.List<String> known) {
        String fix = known.isEmpty()
                ? "; declare it with a @Network method that returns the module"
                : " (its networks: " + known + "); name the parameter after one of them or use @Site(\"...\")";
        return new Diagnostic("TRELLIS-062", "parameter '" + parameter + "' of type " + type + " reads network '"
                + name + "', but the class declares no @Network named '" + name + "'" + fix, at);
    }

    public static Diagnostic computedMethodShape(SourceRef at, String method, String why) {
        return new Diagnostic("TRELLIS-063", "@Computed method " + method + " " + why + "; the generated program "
                + "calls it once per run and sites read the Tensor it returns", at);
    }

    public static Diagnostic computedReadsSite(SourceRef at, String computed, String parameter, String what) {
        return new Diagnostic("TRELLIS-064", "parameter '" + parameter + "' of @Computed '" + computed + "' reads "
                + what + "; a computed value is evaluated once per run before any site is drawn, so it reads "
                + "observed data, @Params, @Networks and plates only", at);
    }

    public static Diagnostic scaleInGuide(SourceRef at, String site, String model) {
        return new Diagnostic("TRELLIS-065", "guide site '" + site + "' has @Scale; declare the factor on site '"
                + site + "' of model " + model + " instead: the guide's draw of a site takes the model's factor (the "
                + "guide program reads it from the model program), so that both of the site's ELBO terms are scaled "
                + "alike", at);
    }

    public static Diagnostic emptyScale(SourceRef at, String site) {
        return new Diagnostic("TRELLIS-066", "@Scale on site '" + site + "' names no factor; name it, e.g. "
                + "@Scale(\"annealing\"), and set it with setScale on the generated program", at);
    }

    public static Diagnostic notInEnumeratedModel(SourceRef at, String annotation, String element) {
        return new Diagnostic("TRELLIS-067", "@" + annotation + " on " + element + ": computed values and scales are "
                + "for models without @Enumerate sites (programs SVI trains with a guide); in a model that enumerates "
                + "sites they are not supported yet (a @Network is: its parameters are a global input of the "
                + "elimination)", at);
    }

    public static Diagnostic markovPlateNesting(SourceRef at, String site, String plate, String outer, String other,
            String otherOuter) {
        return new Diagnostic("TRELLIS-068", "site '" + site + "' runs along Markov plate '" + plate + "' inside "
                + outer + ", but '" + other + "' runs along it inside " + otherOuter + "; every site and computed "
                + "value of a Markov plate must list the same plates around it (each step is one batch over their "
                + "members)", at);
    }

    public static Diagnostic markovPlateNotYet(SourceRef at, String what) {
        return new Diagnostic("TRELLIS-069", "Trellis cannot generate this program yet: " + what, at);
    }

    public static Diagnostic markovPlateMisuse(SourceRef at, String what, String plate) {
        return new Diagnostic("TRELLIS-070", what + ", but '" + plate + "' is a Markov plate: its steps run one after "
                + "another, each a site of its own (z_1, z_2, ...), not a batch dimension; read the step's values "
                + "instead, or use a plate that is not a chain's", at);
    }

    public static Diagnostic guideChainMismatch(SourceRef at, String site, String plate, String model) {
        return new Diagnostic("TRELLIS-071", "guide site '" + site + "' is a @Markov chain over '" + plate + "', but '"
                + plate + "' is not a @Markov plate of model " + model + "; a guide's chains run along its model's "
                + "chains (make the model's site a chain over '" + plate + "', or drop @Markov here)", at);
    }

    public static Diagnostic computedPlateUnknown(SourceRef at, String computed, String plate) {
        return new Diagnostic("TRELLIS-072", "@Computed '" + computed + "' is in plate '" + plate + "', which no site "
                + "of the model uses; a computed value's plates are plates of the model's sites", at);
    }
}
