package dev.trellis.processor.shapes;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.trellis.processor.TrellisProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Shape mistakes of the kinds Pyro's users report, each caught at compile time as an error with its id, on the line
 * of the element that names both sides (docs/design/shapes.md §2). Every test starts from one correct HMM (hmm.py's
 * model_1 with declared dimensions, which compiles cleanly) and makes one mistake; the comment names the report it
 * comes from. Run-time mistakes, which only bodies make, are in the corpus module's {@code RunTimeShapeMistakesTest}.
 */
class ShapeMistakesTest {

    /** hmm.py model_1 with its shapes declared; each test replaces one line. */
    private static final String[] HMM = {
        "@Model",
        "@Dim(name = \"states\", from = \"states\")",
        "@Dim(name = \"tones\", from = \"tones\")",
        "public class Hmm {",
        "    final int states = 2;",
        "    final int tones = 3;",
        "    @Sample(name = \"probs_x\") @Shape(event = \"states, states\")",
        "    Distribution probsX() { return null; }",
        "    @Sample(name = \"probs_y\") @Shape(event = \"states, tones\")",
        "    Distribution probsY() { return null; }",
        "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate(domain = \"states\")",
        "    Categorical x(@Previous(initial = 0) int previous, @Site(\"probs_x\") @IndexedBy(\"previous\") Tensor probsX) { return null; }",
        "    @Sample @Plate({\"sequences\", \"time\", \"tones\"}) @Observed",
        "    Bernoulli y(int x, @Site(\"probs_y\") @IndexedBy(\"x\") Tensor probsY) { return null; }",
        "}",
    };

    private static JavaFileObject source(String name, String... lines) {
        return JavaFileObjects.forSourceString("shapes." + name, String.join("\n",
                "package shapes;",
                "import dev.trellis.dsl.*;",
                "import dev.trellis.runtime.distributions.*;",
                "import dev.trellis.runtime.tensor.Tensor;",
                String.join("\n", lines), ""));
    }

    /** The HMM with the line containing {@code original} replaced by {@code replacement}. */
    private static JavaFileObject hmmWith(String original, String replacement) {
        String[] lines = HMM.clone();
        boolean found = false;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(original)) {
                lines[i] = lines[i].replace(original, replacement);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException(original);
        }
        return source("Hmm", lines);
    }

    private static Compilation compile(JavaFileObject... sources) {
        return Compiler.javac().withProcessors(new TrellisProcessor())
                .withOptions("-Xlint:all,-processing", "-Werror").compile(sources);
    }

    private static void assertError(JavaFileObject source, String id, String message, String line) {
        Compilation compilation = compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message + "").inFile(source).onLineContaining(line);
        assertThat(compilation).hadErrorContaining("[" + id + "]");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void theHmmWithItsShapesDeclaredCompilesCleanlyAndGetsAShapesClass() {
        Compilation compilation = compile(source("Hmm", HMM));

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("shapes.HmmShapes");
        assertThat(compilation).generatedSourceFile("shapes.HmmProgram");
    }

    @Test
    void aTensorParameterWithATypeUseAnnotationTakesAShape() {
        // @Nullable is printed as part of the parameter's type; the parameter is still a Tensor.
        Compilation compilation = compile(hmmWith("@IndexedBy(\"x\") Tensor probsY",
                "@IndexedBy(\"x\") @Shape(\"states, tones\") @org.jspecify.annotations.Nullable Tensor probsY"));

        assertThat(compilation).succeededWithoutWarnings();
    }

    /** Matrix factorisation: users at dim -2, items at dim -1, so a user's factor is read as [users, 1, rank]. */
    private static JavaFileObject factorisation(String userFactorsShape) {
        return source("Factors",
                "@Model",
                "@Dim(name = \"rank\", size = 3)",
                "public class Factors {",
                "    @Sample @Plate(\"users\") @Shape(event = \"rank\")",
                "    Distribution userFactors() { return null; }",
                "    @Sample @Plate(\"items\") @Shape(event = \"rank\")",
                "    Distribution itemFactors() { return null; }",
                "    @Sample @Plate({\"users\", \"items\"}) @Observed",
                "    Distribution rating(@Shape(\"" + userFactorsShape + "\") Tensor userFactors,",
                "            @Shape(\"items, rank\") Tensor itemFactors) { return null; }",
                "}");
    }

    @Test
    void aSiteOutsideAnInnerPlateIsReadWithASizeOneDimensionThere() {
        assertThat(compile(factorisation("users, 1, rank"))).succeededWithoutWarnings();
    }

    @Test
    void aParameterThatForgetsTheSizeOneDimensionOfAnInnerPlate() {
        // numpyro#2010: a plate stack's broadcast lines a value up against the wrong dimension.
        assertError(factorisation("users, rank"), "TRELLIS-209", "parameter 'userFactors' declares shape [users, "
                + "rank] but site 'userFactors' has shape [users, 1, rank]", "Tensor userFactors");
    }

    @Test
    void anEmissionTableIndexedAlongTheWrongDimension() {
        // pyro PR #1828 (Vindex): hand-written indexing picked the wrong axis of a table.
        assertError(hmmWith("@Shape(event = \"states, tones\")", "@Shape(event = \"tones, states\")"), "TRELLIS-211",
                "parameter 'probsY' (shape [tones, states]) is indexed by 'x' along dimension 0 of size 'tones', but "
                + "'x' reads site 'x' whose domain is 'states'", "Bernoulli y(");
    }

    @Test
    void aTableDeclaredOnTheParameterIndexedByAValueOfAnotherDomain() {
        // pyro PR #1828: Vindex(probs)[x] where probs' first axis is not x's.
        assertError(hmmWith("@Site(\"probs_y\") @IndexedBy(\"x\") Tensor probsY",
                        "@Site(\"probs_y\") @IndexedBy(\"x\") @Shape(\"tones, states\") Tensor probsY"),
                "TRELLIS-209", "parameter 'probsY' declares shape [tones, states] but site 'probs_y' has shape "
                + "[states, tones]", "Bernoulli y(");
    }

    @Test
    void aTableIndexedByAnEnumeratedValueWhoseDomainIsNotItsFirstDimension() {
        // pyro#1647: enumeration dims grow because a table is indexed by the wrong enumerated variable's values.
        JavaFileObject source = source("Hmm", HMM[0], HMM[1], HMM[2], "@Dim(name = \"moods\", size = 4)", HMM[3],
                HMM[4], HMM[5], HMM[6], HMM[7], HMM[8], HMM[9], HMM[10], HMM[11],
                "    @Sample @Plate(\"sequences\") @Markov(over = \"time\") @Enumerate(domain = \"moods\")",
                "    Categorical mood(@Previous(initial = 0) int before) { return null; }",
                HMM[12],
                "    Bernoulli y(int x, int mood, @Site(\"probs_y\") @IndexedBy(\"mood\") Tensor probsY) { return null; }",
                HMM[14]);
        assertError(source, "TRELLIS-211", "is indexed by 'mood' along dimension 0 of size 'states', but 'mood' reads "
                + "site 'mood' whose domain is 'moods'", "Bernoulli y(");
    }

    @Test
    void indexingByAParameterThatIsNotAnEnumeratedValue() {
        // pyro PR #1828: indexing with a value that is not an enumerated site's (a broadcast index).
        assertError(hmmWith("@IndexedBy(\"x\")", "@IndexedBy(\"probsY\")"), "TRELLIS-210",
                "'probsY' does not read an enumerated site as an int", "Bernoulli y(");
    }

    @Test
    void indexingATableWithMoreValuesThanItHasDimensions() {
        // pyro PR #260 (Categorical dims): more index dimensions than the table has.
        assertError(hmmWith("@IndexedBy(\"x\") Tensor probsY", "@IndexedBy({\"x\", \"x\"}) @Shape(\"tones\") Tensor probsY"),
                "TRELLIS-209", "parameter 'probsY' declares shape [tones] but site 'probs_y' has shape [states, tones]",
                "Bernoulli y(");
    }

    @Test
    void aChainSiteThatPutsItsOwnTimePlateInItsBatchShape() {
        // pyro#1647: the time dimension counted again at every step, so dimensions grow.
        assertError(hmmWith("@Enumerate(domain = \"states\")", "@Enumerate(domain = \"states\") @Shape(batch = \"time\")"),
                "TRELLIS-212", "site 'x' names dimension 'time' in its batch shape, but that is the size of its plate "
                + "'time'", "@Shape(batch = \"time\")");
    }

    @Test
    void observedDataWithItsPlateCountedTwice() {
        // numpyro#1230: ys of shape (N, 1) inside plate N broadcast to (N, N) without an error.
        assertError(hmmWith("@Observed", "@Observed @Shape(batch = \"tones\")"), "TRELLIS-212",
                "site 'y' names dimension 'tones' in its batch shape", "@Shape(batch = \"tones\")");
    }

    @Test
    void observedDataDeclaringItsPlateAsAnEventDimension() {
        // pyro#2969: "Shape mismatch inside plate('data') at site obs" from to_event over the plate's dimension.
        assertError(hmmWith("@Observed", "@Observed @Shape(event = \"tones\")"), "TRELLIS-212",
                "site 'y' names dimension 'tones' in its event shape", "@Shape(event = \"tones\")");
    }

    @Test
    void observedDataVaryingAlongAPlateItIsNotDeclaredIn() {
        // numpyro#2010: incompatible broadcasts under a plate stack when data varies along a plate not entered.
        JavaFileObject source = source("Ratings",
                "@Model",
                "public class Ratings {",
                "    @Sample @Plate(\"items\") Normal difficulty() { return null; }",
                "    @Sample @Plate(\"users\") @Observed @Shape(batch = \"items\")",
                "    Normal rating() { return null; }",
                "}");
        assertError(source, "TRELLIS-213", "site 'rating' names dimension 'items' in its batch shape, the size of "
                + "plate 'items', but the site is not inside that plate", "@Shape(batch = \"items\")");
    }

    @Test
    void onePlateBoundToTwoDimensions() {
        // numpyro#1045: the same plate name used with inconsistent sizes.
        assertError(hmmWith("@Dim(name = \"tones\", from = \"tones\")",
                        "@Dim(name = \"tones\", from = \"tones\") @Dim(name = \"notes\", size = 88, plates = \"tones\")"),
                "TRELLIS-208", "plate 'tones' is bound to dimension 'tones' and to dimension 'notes'", "public class Hmm");
    }

    @Test
    void aParameterReadingAPlatedSiteAsAnotherDimension() {
        // numpyro#779: dim -1 means the plate in one place and another dimension elsewhere.
        JavaFileObject source = source("Users",
                "@Model @Dim(name = \"items\")",
                "public class Users {",
                "    @Sample @Plate(\"users\") @Shape Normal ability() { return null; }",
                "    @Sample @Plate(\"users\") @Observed",
                "    Normal score(@Shape(\"items\") Tensor ability) { return null; }",
                "}");
        assertError(source, "TRELLIS-209", "parameter 'ability' declares shape [items] but site 'ability' has shape "
                + "[users]", "Normal score(");
    }

    @Test
    void anEmissionParameterWithAnotherAlphabetSize() {
        // hmmlearn#547: "emissionprob_ must have shape (n_components, n_features)".
        assertError(hmmWith("@Site(\"probs_y\") @IndexedBy(\"x\") Tensor probsY",
                        "@Site(\"probs_y\") @Shape(\"states, 88\") Tensor probsY"), "TRELLIS-209",
                "parameter 'probsY' declares shape [states, 88] but site 'probs_y' has shape [states, tones]",
                "Bernoulli y(");
    }

    @Test
    void aParamReadWithAnExtraDimension() {
        // dynamax#246: a (K, E) emission matrix sampled but (K, E, C) asserted downstream.
        JavaFileObject source = source("Emissions",
                "@Model @Dim(name = \"states\", size = 2) @Dim(name = \"tones\", size = 3) @Dim(name = \"classes\", size = 4)",
                "public class Emissions {",
                "    @Param(constraint = \"unit_interval\") @Shape(\"states, tones\") Tensor emit() { return null; }",
                "    @Sample @Plate(\"data\") @Enumerate(domain = \"states\") Categorical z() { return null; }",
                "    @Sample @Plate({\"data\", \"tones\"}) @Observed",
                "    Bernoulli y(int z, @Site(\"emit\") @Shape(\"states, tones, classes\") Tensor emit) { return null; }",
                "}");
        assertError(source, "TRELLIS-209", "parameter 'emit' declares shape [states, tones, classes] but @Param 'emit' "
                + "has shape [states, tones]", "Bernoulli y(");
    }

    @Test
    void aGuideSiteOfAnotherShapeThanTheModels() {
        // pyro#2919: model and guide disagree on a site, found only deep inside TraceEnum_ELBO's shape checks.
        JavaFileObject model = source("Weights",
                "@Model @Dim(name = \"k\", size = 3)",
                "public class Weights {",
                "    @Sample @Shape(event = \"k\") Dirichlet weights() { return null; }",
                "    @Sample @Plate(\"data\") @Observed Categorical obs(Tensor weights) { return null; }",
                "}");
        JavaFileObject guide = source("WeightsGuide",
                "@Guide(Weights.class) @Dim(name = \"k\", size = 3)",
                "public class WeightsGuide {",
                "    @Param(name = \"alpha\", constraint = \"positive\") Tensor alpha() { return null; }",
                "    @Sample @Shape(event = \"k, k\")",
                "    Dirichlet weights(@Site(\"alpha\") Tensor alpha) { return null; }",
                "}");
        Compilation compilation = compile(model, guide);
        assertThat(compilation).hadErrorContaining("guide site 'weights' declares event shape [k, k] but the model's "
                + "'weights' declares [k]").inFile(guide).onLineContaining("@Shape(event = \"k, k\")");
        assertThat(compilation).hadErrorContaining("[TRELLIS-216]");
    }

    @Test
    void aChainStartingOutsideItsDomain() {
        // pymc#1098: "index out of bounds" from a categorical state outside its support.
        JavaFileObject source = source("Chain",
                "@Model @Dim(name = \"states\", size = 3)",
                "public class Chain {",
                "    @Sample @Markov(over = \"time\") @Enumerate(domain = \"states\")",
                "    Categorical x(@Previous(initial = 3) int previous) { return null; }",
                "    @Sample @Plate(\"time\") @Observed Normal y(int x) { return null; }",
                "}");
        assertError(source, "TRELLIS-215", "parameter 'previous' starts from initial = 3, outside the domain of site "
                + "'x' ('states' = 3, values 0..2)", "Categorical x(");
    }

    @Test
    void aMisspelledDimension() {
        // numpyro#1131: shapes named inconsistently between parts of a model.
        assertError(hmmWith("@Shape(event = \"states, tones\")", "@Shape(event = \"states, tone\")"), "TRELLIS-206",
                "the event shape of site 'probs_y' names dimension 'tone', which is neither a @Dim of the class nor a "
                + "plate (did you mean 'tones'?)", "@Shape(event = \"states, tone\")");
    }

    @Test
    void aDimensionFromAMemberTheGeneratedCodeCannotRead() {
        // pyro PR #1796: a param's size known only to code that the inference cannot see.
        assertError(hmmWith("    final int states = 2;", "    private final int states = 2;"), "TRELLIS-202",
                "@Dim 'states' reads its size from 'states', which is private", "public class Hmm");
    }

    @Test
    void aDimensionFromAMissingMember() {
        // numpyro PR #868: sizes taken from the wrong source.
        assertError(hmmWith("from = \"tones\"", "from = \"notes\""), "TRELLIS-201",
                "@Dim 'tones' reads its size from 'notes', but the class has no field notes", "public class Hmm");
    }

    @Test
    void aDimensionWithTwoSources() {
        // numpyro#1045: two sizes for one name.
        assertError(hmmWith("from = \"tones\")", "from = \"tones\", size = 51)"), "TRELLIS-200",
                "@Dim 'tones' gives both from and size", "public class Hmm");
    }

    @Test
    void aDimensionDeclaredTwice() {
        // numpyro#1045: the same name with inconsistent sizes.
        assertError(hmmWith("@Dim(name = \"tones\", from = \"tones\")", "@Dim(name = \"states\", size = 51)"),
                "TRELLIS-203", "dimension 'states' is declared more than once", "public class Hmm");
    }

    @Test
    void aShapeThatDoesNotParse() {
        // pyro PR #2237: shapes written by hand and unpacked wrongly.
        assertError(hmmWith("@Shape(event = \"states, states\")", "@Shape(event = \"states,, states\")"), "TRELLIS-205",
                "is not a shape: an empty dimension between commas", "@Shape(event = \"states,, states\")");
    }

    @Test
    void aShapeOnAnIntParameter() {
        // pyro#3183: shape mismatch at an enumerated value read as a tensor.
        assertError(hmmWith("Bernoulli y(int x,", "Bernoulli y(@Shape(\"states\") int x,"), "TRELLIS-207",
                "parameter 'x' of site 'y' is a int, which carries no shape", "Bernoulli y(");
    }

    @Test
    void aDimensionBindingAPlateNobodyUses() {
        // numpyro#1045: a plate name that does not match.
        assertError(hmmWith("@Dim(name = \"tones\", from = \"tones\")",
                        "@Dim(name = \"tones\", from = \"tones\") @Dim(name = \"n\", plates = \"sequence\")"),
                "TRELLIS-217", "@Dim 'n' binds plate 'sequence', but no site or @Param is inside a plate of that name "
                + "(did you mean 'sequences'?)", "public class Hmm");
    }
}
