package dev.trellis.corpus;

import dev.trellis.corpus.models.Diamond;
import dev.trellis.corpus.models.Sprinkler;
import java.util.List;
import java.util.Map;

/** Cases of the models without plates: every value of the single observation. */
final class NetworkCases {
    private NetworkCases() {}

    static List<CorpusCase> all() {
        return List.of(sprinkler(1.0), sprinkler(0.0), diamond(0), diamond(1), diamond(2));
    }

    static CorpusCase sprinkler(double wet) {
        RandomTables r = new RandomTables(110);
        Sprinkler model = new Sprinkler(r.rows(2), r.rows(2, 2), r.rows(2, 2), r.uniform(0.05, 0.95, 2, 2));
        return CorpusCase.fixed("Sprinkler/wet" + (int) wet, model, Map.of("wet", wet), Map.of());
    }

    static CorpusCase diamond(int d) {
        RandomTables r = new RandomTables(129);
        Diamond model = new Diamond(r.rows(2), r.rows(2, 3), r.rows(2, 2), r.rows(3, 2, 3));
        return CorpusCase.fixed("Diamond/d" + d, model, Map.of("d", d), Map.of());
    }
}
