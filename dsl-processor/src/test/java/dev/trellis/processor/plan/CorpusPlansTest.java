package dev.trellis.processor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.check.ModelValidator;
import dev.trellis.processor.graph.PlatedFactorGraph;
import dev.trellis.processor.graph.PlatedFactorGraphBuilder;
import dev.trellis.processor.ir.ModelDeclaration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The printed plan of every corpus model against its expectation in {@code src/test/resources/plans/<Name>.plan}:
 * the expectations were reviewed by hand (costs included) and are the oracle. Run with {@code
 * -Dtrellis.updatePlans=true} to rewrite them after a deliberate change, then review the diff.
 */
class CorpusPlansTest {
    private static final Path PLANS = Path.of("src/test/resources/plans");

    static Stream<Arguments> corpus() {
        return CorpusModels.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** Validates, builds the graph and plans {@code model}, which must succeed. */
    static EliminationPlan planOf(ModelDeclaration model) {
        assertEquals(java.util.List.of(), ModelValidator.validate(model), "the corpus model must be valid");
        PlatedFactorGraphBuilder.Result built = PlatedFactorGraphBuilder.build(model);
        assertEquals(java.util.List.of(), built.problems());
        PlatedFactorGraph graph = built.graph().orElseThrow();
        EliminationPlanner.Result planned = EliminationPlanner.plan(graph, PlannerOptions.DEFAULTS);
        assertEquals(java.util.List.of(), planned.problems());
        return planned.plan().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void the_printed_plan_matches_its_reviewed_expectation(String name, ModelDeclaration model) throws IOException {
        String printed = planOf(model).print();
        Path expected = PLANS.resolve(name + ".plan");
        if (Boolean.getBoolean("trellis.updatePlans")) {
            Files.createDirectories(PLANS);
            Files.writeString(expected, printed, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expected), "no expectation " + expected);
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), printed);
    }
}
