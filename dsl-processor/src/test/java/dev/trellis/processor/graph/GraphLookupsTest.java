package dev.trellis.processor.graph;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.plan.CorpusModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the graph answers about itself (the plate tree's ancestry and post-order, variables, uses and factors by node)
 * and the histories of nested Markov plates, on corpus models whose structure is known.
 */
class GraphLookupsTest {

    private static PlatedFactorGraph graph(ModelDeclaration model) {
        PlatedFactorGraphBuilder.Result result = PlatedFactorGraphBuilder.build(model);
        assertEquals(List.of(), result.problems());
        return result.graph().orElseThrow();
    }

    @Test
    void a_plate_encloses_itself_and_the_plates_below_it_and_the_root_encloses_everything() {
        PlateTree tree = graph(CorpusModels.hmmProgram()).plates();   // sequences > time > tones
        assertTrue(tree.encloses("sequences", "tones"));
        assertTrue(tree.encloses("time", "tones"));
        assertTrue(tree.encloses("time", "time"));
        assertTrue(tree.encloses(null, "time"));
        assertFalse(tree.encloses("tones", "time"), "a child does not enclose its parent");
        assertFalse(tree.encloses("time", "sequences"));
        assertEquals(List.of("time"), tree.children("sequences").stream().map(Plate::name).toList());
        assertEquals(List.of("sequences"), tree.children(null).stream().map(Plate::name).toList());
    }

    @Test
    void sibling_plates_enclose_neither_each_other() {
        PlateTree tree = graph(model("Siblings")
                .site("u", "Categorical").enumerate().plates("users")
                .site("r", "Normal").observe().plates("users").reads("u")
                .site("v", "Categorical").enumerate().plates("items")
                .site("s", "Normal").observe().plates("items").reads("v")
                .build()).plates();
        assertFalse(tree.encloses("users", "items"));
        assertFalse(tree.encloses("items", "users"));
        assertEquals(java.util.Arrays.asList("users", "items", null), tree.postOrder());
    }

    @Test
    void an_unknown_plate_is_an_error_naming_it() {
        PlateTree tree = graph(CorpusModels.rainSun()).plates();
        var e = assertThrows(IllegalArgumentException.class, () -> tree.plate("nights"));
        assertEquals("no plate 'nights'", e.getMessage());
        assertTrue(tree.find("nights").isEmpty());
    }

    @Test
    void variables_uses_and_factors_are_found_by_name_lag_and_node() {
        PlatedFactorGraph graph = graph(CorpusModels.mixtureOfHmms());   // cluster in sequences, x chain in time
        Variable x = graph.variable("x");
        assertEquals(new Variable(1, "x", "time", "time"), x);
        assertEquals("x@1", graph.use(x, 1).name());
        assertEquals(1, graph.maxLagRead(x));
        assertEquals(0, graph.maxLagRead(graph.variable("cluster")), "nobody reads an earlier cluster");
        assertEquals(List.of(graph.variable("cluster")), graph.variablesAt("sequences"));
        assertEquals(List.of("cluster"), graph.factorsAt("sequences").stream().map(Factor::name).toList());
        assertEquals(List.of("x", "y"), graph.factorsAt("time").stream().map(Factor::name).toList());
        assertEquals(List.of(), graph.factorsAt(null));
        assertEquals("x", graph.tableOf(x).name());
        assertEquals("x", x.toString());
    }

    @Test
    void asking_for_an_unknown_variable_or_use_is_an_error_naming_it() {
        PlatedFactorGraph graph = graph(CorpusModels.mixtureOfHmms());
        var unknown = assertThrows(IllegalArgumentException.class, () -> graph.variable("y"));
        assertEquals("no enumerated site 'y'", unknown.getMessage());
        var lag = assertThrows(IllegalArgumentException.class, () -> graph.use(graph.variable("cluster"), 1));
        assertEquals("no use of cluster at lag 1", lag.getMessage());
    }

    @Test
    void each_nested_markov_plate_gets_the_largest_lag_read_along_it() {
        // y is a first-order chain along the outer steps; in each, x is a second-order chain along the inner steps.
        PlatedFactorGraph graph = graph(model("NestedHistories")
                .site("y", "Categorical").enumerate().markov("outer").previous("previous", 1, 0)
                .site("x", "Categorical").enumerate().plates("outer").markov("inner", 2)
                .previous("last", 1, 0).previous("beforeLast", 2, 0).reads("y")
                .site("obs", "Categorical").observe().plates("outer", "inner").reads("x")
                .build());
        assertEquals(1, graph.plates().plate("outer").history());
        assertEquals(2, graph.plates().plate("inner").history());
        assertEquals(List.of("y", "y@1", "x", "x@1", "x@2"), graph.uses().stream().map(VarUse::name).toList());
    }
}
