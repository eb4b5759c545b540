package dev.trellis.corpus;

import dev.trellis.corpus.models.CategoricalArHmm;
import dev.trellis.corpus.models.ChainWithConstantObservation;
import dev.trellis.corpus.models.GaussianHmm;
import dev.trellis.corpus.models.LaggedObservation;
import dev.trellis.corpus.models.MvnHmm;
import dev.trellis.corpus.models.PoissonHmm;
import dev.trellis.corpus.models.RainSun;
import dev.trellis.corpus.models.SecondOrderNullStart;
import dev.trellis.corpus.models.ThirdOrderChain;
import dev.trellis.corpus.models.TwoObservationsPerStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Cases of the models with one chain over {@code time} (or {@code days}): lengths 5, 1 and 0 of one model. */
final class ChainCases {
    private static final int[] LENGTHS = {5, 1, 0};

    private ChainCases() {}

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        cases.addAll(rainSun());
        cases.addAll(gaussianHmm());
        cases.addAll(poissonHmm());
        cases.addAll(thirdOrderChain());
        cases.addAll(categoricalArHmm());
        cases.addAll(laggedObservation());
        cases.addAll(secondOrderNullStart());
        cases.addAll(chainWithConstantObservation());
        cases.addAll(mvnHmm());
        cases.addAll(twoObservationsPerStep());
        return cases;
    }

    /** One case per length, the same model; the data of each drawn from {@code data}. */
    static List<CorpusCase> overLengths(String name, Object model, Map<String, Integer> sizes,
            IntFunction<Map<String, Object>> data) {
        List<CorpusCase> cases = new ArrayList<>();
        for (int length : LENGTHS) {
            cases.add(CorpusCase.fixed(name + "/T" + length, model, data.apply(length), sizes));
        }
        return cases;
    }

    static List<CorpusCase> rainSun() {
        RandomTables r = new RandomTables(101);
        RainSun model = new RainSun(r.rows(2), r.rows(2, 2), r.rows(2, 3));
        return overLengths("RainSun", model, Map.of("days", 3), t -> Map.of("activity", r.symbols(t, 3)));
    }

    static List<CorpusCase> gaussianHmm() {
        RandomTables r = new RandomTables(102);
        GaussianHmm model = new GaussianHmm(r.rows(3), r.rows(3, 3), r.uniform(-2, 2, 3), r.uniform(0.5, 1.5, 3));
        return overLengths("GaussianHmm", model, Map.of("time", 3), t -> Map.of("obs", r.reals(t, -3, 3)));
    }

    static List<CorpusCase> poissonHmm() {
        RandomTables r = new RandomTables(103);
        PoissonHmm model = new PoissonHmm(r.rows(2), r.rows(2, 2), r.uniform(0.5, 4, 2));
        return overLengths("PoissonHmm", model, Map.of("time", 3), t -> Map.of("counts", r.counts(t, 6)));
    }

    static List<CorpusCase> thirdOrderChain() {
        RandomTables r = new RandomTables(112);
        ThirdOrderChain model = new ThirdOrderChain(r.rows(3, 3, 3, 3), r.rows(3, 2));
        return overLengths("ThirdOrderChain", model, Map.of("time", 4), t -> Map.of("y", r.symbols(t, 2)));
    }

    static List<CorpusCase> categoricalArHmm() {
        RandomTables r = new RandomTables(113);
        CategoricalArHmm model = new CategoricalArHmm(r.rows(2, 2), r.rows(2, 3, 3));
        return overLengths("CategoricalArHmm", model, Map.of("time", 3), t -> Map.of("y", r.symbols(t, 3)));
    }

    static List<CorpusCase> laggedObservation() {
        RandomTables r = new RandomTables(116);
        LaggedObservation model = new LaggedObservation(r.rows(3), r.rows(3, 3), r.rows(3, 2), r.rows(3, 3, 2));
        return overLengths("LaggedObservation", model, Map.of("time", 3), t -> Map.of("y", r.symbols(t, 2)));
    }

    static List<CorpusCase> secondOrderNullStart() {
        RandomTables r = new RandomTables(117);
        SecondOrderNullStart model = new SecondOrderNullStart(r.rows(3), r.rows(3, 3), r.rows(3, 3, 3), r.rows(3, 2));
        return overLengths("SecondOrderNullStart", model, Map.of("time", 4), t -> Map.of("y", r.symbols(t, 2)));
    }

    static List<CorpusCase> chainWithConstantObservation() {
        RandomTables r = new RandomTables(125);
        ChainWithConstantObservation model = new ChainWithConstantObservation(r.rows(2), r.rows(2, 2), r.rows(2, 3),
                r.uniform(-1, 1), r.uniform(0.5, 2));
        return overLengths("ChainWithConstantObservation", model, Map.of("time", 3),
                t -> Map.of("y", r.symbols(t, 3), "offset", r.uniform(-2, 2)));
    }

    static List<CorpusCase> mvnHmm() {
        RandomTables r = new RandomTables(127);
        MvnHmm model = new MvnHmm(r.rows(2), r.rows(2, 2), r.uniform(-2, 2, 2, 2), r.scaleTrils(2));
        return overLengths("MvnHmm", model, Map.of("time", 3), t -> {
            double[][] obs = new double[t][];
            for (int i = 0; i < t; i++) {
                obs[i] = r.reals(2, -3, 3);
            }
            return Map.of("obs", obs);
        });
    }

    static List<CorpusCase> twoObservationsPerStep() {
        RandomTables r = new RandomTables(131);
        TwoObservationsPerStep model = new TwoObservationsPerStep(r.rows(3), r.rows(3, 3), r.rows(3, 2),
                r.uniform(-2, 2, 3), r.uniform(0.5, 1.5, 3));
        return overLengths("TwoObservationsPerStep", model, Map.of("time", 3),
                t -> Map.of("symbol", r.symbols(t, 2), "level", r.reals(t, -3, 3)));
    }
}
