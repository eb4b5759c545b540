package dev.trellis.corpus;

import dev.trellis.corpus.models.GmmProgram;
import dev.trellis.corpus.models.HmmProgram;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cases of the two programs: global inputs drawn inside their supports, data as for the fixed twins. */
final class ProgramCases {
    private ProgramCases() {}

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>(hmmProgram());
        cases.add(gmmProgram());
        return cases;
    }

    static List<CorpusCase> hmmProgram() {
        RandomTables r = new RandomTables(134);
        Map<String, Tensor> globals = Map.of("probs_x", r.rows(2, 2), "probs_y", r.uniform(0.1, 0.9, 2, 3));
        return SequenceCases.overSequences("HmmProgram", new HmmProgram(2, 3),
                Map.of("sequences", 1, "time", 2, "tones", 3), globals,
                lengths -> Map.of("y", r.toneSequences(lengths, 3)));
    }

    static CorpusCase gmmProgram() {
        RandomTables r = new RandomTables(135);
        Map<String, Tensor> globals = Map.of("weights", r.rows(3), "scale", Tensor.scalar(r.uniform(0.5, 2)),
                "locs", r.uniform(-3, 3, 3));
        return new CorpusCase("GmmProgram/n5", new GmmProgram(3), Map.of("obs", r.reals(5, -4, 4)),
                Map.of("components", 3, "data", 3), globals);
    }
}
