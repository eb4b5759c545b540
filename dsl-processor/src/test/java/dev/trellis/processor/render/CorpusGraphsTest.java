package dev.trellis.processor.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.processor.graph.PlatedFactorGraphBuilder;
import dev.trellis.processor.ir.ModelDeclaration;
import dev.trellis.processor.plan.CorpusModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The picture of every corpus model (chains of every history, nested and folded plates, several chains, mixtures)
 * against its reviewed expectation in {@code src/test/resources/graphs/<Name>.dot}. Run with {@code
 * -Dtrellis.updateGraphs=true} to rewrite them after a deliberate change, then review the diff.
 */
class CorpusGraphsTest {
    private static final Path GRAPHS = Path.of("src/test/resources/graphs");

    static Stream<Arguments> corpus() {
        return CorpusModels.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void the_picture_matches_its_reviewed_expectation(String name, ModelDeclaration model) throws IOException {
        String dot = ModelGraphDot.render(PlatedFactorGraphBuilder.build(model).graph().orElseThrow());
        Path expected = GRAPHS.resolve(name + ".dot");
        if (Boolean.getBoolean("trellis.updateGraphs")) {
            Files.createDirectories(GRAPHS);
            Files.writeString(expected, dot, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expected), "no expectation " + expected);
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), dot);
    }
}
