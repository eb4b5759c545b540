package dev.trellis.processor.plan;

import static dev.trellis.processor.ir.ModelBuilder.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.processor.check.ModelValidator;
import dev.trellis.processor.graph.Factor;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.PlatedFactorGraphBuilder;
import dev.trellis.processor.ir.ModelBuilder;
import dev.trellis.processor.ir.ModelDeclaration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evidence kind of an observation follows its family, folded plates and data parents (design note §3.5). */
class EvidenceKindsTest {

    /** The kind of observed site y in a chain model whose y is built by {@code y}. */
    private static EvidenceKind kindOf(java.util.function.UnaryOperator<ModelBuilder.SiteBuilder> y, String family,
            String... plates) {
        ModelDeclaration model = y.apply(model("Evidence")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("w", "Normal").observe().plates("time")
                .site("y", family).observe().plates(plates).reads("x")).build();
        assertEquals(List.of(), ModelValidator.validate(model));
        PlatedFactorGraph graph = PlatedFactorGraphBuilder.build(model).graph().orElseThrow();
        Factor factor = graph.factors().stream().filter(f -> f.name().equals("y")).findFirst().orElseThrow();
        return EvidenceKinds.of(factor);
    }

    @Test
    void a_bernoulli_over_folded_plates_without_data_parents_is_sparse() {
        assertEquals(EvidenceKind.BERNOULLI_SPARSE, kindOf(y -> y, "Bernoulli", "time", "tones"));
    }

    @Test
    void a_bernoulli_without_folded_plates_is_dense() {
        assertEquals(EvidenceKind.DENSE, kindOf(y -> y, "Bernoulli", "time"));
    }

    @Test
    void a_categorical_without_folded_plates_is_a_lookup_even_with_finite_data_parents() {
        assertEquals(EvidenceKind.CATEGORICAL_LOOKUP, kindOf(y -> y, "Categorical", "time"));
        assertEquals(EvidenceKind.CATEGORICAL_LOOKUP, kindOf(y -> y.previous("before", 1), "Categorical", "time"));
    }

    @Test
    void a_categorical_over_folded_plates_is_dense() {
        assertEquals(EvidenceKind.DENSE, kindOf(y -> y, "Categorical", "time", "notes"));
    }

    @Test
    void the_autoregressive_bernoulli_of_hmm_py_model_2_is_recognised() {
        assertEquals(EvidenceKind.BERNOULLI_AUTOREGRESSIVE,
                kindOf(y -> y.previousTensor("previous", 1, 0), "Bernoulli", "time", "tones"));
    }

    @Test
    void tensor_data_parents_are_read_in_blocks() {
        assertEquals(EvidenceKind.BATCHED, kindOf(y -> y.tensor("w", "w"), "Categorical", "time"));
        assertEquals(EvidenceKind.BATCHED, kindOf(y -> y.tensor("w", "w"), "Bernoulli", "time", "tones"));
        assertEquals(EvidenceKind.BATCHED, kindOf(y -> y.previousTensor("previous", 1, 0), "Normal", "time"));
    }

    @Test
    void hmm_py_model_5_reading_its_previous_notes_through_a_network_is_batched() {
        // The network is named as in the sample (NnHmm): a network named like the plate "tones" is an error.
        ModelDeclaration model = model("NeuralHmm").network("tones_generator")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1, 0)
                .site("y", "Bernoulli").observe().plates("time", "tones").reads("x").previousTensor("previous", 1, 0)
                .network("net", "tones_generator").build();
        assertEquals(List.of(), ModelValidator.validate(model));
        PlatedFactorGraph graph = PlatedFactorGraphBuilder.build(model).graph().orElseThrow();
        assertEquals(EvidenceKind.BATCHED, EvidenceKinds.of(graph.factors().get(1)));
    }

    @Test
    void a_number_or_a_mix_of_tensors_and_ints_makes_the_evidence_per_instance() {
        assertEquals(EvidenceKind.PER_INSTANCE, kindOf(y -> y.real("w", "w"), "Categorical", "time"));
        assertEquals(EvidenceKind.PER_INSTANCE, kindOf(y -> y.tensor("w", "w").reads("c")
                .site("c", "Categorical").observe().plates("time"), "Normal", "time"));
    }

    @Test
    void an_other_family_with_finite_data_parents_is_dense() {
        assertEquals(EvidenceKind.DENSE, kindOf(y -> y, "Normal", "time"));
        assertEquals(EvidenceKind.DENSE, kindOf(y -> y.reads("c").site("c", "Categorical").observe().plates("time"),
                "Normal", "time"));
    }
}
