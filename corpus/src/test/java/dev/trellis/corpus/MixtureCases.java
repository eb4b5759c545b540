package dev.trellis.corpus;

import dev.trellis.corpus.models.BinomialMixture;
import dev.trellis.corpus.models.DeepPlates;
import dev.trellis.corpus.models.FixedGmm;
import dev.trellis.corpus.models.GlobalAndLocal;
import dev.trellis.corpus.models.GlobalSwitch;
import dev.trellis.corpus.models.GroupMixture;
import dev.trellis.corpus.models.PairPerPoint;
import dev.trellis.corpus.models.TwoSitesPerPoint;
import dev.trellis.corpus.models.UnobservedBranch;
import java.util.List;
import java.util.Map;

/** Cases of the models with enumerated sites in instance plates (mixtures) and global enumerated sites. */
final class MixtureCases {
    private MixtureCases() {}

    static List<CorpusCase> all() {
        return List.of(groupMixture(), groupMixture().withData("empty-group", groupData(new int[] {2, 0, 1}, 8)),
                twoSitesPerPoint(), globalSwitch(), globalSwitch().withData("no-data", Map.of("obs", new double[0])),
                fixedGmm(), deepPlates(), deepPlates().withData("one-a", Map.of("obs", new double[][][] {
                        {{0.5}, {-1.0, 0.25}, {1.5, 2.0, -0.5}}})),
                unobservedBranch(), binomialMixture(), pairPerPoint(), globalAndLocal());
    }

    /** Items per group are ragged. */
    static CorpusCase groupMixture() {
        RandomTables r = new RandomTables(108);
        GroupMixture model = new GroupMixture(r.rows(3), r.uniform(-2, 2, 3), r.uniform(0.5, 1.5, 3));
        return CorpusCase.fixed("GroupMixture/ragged", model, groupData(new int[] {2, 1, 3, 1}, 9),
                Map.of("groups", 2, "items", 2));
    }

    private static Map<String, Object> groupData(int[] items, long seed) {
        RandomTables r = new RandomTables(seed);
        double[][] obs = new double[items.length][];
        for (int g = 0; g < items.length; g++) {
            obs[g] = r.reals(items[g], -3, 3);
        }
        return Map.of("obs", obs);
    }

    static CorpusCase twoSitesPerPoint() {
        RandomTables r = new RandomTables(109);
        TwoSitesPerPoint model = new TwoSitesPerPoint(r.rows(2), r.rows(2, 3), r.uniform(-2, 2, 2, 3),
                r.uniform(0.5, 1.5, 2));
        return CorpusCase.fixed("TwoSitesPerPoint/n4", model, Map.of("obs", r.reals(4, -3, 3)), Map.of("data", 2));
    }

    static CorpusCase globalSwitch() {
        RandomTables r = new RandomTables(111);
        GlobalSwitch model = new GlobalSwitch(r.rows(3), r.uniform(-2, 2, 3), r.uniform(0.5, 1.5, 3));
        return CorpusCase.fixed("GlobalSwitch/n5", model, Map.of("obs", r.reals(5, -3, 3)), Map.of("data", 3));
    }

    static CorpusCase fixedGmm() {
        RandomTables r = new RandomTables(115);
        FixedGmm model = new FixedGmm(r.rows(3), r.uniform(-2, 2, 3), r.uniform(0.5, 1.5, 3));
        return CorpusCase.fixed("FixedGmm/n5", model, Map.of("obs", r.reals(5, -3, 3)), Map.of("data", 3));
    }

    /** Plates a, b, c ragged at every level: a has 2 members, holding 2 and 1 members of b, holding 2, 3 and 1 of c. */
    static CorpusCase deepPlates() {
        RandomTables r = new RandomTables(118);
        DeepPlates model = new DeepPlates(r.rows(2), r.rows(2, 2), r.uniform(-2, 2, 2), r.uniform(0.5, 1.5));
        double[][][] obs = {{r.reals(2, -3, 3), r.reals(3, -3, 3)}, {r.reals(1, -3, 3)}};
        return CorpusCase.fixed("DeepPlates/ragged", model, Map.of("obs", obs), Map.of("a", 2, "b", 2, "c", 1));
    }

    static CorpusCase unobservedBranch() {
        RandomTables r = new RandomTables(126);
        UnobservedBranch model = new UnobservedBranch(r.rows(2), r.rows(2, 3), r.rows(2, 3));
        return CorpusCase.fixed("UnobservedBranch/n4", model, Map.of("y", r.symbols(4, 3)), Map.of("data", 2));
    }

    static CorpusCase binomialMixture() {
        RandomTables r = new RandomTables(128);
        BinomialMixture model = new BinomialMixture(r.rows(2), r.uniform(0.1, 0.9, 2), 4);
        return CorpusCase.fixed("BinomialMixture/n5", model, Map.of("count", r.counts(5, 4)), Map.of("data", 2));
    }

    /** Trials per data point are ragged (a dense block per point). */
    static CorpusCase pairPerPoint() {
        RandomTables r = new RandomTables(130);
        PairPerPoint model = new PairPerPoint(r.rows(2), r.rows(2, 3), r.rows(3, 3));
        int[][] obs = {r.symbols(2, 3), r.symbols(3, 3), r.symbols(1, 3)};
        return CorpusCase.fixed("PairPerPoint/ragged", model, Map.of("obs", obs), Map.of("data", 1, "trials", 2));
    }

    static CorpusCase globalAndLocal() {
        RandomTables r = new RandomTables(132);
        GlobalAndLocal model = new GlobalAndLocal(r.rows(2), r.rows(2, 3), r.uniform(-2, 2, 3, 2),
                r.uniform(0.5, 1.5, 2));
        return CorpusCase.fixed("GlobalAndLocal/n4", model, Map.of("obs", r.reals(4, -3, 3)), Map.of("data", 2));
    }
}
