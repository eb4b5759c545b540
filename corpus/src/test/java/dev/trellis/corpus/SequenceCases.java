package dev.trellis.corpus;

import dev.trellis.corpus.models.ArBernoulliTones;
import dev.trellis.corpus.models.BernoulliTonesHmm;
import dev.trellis.corpus.models.ClusterWithSequenceObservation;
import dev.trellis.corpus.models.MixtureOfHmms;
import dev.trellis.corpus.models.SequencesHmm;
import dev.trellis.corpus.models.VoicesInSongs;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cases of the models with a plate of sequences, each a chain: ragged lengths (one of them 0), even lengths, and a
 * single sequence.
 */
final class SequenceCases {
    private static final Map<String, int[]> LENGTHS = Map.of("ragged", new int[] {3, 1, 0, 2}, "even",
            new int[] {2, 2}, "single", new int[] {4});

    private SequenceCases() {}

    static List<CorpusCase> all() {
        List<CorpusCase> cases = new ArrayList<>();
        cases.addAll(sequencesHmm());
        cases.addAll(mixtureOfHmms());
        cases.addAll(bernoulliTonesHmm());
        cases.addAll(arBernoulliTones());
        cases.addAll(voicesInSongs());
        cases.addAll(clusterWithSequenceObservation());
        return cases;
    }

    /** One case per set of lengths (ragged, even, single), the same model. */
    static List<CorpusCase> overSequences(String name, Object model, Map<String, Integer> sizes,
            Map<String, Tensor> globals, Function<int[], Map<String, Object>> data) {
        List<CorpusCase> cases = new ArrayList<>();
        for (String variant : List.of("ragged", "even", "single")) {
            cases.add(new CorpusCase(name + "/" + variant, model, data.apply(LENGTHS.get(variant)), sizes, globals));
        }
        return cases;
    }

    static List<CorpusCase> sequencesHmm() {
        RandomTables r = new RandomTables(104);
        SequencesHmm model = new SequencesHmm(r.rows(3, 3), r.rows(3, 3));
        return overSequences("SequencesHmm", model, Map.of("sequences", 2, "time", 2), Map.of(),
                lengths -> Map.of("y", r.symbolSequences(lengths, 3)));
    }

    static List<CorpusCase> mixtureOfHmms() {
        RandomTables r = new RandomTables(107);
        MixtureOfHmms model = new MixtureOfHmms(r.rows(2), r.rows(2), r.rows(2, 2, 2), r.rows(2, 3));
        return overSequences("MixtureOfHmms", model, Map.of("sequences", 2, "time", 2), Map.of(),
                lengths -> Map.of("y", r.symbolSequences(lengths, 3)));
    }

    static List<CorpusCase> bernoulliTonesHmm() {
        RandomTables r = new RandomTables(120);
        BernoulliTonesHmm model = new BernoulliTonesHmm(r.rows(3, 3), r.uniform(0.1, 0.9, 3, 3));
        return overSequences("BernoulliTonesHmm", model, Map.of("sequences", 1, "time", 2, "tones", 3), Map.of(),
                lengths -> Map.of("y", r.toneSequences(lengths, 3)));
    }

    static List<CorpusCase> arBernoulliTones() {
        RandomTables r = new RandomTables(121);
        ArBernoulliTones model = new ArBernoulliTones(r.rows(2, 2), r.uniform(0.1, 0.9, 2, 2, 3));
        return overSequences("ArBernoulliTones", model, Map.of("sequences", 1, "time", 2, "tones", 3), Map.of(),
                lengths -> Map.of("y", r.toneSequences(lengths, 3)));
    }

    /** Songs with ragged numbers of voices: the voices (one per length) go to songs of 1, 2, 1, ... voices. */
    static List<CorpusCase> voicesInSongs() {
        RandomTables r = new RandomTables(124);
        VoicesInSongs model = new VoicesInSongs(r.rows(2), r.rows(2, 2), r.rows(2, 2, 2), r.rows(2, 3));
        return overSequences("VoicesInSongs", model, Map.of("songs", 2, "voices", 1, "time", 2), Map.of(),
                lengths -> {
                    List<int[][]> songs = new ArrayList<>();
                    int start = 0;
                    while (start < lengths.length) {
                        int voices = Math.min(1 + songs.size() % 2, lengths.length - start);
                        int[][] song = new int[voices][];
                        for (int v = 0; v < voices; v++) {
                            song[v] = r.symbols(lengths[start + v], 3);
                        }
                        songs.add(song);
                        start += voices;
                    }
                    return Map.of("y", songs);
                });
    }

    static List<CorpusCase> clusterWithSequenceObservation() {
        RandomTables r = new RandomTables(133);
        ClusterWithSequenceObservation model = new ClusterWithSequenceObservation(r.rows(2), r.uniform(1, 4, 2),
                r.uniform(0.5, 1.5), r.rows(2, 2), r.rows(2, 2, 2), r.rows(2, 3));
        return overSequences("ClusterWithSequenceObservation", model, Map.of("sequences", 2, "time", 2), Map.of(),
                lengths -> {
                    List<Double> length = new ArrayList<>();
                    for (double value : r.reals(lengths.length, 0, 5)) {
                        length.add(value);
                    }
                    return Map.of("length", length, "y", r.symbolSequences(lengths, 3));
                });
    }
}
