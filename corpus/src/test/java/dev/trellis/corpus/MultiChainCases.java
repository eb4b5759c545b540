package dev.trellis.corpus;

import static dev.trellis.corpus.ChainCases.overLengths;

import dev.trellis.corpus.models.ChainUnderGlobalSwitch;
import dev.trellis.corpus.models.DependentChains;
import dev.trellis.corpus.models.FactorialHmm;
import dev.trellis.corpus.models.NotesPerStep;
import dev.trellis.corpus.models.TwoChainsTwoObservations;
import dev.trellis.corpus.models.TwoSitesPerStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Cases of the models with several enumerated sites per step of one {@code time} plate. */
final class MultiChainCases {
    private MultiChainCases() {}

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        cases.addAll(factorialHmm());
        cases.addAll(dependentChains());
        cases.addAll(twoSitesPerStep());
        cases.addAll(notesPerStep());
        cases.addAll(chainUnderGlobalSwitch());
        cases.addAll(twoChainsTwoObservations());
        return cases;
    }

    static List<CorpusCase> factorialHmm() {
        RandomTables r = new RandomTables(105);
        FactorialHmm model = new FactorialHmm(r.rows(2, 2), r.rows(2, 2), r.rows(2, 2), r.uniform(-2, 2, 3, 2),
                r.uniform(0.5, 1.5));
        return overLengths("FactorialHmm", model, Map.of("time", 2), t -> Map.of("reading", r.reals(t, -4, 4)));
    }

    static List<CorpusCase> dependentChains() {
        RandomTables r = new RandomTables(106);
        DependentChains model = new DependentChains(r.rows(2), r.rows(2, 2), r.rows(2, 3), r.rows(2, 3, 3),
                r.rows(2, 3, 3));
        return overLengths("DependentChains", model, Map.of("time", 2), t -> Map.of("y", r.symbols(t, 3)));
    }

    static List<CorpusCase> twoSitesPerStep() {
        RandomTables r = new RandomTables(114);
        TwoSitesPerStep model = new TwoSitesPerStep(r.rows(2), r.rows(2, 2), r.rows(2, 3), r.rows(2, 3, 2));
        return overLengths("TwoSitesPerStep", model, Map.of("time", 2), t -> Map.of("y", r.symbols(t, 2)));
    }

    /** The notes per step are ragged: 2, 3, 1, 2, 1 notes at the five steps of the longest case. */
    static List<CorpusCase> notesPerStep() {
        RandomTables r = new RandomTables(119);
        NotesPerStep model = new NotesPerStep(r.rows(2), r.rows(2, 2), r.rows(2, 2), r.rows(2, 2));
        int[] notes = {2, 3, 1, 2, 1};
        return overLengths("NotesPerStep", model, Map.of("time", 2, "notes", 2), t -> {
            int[][] y = new int[t][];
            for (int i = 0; i < t; i++) {
                y[i] = r.symbols(notes[i], 2);
            }
            return Map.of("y", y);
        });
    }

    static List<CorpusCase> chainUnderGlobalSwitch() {
        RandomTables r = new RandomTables(122);
        ChainUnderGlobalSwitch model = new ChainUnderGlobalSwitch(r.rows(2), r.rows(3), r.rows(2, 3, 3),
                r.rows(3, 3));
        return overLengths("ChainUnderGlobalSwitch", model, Map.of("time", 3), t -> Map.of("y", r.symbols(t, 3)));
    }

    static List<CorpusCase> twoChainsTwoObservations() {
        RandomTables r = new RandomTables(123);
        TwoChainsTwoObservations model = new TwoChainsTwoObservations(r.rows(2), r.rows(2, 2), r.rows(2, 3),
                r.rows(3), r.rows(3, 3), r.rows(3, 2));
        return overLengths("TwoChainsTwoObservations", model, Map.of("time", 2),
                t -> Map.of("p", r.symbols(t, 3), "q", r.symbols(t, 2)));
    }
}
