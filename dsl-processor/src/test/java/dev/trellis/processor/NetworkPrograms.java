package dev.trellis.processor;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/**
 * Sources for the tests of programs with networks, computed values, scales and continuous chains: a network class and
 * the seed tutorial's DMM shape (one sequence) and dmm.py's (ragged sequences), as a user writes them. Bodies return
 * null: these sources are compiled, not run (the samples run the real ones).
 */
final class NetworkPrograms {
    private NetworkPrograms() {}

    static final String IMPORTS = String.join("\n",
            "import dev.trellis.dsl.*;",
            "import dev.trellis.runtime.distributions.*;",
            "import dev.trellis.runtime.nn.Linear;",
            "import dev.trellis.runtime.random.Rng;",
            "import dev.trellis.runtime.svi.Sequences;",
            "import dev.trellis.runtime.tensor.Tensor;",
            "");

    /** A network of the user's: a runtime module with one layer. */
    static JavaFileObject nets() {
        return source("Nets",
                "public class Nets extends dev.trellis.runtime.nn.Module {",
                "    final Linear lin = addModule(\"lin\", new Linear(2, 2, Rng.seeded(0)));",
                "}");
    }

    /** The seed tutorial's DMM shape: a chain over one sequence, its z sites annealed. */
    static JavaFileObject chain() {
        return source("Chain",
                "@Model",
                "public class Chain {",
                "    @Network(name = \"dmm\") Nets dmm() { return null; }",
                "    @Param(name = \"obs_scale\", constraint = \"positive\") Tensor obsScale() { return null; }",
                "",
                "    @Sample @Markov(over = \"time\") @Scale(\"annealing\")",
                "    Distribution z(@Previous Tensor previous, Nets dmm) { return null; }",
                "",
                "    @Sample @Plate(\"time\") @Observed",
                "    Distribution x(Tensor z, Nets dmm, @Site(\"obs_scale\") Tensor scale) { return null; }",
                "}");
    }

    /** Its guide: an RNN summary computed once per run, read step by step. */
    static JavaFileObject chainGuide() {
        return guide("ChainGuide", "Chain",
                "    @Computed @Plate(\"time\") Tensor rnnOut(Tensor x, Nets dmm) { return null; }",
                "    @Sample @Markov(over = \"time\")",
                "    Distribution z(@Previous Tensor previous, Tensor rnnOut, Nets dmm) { return null; }");
    }

    /** dmm.py's shape: chains over ragged sequences. */
    static JavaFileObject ragged() {
        return source("Ragged",
                "@Model",
                "public class Ragged {",
                "    @Network(name = \"dmm\") Nets dmm() { return null; }",
                "",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Scale(\"annealing\")",
                "    Distribution z(@Previous Tensor previous, Nets dmm) { return null; }",
                "",
                "    @Sample(name = \"obs_x\") @Plate({\"sequences\", \"time\"}) @Observed",
                "    Distribution x(Tensor z, Nets dmm) { return null; }",
                "}");
    }

    static JavaFileObject raggedGuide() {
        return guide("RaggedGuide", "Ragged",
                "    @Computed @Plate({\"sequences\", \"time\"})",
                "    Tensor rnnOut(@Site(\"obs_x\") Sequences x, Nets dmm) { return null; }",
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\")",
                "    Distribution z(@Previous Tensor previous, Tensor rnnOut, Nets dmm) { return null; }");
    }

    /** A guide for {@code model} with one network {@code dmm} and the given members. */
    static JavaFileObject guide(String name, String model, String... members) {
        return source(name,
                "@Guide(" + model + ".class)",
                "public class " + name + " {",
                "    @Network(name = \"dmm\") Nets dmm() { return null; }",
                String.join("\n", members),
                "}");
    }

    static JavaFileObject source(String name, String... body) {
        return JavaFileObjects.forSourceString("dmm." + name,
                "package dmm;\n" + IMPORTS + String.join("\n", body) + "\n");
    }
}
