package dev.trellis.corpus;

import dev.trellis.corpus.models.ArBernoulliTones;
import dev.trellis.corpus.models.BernoulliTonesHmm;
import dev.trellis.corpus.models.BinomialMixture;
import dev.trellis.corpus.models.CategoricalArHmm;
import dev.trellis.corpus.models.ChainUnderGlobalSwitch;
import dev.trellis.corpus.models.ChainWithConstantObservation;
import dev.trellis.corpus.models.ClusterWithSequenceObservation;
import dev.trellis.corpus.models.DeepPlates;
import dev.trellis.corpus.models.DependentChains;
import dev.trellis.corpus.models.Diamond;
import dev.trellis.corpus.models.FactorialHmm;
import dev.trellis.corpus.models.FixedGmm;
import dev.trellis.corpus.models.GaussianHmm;
import dev.trellis.corpus.models.GlobalAndLocal;
import dev.trellis.corpus.models.GlobalSwitch;
import dev.trellis.corpus.models.GmmProgram;
import dev.trellis.corpus.models.GroupMixture;
import dev.trellis.corpus.models.HmmProgram;
import dev.trellis.corpus.models.LaggedObservation;
import dev.trellis.corpus.models.MixtureOfHmms;
import dev.trellis.corpus.models.MvnHmm;
import dev.trellis.corpus.models.NotesPerStep;
import dev.trellis.corpus.models.PairPerPoint;
import dev.trellis.corpus.models.PoissonHmm;
import dev.trellis.corpus.models.RainSun;
import dev.trellis.corpus.models.SecondOrderNullStart;
import dev.trellis.corpus.models.SequencesHmm;
import dev.trellis.corpus.models.Sprinkler;
import dev.trellis.corpus.models.ThirdOrderChain;
import dev.trellis.corpus.models.TwoChainsTwoObservations;
import dev.trellis.corpus.models.TwoObservationsPerStep;
import dev.trellis.corpus.models.TwoSitesPerPoint;
import dev.trellis.corpus.models.TwoSitesPerStep;
import dev.trellis.corpus.models.UnobservedBranch;
import dev.trellis.corpus.models.VoicesInSongs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The corpus of issue 9 ({@code CORPUS.md}): its 35 models in their numbered order, and every case of them. */
public final class Corpus {
    /** The models, #1 to #35. */
    public static final List<Class<?>> MODELS = List.of(RainSun.class, GaussianHmm.class, PoissonHmm.class,
            SequencesHmm.class, FactorialHmm.class, DependentChains.class, MixtureOfHmms.class, GroupMixture.class,
            TwoSitesPerPoint.class, Sprinkler.class, GlobalSwitch.class, ThirdOrderChain.class, CategoricalArHmm.class,
            TwoSitesPerStep.class, FixedGmm.class, LaggedObservation.class, SecondOrderNullStart.class,
            DeepPlates.class, NotesPerStep.class, BernoulliTonesHmm.class, ArBernoulliTones.class,
            ChainUnderGlobalSwitch.class, TwoChainsTwoObservations.class, VoicesInSongs.class,
            ChainWithConstantObservation.class, UnobservedBranch.class, MvnHmm.class, BinomialMixture.class,
            Diamond.class, PairPerPoint.class, TwoObservationsPerStep.class, GlobalAndLocal.class,
            ClusterWithSequenceObservation.class, HmmProgram.class, GmmProgram.class);

    private static final List<CorpusCase> CASES = build();

    private Corpus() {}

    /** {@return every case of every model} */
    public static List<CorpusCase> cases() {
        return CASES;
    }

    private static List<CorpusCase> build() {
        List<CorpusCase> cases = new ArrayList<>();
        cases.addAll(ChainCases.all());
        cases.addAll(MultiChainCases.all());
        cases.addAll(SequenceCases.all());
        cases.addAll(MixtureCases.all());
        cases.addAll(NetworkCases.all());
        cases.addAll(ProgramCases.all());
        cases.sort((a, b) -> Integer.compare(MODELS.indexOf(a.modelClass()), MODELS.indexOf(b.modelClass())));
        return Collections.unmodifiableList(cases);
    }
}
