package dev.trellis.processor;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Mixture models for the processor tests: Pyro's GMM tutorial as a user writes it, and variations of its sites. */
final class Mixtures {
    private Mixtures() {}

    static final String IMPORTS = String.join("\n",
            "import dev.trellis.dsl.*;",
            "import dev.trellis.runtime.distributions.*;",
            "import dev.trellis.runtime.tensor.Tensor;",
            "");

    /** The global sites of the tutorial: weights, scale, and locs in plate components. */
    static final String GLOBALS = String.join("\n",
            "    @Sample Dirichlet weights() { return Dirichlet.of(Tensor.full(0.5, 2)); }",
            "    @Sample LogNormal scale() { return LogNormal.of(0.0, 2.0); }",
            "    @Sample @Plate(\"components\") Normal locs() { return Normal.of(0.0, 10.0); }");

    static final String ASSIGNMENT = String.join("\n",
            "    @Sample @Plate(\"data\") @Enumerate",
            "    Categorical assignment(Tensor weights) { return Categorical.of(weights); }");

    static final String OBS = String.join("\n",
            "    @Sample @Plate(\"data\") @Observed",
            "    Normal obs(int assignment, Tensor locs, Tensor scale) {",
            "        return Normal.of(locs.select(0, assignment), scale);",
            "    }");

    /** The tutorial's model. */
    static JavaFileObject gmm() {
        return model("Gmm", GLOBALS, ASSIGNMENT, OBS);
    }

    /** A model {@code mixtures.<name>} whose class body is the given lines. */
    static JavaFileObject model(String name, String... body) {
        return JavaFileObjects.forSourceString("mixtures." + name, "package mixtures;\n" + IMPORTS + "@Model\n"
                + "public class " + name + " {\n" + String.join("\n", body) + "\n}\n");
    }
}
