package dev.trellis.processor.graph;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.ir.ValueType;
import dev.trellis.processor.plan.CorpusModels;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The plated factor graph the builder makes of valid models: plates, variables, uses, factors and bindings. */
class PlatedFactorGraphBuilderTest {

    private static PlatedFactorGraph graph(ModelDeclaration model) {
        assertEquals(List.of(), dev.trellis.processor.check.ModelValidator.validate(model));
        PlatedFactorGraphBuilder.Result result = PlatedFactorGraphBuilder.build(model);
        assertEquals(List.of(), result.problems());
        return result.graph().orElseThrow();
    }

    private static Factor factor(PlatedFactorGraph graph, String site) {
        return graph.factors().stream().filter(f -> f.name().equals(site)).findFirst().orElseThrow();
    }

    @Test
    void plates_get_parents_kinds_and_histories_from_the_sites_that_use_them() {
        PlatedFactorGraph graph = graph(CorpusModels.hmmProgram());
        PlateTree tree = graph.plates();
        assertEquals(List.of("sequences", "time", "tones"), tree.plates().stream().map(Plate::name).toList());
        assertEquals(new Plate(0, "sequences", null, PlateKind.INSTANCE, 0, true, true), tree.plate("sequences"));
        assertEquals(new Plate(1, "time", "sequences", PlateKind.MARKOV, 1, false, true), tree.plate("time"));
        assertEquals(new Plate(2, "tones", "time", PlateKind.FOLDED, 0, false, true), tree.plate("tones"));
        assertEquals(java.util.Arrays.asList("time", "sequences", null), tree.postOrder());
    }

    @Test
    void the_history_of_a_markov_plate_is_the_largest_lag_read_along_it_not_the_declared_one() {
        PlatedFactorGraph graph = graph(model("Declared")
                .site("x", "Categorical").enumerate().markov("time", 3).previous("previous", 1)
                .site("y", "Categorical").observe().plates("time").reads("x").previous("before", 2, 0)
                .build());
        assertEquals(2, graph.plates().plate("time").history());
        assertEquals(List.of("x", "x@1"), graph.uses().stream().map(VarUse::name).toList());
        assertEquals(2, factor(graph, "y").maxLag());
        assertEquals(1, factor(graph, "x").maxLag());
    }

    @Test
    void a_plate_only_global_sites_use_holds_no_factor_and_is_no_elimination_axis() {
        Plate components = graph(CorpusModels.gmmProgram()).plates().plate("components");
        assertEquals(PlateKind.INSTANCE, components.kind());
        assertFalse(components.holdsFactors());
        assertFalse(components.isEliminationAxis());
        assertFalse(components.subsamplable());
    }

    @Test
    void a_plate_holding_only_observations_is_folded_and_its_sites_live_in_its_parent() {
        PlatedFactorGraph graph = graph(CorpusModels.globalSwitch());
        assertEquals(PlateKind.FOLDED, graph.plates().plate("data").kind());
        Factor obs = factor(graph, "obs");
        assertNull(obs.node());
        assertEquals(List.of("data"), obs.foldedPlates());
    }

    @Test
    void variables_and_uses_have_ids_in_declaration_then_lag_order() {
        PlatedFactorGraph graph = graph(CorpusModels.mixtureOfHmms());
        assertEquals(List.of(new Variable(0, "cluster", "sequences", null), new Variable(1, "x", "time", "time")),
                graph.variables());
        assertEquals(List.of("0:cluster", "1:x", "2:x@1"),
                graph.uses().stream().map(u -> u.id() + ":" + u.name()).toList());
    }

    @Test
    void a_table_factor_lists_its_parents_in_parameter_order_and_its_own_use_last() {
        PlatedFactorGraph graph = graph(CorpusModels.mixtureOfHmms());
        Factor x = factor(graph, "x");
        assertEquals(Factor.Kind.TABLE, x.kind());
        assertEquals(List.of("x@1", "cluster", "x"), x.scope().stream().map(VarUse::name).toList());
        assertEquals(List.of("cluster", "x"), x.variantAxes(0).stream().map(VarUse::name).toList());
        assertEquals(x.scope(), x.variantAxes(1));
        assertEquals("time", x.node());
        assertEquals(1, x.maxLag());
    }

    @Test
    void an_evidence_factor_lists_its_enumerated_parents_in_parameter_order() {
        Factor obs = factor(graph(CorpusModels.globalAndLocal()), "obs");
        assertEquals(Factor.Kind.EVIDENCE, obs.kind());
        assertEquals(List.of("z", "g"), obs.scope().stream().map(VarUse::name).toList());
        assertEquals("data", obs.node());
    }

    @Test
    void a_use_read_by_two_parameters_is_one_axis() {
        Factor y = factor(graph(model("Twice")
                .site("x", "Categorical").enumerate().plates("data")
                .site("y", "Categorical").observe().plates("data").reads("x")
                .parameter("again", "x", 0, OptionalInt.empty(), ValueType.INT, "int")
                .build()), "y");
        assertEquals(List.of("x"), y.scope().stream().map(VarUse::name).toList());
        assertEquals(2, y.arguments().size());
    }

    @Test
    void every_parameter_is_bound_to_a_use_data_a_global_or_a_plate() {
        PlatedFactorGraph graph = graph(bindings());
        List<Binding> x = factor(graph, "x").arguments();
        var previous = (Binding.Enumerated) x.get(0);
        assertEquals("x@1", previous.use().name());
        assertEquals(OptionalInt.of(0), previous.initial());
        assertTrue(previous.absentAt(0));
        assertFalse(previous.absentAt(1));
        assertEquals(new Binding.Global(x.get(1).parameter(), "probs", GlobalInput.Kind.LATENT_SITE), x.get(1));
        List<Binding> y = factor(graph, "y").arguments();
        assertEquals("x", ((Binding.Enumerated) y.get(0)).use().name());
        var before = (Binding.Data) y.get(1);
        assertEquals(List.of("y", "1", "BOXED_INT", "true"),
                List.of(before.site(), "" + before.lag(), before.type().name(), "" + before.isFiniteInt()));
        assertEquals(new Binding.Global(y.get(2).parameter(), "scale", GlobalInput.Kind.PARAM), y.get(2));
        assertEquals(new Binding.PlateValue(y.get(3).parameter(), "sequences"), y.get(3));
        var current = (Binding.Data) factor(graph, "z").arguments().get(1);
        assertEquals(ValueType.TENSOR, current.type());
        assertFalse(current.isFiniteInt());
        assertEquals(List.of(current), factor(graph, "z").dataParents());
    }

    /** A chain with a latent global, a param, data of an earlier step, a plate argument and a tensor observation. */
    private static ModelDeclaration bindings() {
        return model("Bindings")
                .site("probs", "Dirichlet")
                .param("scale")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time").previous("previous", 1, 0)
                .tensor("p", "probs")
                .site("y", "Categorical").observe().plates("sequences", "time").reads("x").previous("before", 1)
                .tensor("scale", "scale").plateArgument("members", "sequences")
                .site("w", "Normal").observe().plates("sequences", "time").reads("x")
                .site("z", "Normal").observe().plates("sequences", "time").reads("x").tensor("w", "w")
                .build();
    }

    @Test
    void the_graph_prints_data_global_and_plate_bindings_and_the_globals() {
        assertEquals(String.join("\n",
                "plated factor graph Bindings",
                "plates",
                "  sequences: instance, subsamplable",
                "    time: markov, history 1",
                "variables",
                "  x at time, chain along time, domain |x|",
                "uses 0:x 1:x@1",
                "factors",
                "  x: table at time over [x@1, x], max lag 1",
                "    previous <- x@1 (0 before the start)",
                "    p <- global probs",
                "  y: evidence at time over [x], max lag 1",
                "    x <- x",
                "    before <- data y@1 as Integer (finite) (null before the start)",
                "    scale <- param scale",
                "    members <- plate sequences",
                "  w: evidence at time over [x]",
                "    x <- x",
                "  z: evidence at time over [x]",
                "    x <- x",
                "    w <- data w as Tensor",
                "globals",
                "  probs (latent)",
                "  scale (param)",
                ""), graph(bindings()).print());
    }

    @Test
    void the_graph_prints_folded_plates_and_globals_with_their_plates_and_the_global_sites_they_read() {
        assertEquals(String.join("\n",
                "plated factor graph Globals",
                "plates",
                "  components: instance, globals only",
                "  data: folded",
                "variables",
                "  z at root, domain |z|",
                "uses 0:z",
                "factors",
                "  z: table at root over [z]",
                "  obs: evidence at root over [z], folded [data]",
                "    z <- z",
                "    loc <- global locs",
                "    offset <- param offset",
                "globals",
                "  root (latent)",
                "  locs (latent) in [components] reads [root]",
                "  offset (param) in [components]",
                ""), graph(model("Globals")
                .site("locs", "Normal").plates("components").tensor("root", "root").tensor("offset", "offset")
                .site("root", "Normal")
                .param("offset", "components")
                .site("z", "Categorical").enumerate()
                .site("obs", "Normal").observe().plates("data").reads("z").tensor("loc", "locs")
                .tensor("offset", "offset")
                .build()).print());
    }

    @Test
    void global_sites_come_after_the_global_sites_they_read_then_params() {
        PlatedFactorGraph graph = graph(model("Globals")
                .site("scale", "LogNormal").tensor("root", "root")
                .site("root", "Normal")
                .param("offset")
                .site("z", "Categorical").enumerate().plates("data")
                .site("obs", "Normal").observe().plates("data").reads("z").tensor("scale", "scale")
                .tensor("offset", "offset")
                .build());
        assertEquals(List.of("root", "scale", "offset"), graph.globals().stream().map(GlobalInput::name).toList());
        assertEquals(List.of("root"), graph.globals().get(1).reads());
        assertEquals(GlobalInput.Kind.PARAM, graph.globals().get(2).kind());
    }

    @Test
    void the_graph_prints_plates_variables_uses_factors_and_bindings() {
        assertEquals(String.join("\n",
                "plated factor graph SequencesHmm",
                "plates",
                "  sequences: instance, subsamplable",
                "    time: markov, history 1",
                "variables",
                "  x at time, chain along time, domain |x|",
                "uses 0:x 1:x@1",
                "factors",
                "  x: table at time over [x@1, x], max lag 1",
                "    previous <- x@1 (0 before the start)",
                "  y: evidence at time over [x]",
                "    x <- x",
                ""), graph(CorpusModels.sequencesHmm()).print());
    }
}
