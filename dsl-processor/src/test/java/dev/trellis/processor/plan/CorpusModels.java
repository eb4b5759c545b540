package dev.trellis.processor.plan;

import static dev.trellis.processor.ir.ModelBuilder.model;

import dev.trellis.processor.ir.ModelDeclaration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpus of small enumerated models (issue 9, {@code CORPUS.md}) as IR built in code, under the corpus's names
 * and in its order. The {@code corpus} module has the same models as {@code @Model} classes.
 */
public final class CorpusModels {
    private CorpusModels() {}

    /** Every corpus model, by name, in corpus order. */
    public static Map<String, ModelDeclaration> all() {
        Map<String, ModelDeclaration> all = new LinkedHashMap<>();
        for (ModelDeclaration m : List.of(rainSun(), gaussianHmm(), poissonHmm(), sequencesHmm(), factorialHmm(),
                dependentChains(), mixtureOfHmms(), groupMixture(), twoSitesPerPoint(), sprinkler(), globalSwitch(),
                thirdOrderChain(), categoricalArHmm(), twoSitesPerStep(), fixedGmm(), laggedObservation(),
                secondOrderNullStart(), deepPlates(), notesPerStep(), bernoulliTonesHmm(), arBernoulliTones(),
                chainUnderGlobalSwitch(), twoChainsTwoObservations(), voicesInSongs(), chainWithConstantObservation(),
                unobservedBranch(), mvnHmm(), binomialMixture(), diamond(), pairPerPoint(), twoObservationsPerStep(),
                globalAndLocal(), clusterWithSequenceObservation(), hmmProgram(), gmmProgram())) {
            all.put(m.className(), m);
        }
        return all;
    }

    public static ModelDeclaration rainSun() {
        return model("RainSun")
                .site("weather", "Categorical").enumerate().markov("days").previous("yesterday", 1)
                .site("activity", "Categorical").observe().plates("days").reads("weather")
                .build();
    }

    public static ModelDeclaration gaussianHmm() {
        return model("GaussianHmm")
                .site("state", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("obs", "Normal").observe().plates("time").reads("state")
                .build();
    }

    public static ModelDeclaration poissonHmm() {
        return model("PoissonHmm")
                .site("state", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("counts", "Poisson").observe().plates("time").reads("state")
                .build();
    }

    public static ModelDeclaration sequencesHmm() {
        return model("SequencesHmm")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time").previous("previous", 1, 0)
                .site("y", "Categorical").observe().plates("sequences", "time").reads("x")
                .build();
    }

    public static ModelDeclaration factorialHmm() {
        return model("FactorialHmm")
                .site("a", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("b", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("c", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("reading", "Normal").observe().plates("time").reads("a").reads("b").reads("c")
                .build();
    }

    public static ModelDeclaration dependentChains() {
        return model("DependentChains")
                .site("w", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1).reads("w")
                .site("y", "Categorical").observe().plates("time").reads("w").reads("x")
                .build();
    }

    public static ModelDeclaration mixtureOfHmms() {
        return model("MixtureOfHmms")
                .site("cluster", "Categorical").enumerate().plates("sequences")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time").previous("previous", 1, 0)
                .reads("cluster")
                .site("y", "Categorical").observe().plates("sequences", "time").reads("x")
                .build();
    }

    public static ModelDeclaration groupMixture() {
        return model("GroupMixture")
                .site("z", "Categorical").enumerate().plates("groups")
                .site("obs", "Normal").observe().plates("groups", "items").reads("z")
                .build();
    }

    public static ModelDeclaration twoSitesPerPoint() {
        return model("TwoSitesPerPoint")
                .site("a", "Categorical").enumerate().plates("data")
                .site("b", "Categorical").enumerate().plates("data").reads("a")
                .site("obs", "Normal").observe().plates("data").reads("a").reads("b")
                .build();
    }

    public static ModelDeclaration sprinkler() {
        return model("Sprinkler")
                .site("cloudy", "Categorical").enumerate()
                .site("sprinkler", "Categorical").enumerate().reads("cloudy")
                .site("rain", "Categorical").enumerate().reads("cloudy")
                .site("wet", "Bernoulli").observe().reads("sprinkler").reads("rain")
                .build();
    }

    public static ModelDeclaration globalSwitch() {
        return model("GlobalSwitch")
                .site("regime", "Categorical").enumerate()
                .site("obs", "Normal").observe().plates("data").reads("regime")
                .build();
    }

    public static ModelDeclaration thirdOrderChain() {
        return model("ThirdOrderChain")
                .site("x", "Categorical").enumerate().markov("time", 3).previous("last", 1, 0)
                .previous("second", 2, 0).previous("third", 3, 0)
                .site("y", "Categorical").observe().plates("time").reads("x")
                .build();
    }

    public static ModelDeclaration categoricalArHmm() {
        return model("CategoricalArHmm")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1, 0)
                .site("y", "Categorical").observe().plates("time").reads("x").previous("previous", 1, 0)
                .build();
    }

    public static ModelDeclaration twoSitesPerStep() {
        return model("TwoSitesPerStep")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("z", "Categorical").enumerate().plates("time").reads("x")
                .site("y", "Categorical").observe().plates("time").reads("x").reads("z")
                .build();
    }

    public static ModelDeclaration fixedGmm() {
        return model("FixedGmm")
                .site("assignment", "Categorical").enumerate().plates("data")
                .site("obs", "Normal").observe().plates("data").reads("assignment")
                .build();
    }

    public static ModelDeclaration laggedObservation() {
        return model("LaggedObservation")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("y", "Categorical").observe().plates("time").reads("x").previousOf("before", "x", 1)
                .build();
    }

    public static ModelDeclaration secondOrderNullStart() {
        return model("SecondOrderNullStart")
                .site("x", "Categorical").enumerate().markov("time", 2).previous("last", 1).previous("beforeLast", 2)
                .site("y", "Categorical").observe().plates("time").reads("x")
                .build();
    }

    public static ModelDeclaration deepPlates() {
        return model("DeepPlates")
                .site("u", "Categorical").enumerate().plates("a")
                .site("v", "Categorical").enumerate().plates("a", "b").reads("u")
                .site("obs", "Normal").observe().plates("a", "b", "c").reads("v")
                .build();
    }

    public static ModelDeclaration notesPerStep() {
        return model("NotesPerStep")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("n", "Categorical").enumerate().plates("time", "notes").reads("x")
                .site("y", "Categorical").observe().plates("time", "notes").reads("n")
                .build();
    }

    public static ModelDeclaration bernoulliTonesHmm() {
        return model("BernoulliTonesHmm")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time").previous("previous", 1, 0)
                .site("y", "Bernoulli").observe().plates("sequences", "time", "tones").reads("x")
                .build();
    }

    public static ModelDeclaration arBernoulliTones() {
        return model("ArBernoulliTones")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time").previous("previous", 1, 0)
                .site("y", "Bernoulli").observe().plates("sequences", "time", "tones").reads("x")
                .previousTensor("previous", 1, 0)
                .build();
    }

    public static ModelDeclaration chainUnderGlobalSwitch() {
        return model("ChainUnderGlobalSwitch")
                .site("mode", "Categorical").enumerate()
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1).reads("mode")
                .site("y", "Categorical").observe().plates("time").reads("x")
                .build();
    }

    public static ModelDeclaration twoChainsTwoObservations() {
        return model("TwoChainsTwoObservations")
                .site("u", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("v", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("p", "Categorical").observe().plates("time").reads("u")
                .site("q", "Categorical").observe().plates("time").reads("v")
                .build();
    }

    public static ModelDeclaration voicesInSongs() {
        return model("VoicesInSongs")
                .site("style", "Categorical").enumerate().plates("songs", "voices")
                .site("x", "Categorical").enumerate().plates("songs", "voices").markov("time")
                .previous("previous", 1, 0).reads("style")
                .site("y", "Categorical").observe().plates("songs", "voices", "time").reads("x")
                .build();
    }

    public static ModelDeclaration chainWithConstantObservation() {
        return model("ChainWithConstantObservation")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("y", "Categorical").observe().plates("time").reads("x")
                .site("offset", "Normal").observe()
                .build();
    }

    public static ModelDeclaration unobservedBranch() {
        return model("UnobservedBranch")
                .site("a", "Categorical").enumerate()
                .site("b", "Categorical").enumerate().reads("a")
                .site("y", "Categorical").observe().plates("data").reads("a")
                .build();
    }

    public static ModelDeclaration mvnHmm() {
        return model("MvnHmm")
                .site("state", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("obs", "MultivariateNormal").observe().plates("time").reads("state")
                .build();
    }

    public static ModelDeclaration binomialMixture() {
        return model("BinomialMixture")
                .site("z", "Categorical").enumerate().plates("data")
                .site("count", "Binomial").observe().plates("data").reads("z")
                .build();
    }

    public static ModelDeclaration diamond() {
        return model("Diamond")
                .site("a", "Categorical").enumerate()
                .site("b", "Categorical").enumerate().reads("a")
                .site("c", "Categorical").enumerate().reads("a")
                .site("d", "Categorical").observe().reads("b").reads("c")
                .build();
    }

    public static ModelDeclaration pairPerPoint() {
        return model("PairPerPoint")
                .site("z1", "Categorical").enumerate().plates("data")
                .site("z2", "Categorical").enumerate().plates("data").reads("z1")
                .site("obs", "Categorical").observe().plates("data", "trials").reads("z2")
                .build();
    }

    public static ModelDeclaration twoObservationsPerStep() {
        return model("TwoObservationsPerStep")
                .site("x", "Categorical").enumerate().markov("time").previous("previous", 1)
                .site("symbol", "Categorical").observe().plates("time").reads("x")
                .site("level", "Normal").observe().plates("time").reads("x")
                .build();
    }

    public static ModelDeclaration globalAndLocal() {
        return model("GlobalAndLocal")
                .site("g", "Categorical").enumerate()
                .site("z", "Categorical").enumerate().plates("data").reads("g")
                .site("obs", "Normal").observe().plates("data").reads("z").reads("g")
                .build();
    }

    public static ModelDeclaration clusterWithSequenceObservation() {
        return model("ClusterWithSequenceObservation")
                .site("cluster", "Categorical").enumerate().plates("sequences")
                .site("length", "Normal").observe().plates("sequences").reads("cluster")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time").previous("previous", 1, 0)
                .reads("cluster")
                .site("y", "Categorical").observe().plates("sequences", "time").reads("x")
                .build();
    }

    public static ModelDeclaration hmmProgram() {
        return model("HmmProgram")
                .site("probs_x", "Dirichlet")
                .site("probs_y", "Beta")
                .site("x", "Categorical").enumerate().plates("sequences").markov("time").previous("previous", 1, 0)
                .tensor("p", "probs_x")
                .site("y", "Bernoulli").observe().plates("sequences", "time", "tones").reads("x")
                .tensor("p", "probs_y")
                .build();
    }

    public static ModelDeclaration gmmProgram() {
        return model("GmmProgram")
                .site("weights", "Dirichlet")
                .site("scale", "LogNormal")
                .site("locs", "Normal").plates("components")
                .site("assignment", "Categorical").enumerate().plates("data").tensor("weights", "weights")
                .site("obs", "Normal").observe().plates("data").reads("assignment").tensor("locs", "locs")
                .tensor("scale", "scale")
                .build();
    }
}
