package dev.trellis.processor.render;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.graph.PlatedFactorGraphBuilder;
import dev.trellis.processor.ir.ModelDeclaration;
import org.junit.jupiter.api.Test;

/** What the picture marks: observed, enumerated, plate sizes and kinds, lags; and DOT strings that stay valid. */
class ModelGraphDotTest {

    private static String render(ModelDeclaration model) {
        return ModelGraphDot.render(PlatedFactorGraphBuilder.build(model).graph().orElseThrow());
    }

    @Test
    void a_second_order_chain_draws_one_dashed_edge_per_lag_it_reads() {
        String dot = render(model("Second")
                .site("x", "Categorical").enumerate().markov("time", 2).previous("one", 1).previous("two", 2)
                .site("y", "Categorical").observe().plates("time").reads("x")
                .build());

        assertTrue(dot.contains("\"x\" -> \"x\" [label=\"lag 1\", style=dashed, constraint=false];"), dot);
        assertTrue(dot.contains("\"x\" -> \"x\" [label=\"lag 2\", style=dashed, constraint=false];"), dot);
        assertTrue(dot.contains("label=\"time\\n#time, markov, history 2\""), dot);
        assertTrue(dot.contains("\"y\" [label=\"y\\nCategorical\", style=filled, fillcolor=gray];"), dot);
        assertTrue(dot.contains("\"x\" [label=\"x\\nCategorical\\nenumerated, |x|\", peripheries=2];"), dot);
    }

    @Test
    void nested_plates_are_nested_clusters_and_a_folded_plate_says_so() {
        String dot = render(model("Nested")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time").previous("p", 1)
                .site("y", "Bernoulli").observe().plates("sequences", "time", "tones").reads("x")
                .build());

        int sequences = dot.indexOf("subgraph \"cluster_sequences\"");
        int time = dot.indexOf("subgraph \"cluster_time\"");
        int tones = dot.indexOf("subgraph \"cluster_tones\"");
        assertTrue(0 < sequences && sequences < time && time < tones, dot);
        assertTrue(dot.contains("label=\"tones\\n#tones, folded\""), dot);
    }

    @Test
    void quotes_and_backslashes_in_names_are_escaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\"", ModelGraphDot.quote("a\"b\\c\nd"));
    }

    @Test
    void the_same_model_draws_the_same_text() {
        ModelDeclaration model = dev.trellis.processor.plan.CorpusModels.mixtureOfHmms();
        assertEquals(render(model), render(model));
    }
}
