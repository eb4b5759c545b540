package dev.trellis.processor.plan;

import dev.trellis.processor.graph.PlatedFactorGraphBuilder;
import dev.trellis.processor.ir.ModelDeclaration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reports how long building the graph, planning and printing takes for each corpus model (it must be far below a
 * second so that javac does not notice). Asserts nothing about time: machines differ; the number is printed.
 */
class PlanningTimeTest {
    private static final int WARM_UP = 20;
    private static final int ROUNDS = 100;

    @Test
    void reports_the_planning_time_of_every_corpus_model() {
        Map<String, ModelDeclaration> corpus = CorpusModels.all();
        for (int i = 0; i < WARM_UP; i++) {
            corpus.values().forEach(PlanningTimeTest::planAndPrint);
        }
        double slowest = 0;
        String slowestName = "";
        var report = new StringBuilder("planning time per model (graph + plan + print), mean of " + ROUNDS + ":\n");
        for (var entry : corpus.entrySet()) {
            long start = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                planAndPrint(entry.getValue());
            }
            double micros = (System.nanoTime() - start) / 1e3 / ROUNDS;
            report.append(String.format("  %-32s %8.1f µs%n", entry.getKey(), micros));
            if (micros > slowest) {
                slowest = micros;
                slowestName = entry.getKey();
            }
        }
        report.append(String.format("slowest: %s, %.1f µs%n", slowestName, slowest));
        System.out.print(report);
    }

    private static int planAndPrint(ModelDeclaration model) {
        var graph = PlatedFactorGraphBuilder.build(model).graph().orElseThrow();
        return EliminationPlanner.plan(graph, PlannerOptions.DEFAULTS).plan().orElseThrow().print().length();
    }
}
