package dev.trellis.processor.graph;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.check.Diagnostic;
import dev.trellis.processor.check.ModelValidator;
import dev.trellis.processor.ir.ModelDeclaration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What exact plated elimination refuses (design note §2, §9), each reported with its id, on the offending element,
 * with a message that says what is wrong and how to restructure the model.
 */
class GraphRefusalsTest {

    /** The builder's findings for a model the validator accepts. */
    private static List<Diagnostic> refusals(ModelDeclaration model) {
        assertEquals(List.of(), ModelValidator.validate(model), "the validator must accept the model");
        PlatedFactorGraphBuilder.Result result = PlatedFactorGraphBuilder.build(model);
        assertTrue(result.graph().isEmpty() || result.problems().isEmpty());
        return result.problems();
    }

    private static Diagnostic only(List<Diagnostic> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void plates_nested_under_different_parents_cross_and_are_refused_on_the_second_site() {
        Diagnostic d = only(refusals(model("Crossing")
                .site("u", "Categorical").enumerate().plates("users")
                .site("v", "Categorical").enumerate().plates("items")
                .site("r", "Normal").observe().plates("users", "ratings").reads("u")
                .site("s", "Normal").observe().plates("items", "ratings").reads("v")
                .build()));
        assertEquals("TRELLIS-091", d.id());
        assertEquals("s()", d.source().handle());
        assertEquals("site 's' puts plate 'ratings' inside 'items', but site 'r' puts it inside 'users'; exact "
                + "elimination needs the plates to form a tree (crossing plates are not supported): list the same "
                + "enclosing plates before 'ratings' on every site, or give the two uses different plate names",
                d.message());
    }

    @Test
    void a_plate_listed_first_on_one_site_and_nested_on_another_crosses() {
        Diagnostic d = only(refusals(model("TopAndNested")
                .site("z", "Categorical").enumerate().plates("groups", "members")
                .site("y", "Normal").observe().plates("members")
                .build()));
        assertEquals("TRELLIS-091", d.id());
        assertTrue(d.message().startsWith("site 'y' puts plate 'members' in no other plate, but site 'z' puts it "
                + "inside 'groups'"), d.message());
    }

    @Test
    void a_chain_of_its_own_along_the_outer_time_in_a_nested_plate_is_refused_on_its_parameter() {
        Diagnostic d = only(refusals(model("NotesChain")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("n", "Categorical").enumerate().plates("time", "notes").reads("x").previous("earlier", 1)
                .site("y", "Categorical").observe().plates("time", "notes").reads("n")
                .build()));
        assertEquals("TRELLIS-092", d.id());
        assertEquals("n(earlier)", d.source().handle());
        assertEquals("parameter 'earlier' of site 'n' reads 'n' 1 step earlier along the Markov plate 'time', but "
                + "'n' lives in plate 'notes', nested inside 'time': a chain of its own along the outer plate, which "
                + "exact elimination does not support; move 'n' into plate 'time' itself (one value per step), or "
                + "read earlier values only between sites that live directly in 'time'", d.message());
    }

    @Test
    void an_observation_in_a_folded_plate_reading_an_earlier_step_lives_in_the_markov_plate_and_is_accepted() {
        assertEquals(List.of(), refusals(model("TonesLag")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("y", "Categorical").observe().plates("time", "tones").reads("x").previousOf("before", "x", 1)
                .build()));
    }

    @Test
    void an_observation_in_a_nested_plate_reading_an_earlier_step_of_the_chain_is_refused() {
        Diagnostic d = only(refusals(model("NotesLag")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("n", "Categorical").enumerate().plates("time", "notes").reads("x")
                .site("y", "Categorical").observe().plates("time", "notes").reads("n").previousOf("before", "x", 1)
                .build()));
        assertEquals("TRELLIS-092", d.id());
        assertEquals("y(before)", d.source().handle());
        assertTrue(d.message().contains("but 'y' lives in plate 'notes', nested inside 'time'"), d.message());
    }

    @Test
    void a_guide_drawn_site_in_a_plate_with_enumerated_sites_is_refused_on_the_site() {
        Diagnostic d = only(refusals(model("LocalContinuous")
                .site("z", "Categorical").enumerate().plates("data")
                .site("theta", "Normal").plates("data")
                .site("obs", "Normal").observe().plates("data").reads("z").tensor("theta", "theta")
                .build()));
        assertEquals("TRELLIS-093", d.id());
        assertEquals("theta()", d.source().handle());
        assertEquals("latent site 'theta' is neither @Enumerate nor @Observed (a guide draws it) but sits in plate "
                + "'data', which holds the enumerated or observed sites [z, obs]; in a model with @Enumerate sites "
                + "such a site must be global, continuous latent sites inside those plates are not supported yet "
                + "(issue 11): move it out of the plate (one value for all members, or a plate of its own such as a "
                + "mixture's components), or @Enumerate it if it is discrete", d.message());
    }

    @Test
    void a_continuous_chain_in_an_enumerated_model_is_refused_on_its_markov_annotation() {
        Diagnostic d = only(refusals(model("ContinuousChain")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("level", "Normal").markov("time").previousTensor("previous", 1, 0)
                .site("y", "Normal").observe().plates("time").reads("x").tensor("level", "level")
                .build()));
        assertEquals("TRELLIS-094", d.id());
        assertEquals("@Markov level", d.source().handle());
        assertEquals("site 'level' is a @Markov chain but not @Enumerate; in a model with @Enumerate sites only "
                + "enumerated sites can be chains (continuous chains are not supported yet, issue 11); @Enumerate it "
                + "if it is discrete, or remove @Markov", d.message());
    }

    @Test
    void an_observed_chain_is_told_to_use_a_plate_and_previous_instead() {
        Diagnostic d = only(refusals(model("ObservedChain")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("y", "Categorical").observe().markov("time").reads("x")
                .build()));
        assertEquals("TRELLIS-094", d.id());
        assertTrue(d.message().endsWith("an observed site needs no @Markov: put it in @Plate(\"time\") and read its "
                + "earlier values with @Previous"), d.message());
    }

    @Test
    void a_guide_drawn_site_reading_an_enumerated_site_is_refused_on_its_parameter() {
        Diagnostic d = only(refusals(model("ContinuousChild")
                .site("z", "Categorical").enumerate()
                .site("mu", "Normal").reads("z")
                .site("obs", "Normal").observe().plates("data").reads("z").tensor("mu", "mu")
                .build()));
        assertEquals("TRELLIS-095", d.id());
        assertEquals("mu(z)", d.source().handle());
        assertTrue(d.message().startsWith("parameter 'z' of site 'mu' reads enumerated site 'z', but 'mu' is latent "
                + "and not enumerated"), d.message());
    }

    @Test
    void an_enumerated_site_reading_data_is_refused_on_its_parameter() {
        Diagnostic d = only(refusals(model("DataParent")
                .site("count", "Categorical").observe().plates("data")
                .site("z", "Categorical").enumerate().plates("data").reads("count")
                .site("obs", "Normal").observe().plates("data").reads("z")
                .build()));
        assertEquals("TRELLIS-096", d.id());
        assertEquals("z(count)", d.source().handle());
        assertEquals("parameter 'count' of enumerated site 'z' reads observed site 'count'; an enumerated site is "
                + "tabulated once per call for all its instances, so its distribution cannot depend on data: let the "
                + "observation depend on 'z' instead, or read a global input", d.message());
    }

    @Test
    void every_refusal_of_a_model_is_reported_not_just_the_first() {
        List<Diagnostic> problems = refusals(model("Several")
                .site("z", "Categorical").enumerate()
                .site("theta", "Normal").plates("data")
                .site("mu", "Normal").reads("z")
                .site("obs", "Normal").observe().plates("data").reads("z").tensor("theta", "theta")
                .tensor("mu", "mu")
                .build());
        assertEquals(List.of("TRELLIS-093", "TRELLIS-095"), problems.stream().map(Diagnostic::id).toList());
    }

    @Test
    void a_global_in_a_plate_of_its_own_is_accepted() {
        assertEquals(List.of(), refusals(model("Components")
                .site("locs", "Normal").plates("components")
                .site("z", "Categorical").enumerate().plates("data")
                .site("obs", "Normal").observe().plates("data").reads("z").tensor("locs", "locs")
                .build()));
    }
}
