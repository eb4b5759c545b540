package dev.trellis.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Model sources for the processor tests, and the compiler they are run through. */
final class Sources {
    private Sources() {}

    static final String IMPORTS = String.join("\n",
            "import dev.trellis.dsl.*;",
            "import dev.trellis.runtime.distributions.Categorical;",
            "import dev.trellis.runtime.tensor.Tensor;",
            "");

    /** The rain/sun model of the seed blog post, as a user writes it. */
    static JavaFileObject rainSun() {
        return JavaFileObjects.forSourceString("weather.RainSun", String.join("\n",
                "package weather;",
                IMPORTS,
                "@Model",
                "public class RainSun {",
                "    private final Tensor pi = Tensor.vector(0.6, 0.4);",
                "    private final Tensor transition = Tensor.matrix(new double[][] {{0.7, 0.3}, {0.4, 0.6}});",
                "    private final Tensor emission = Tensor.matrix(new double[][] {{0.1, 0.4, 0.5}, {0.6, 0.3, 0.1}});",
                "",
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    Categorical weather(@Previous Integer yesterday) {",
                "        return yesterday == null ? Categorical.of(pi) : Categorical.of(transition.row(yesterday));",
                "    }",
                "",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) {",
                "        return Categorical.of(emission.row(weather));",
                "    }",
                "}",
                ""));
    }

    /** A model in package {@code test} whose class body is {@code body}. */
    static JavaFileObject model(String name, String... body) {
        return JavaFileObjects.forSourceString("test." + name, "package test;\n" + IMPORTS + String.join("\n", body) + "\n");
    }

    /**
     * Compiles with the Trellis processor and every lint warning as an error, except javac's
     * processing lint: it warns that no processor claims {@code @Generated} on the generated class,
     * which says nothing about the code (the generated source is linted on its own, see
     * {@link RainSunCompilationTest}).
     */
    static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac().withProcessors(new TrellisProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror")
                .compile(sources);
    }
}
