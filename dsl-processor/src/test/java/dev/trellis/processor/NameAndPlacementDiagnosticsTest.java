package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;
import static dev.trellis.processor.Sources.model;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The mends of issue 10's review of the diagnostics: names the generated code cannot carry, plates named like sites,
 * lags below 1 naming their plate, a guide sampling an enumerated site reported on that site, and TRELLIS-011/021
 * naming the site that reads. Each error is asserted with its message, file and line.
 */
class NameAndPlacementDiagnosticsTest {

    private static final String CHAIN = String.join("\n",
            "    @Sample @Markov(over = \"days\") @Enumerate",
            "    Categorical weather(@Previous Integer yesterday) { return null; }");

    /** Every java.lang.Object method: a record component of that name would break the generated records. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashCode", "toString", "getClass", "equals", "wait", "notify", "notifyAll", "clone",
            "finalize"})
    void a_site_named_like_an_object_method_is_an_error_on_its_method(String name) {
        JavaFileObject source = model("ObjectName",
                "@Model public class ObjectName {",
                CHAIN,
                "    @Sample(name = \"" + name + "\") @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site name '" + name + "' cannot be used: it is a method of "
                + "java.lang.Object").inFile(source).onLineContaining("Categorical activity(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-024]");
    }

    @Test
    void a_latent_site_named_to_string_in_a_program_is_an_error_too() {
        JavaFileObject source = model("ProgramName",
                "@Model public class ProgramName {",
                "    @Sample(name = \"toString\")",
                "    dev.trellis.runtime.distributions.Normal mu() { return null; }",
                "    @Sample @Observed",
                "    dev.trellis.runtime.distributions.Normal y(@Site(\"toString\") Tensor mu) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site name 'toString' cannot be used")
                .inFile(source).onLineContaining("Normal mu()");
    }

    @Test
    void a_site_named_like_a_java_keyword_is_an_error_on_its_method() {
        JavaFileObject source = model("KeywordName",
                "@Model public class KeywordName {",
                CHAIN,
                "    @Sample(name = \"class\") @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site name 'class' cannot be used: it is a Java keyword")
                .inFile(source).onLineContaining("Categorical activity(");
    }

    @Test
    void a_param_named_like_an_object_method_is_an_error_on_its_method() {
        JavaFileObject source = model("ParamName",
                "@Model public class ParamName {",
                "    @Param(name = \"hashCode\") Tensor probs() { return null; }",
                CHAIN,
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("@Param name 'hashCode' cannot be used")
                .inFile(source).onLineContaining("Tensor probs()");
    }

    @Test
    void a_site_named_like_the_map_assignments_log_joint_is_an_error() {
        JavaFileObject source = model("LogJointName",
                "@Model public class LogJointName {",
                CHAIN,
                "    @Sample(name = \"logJoint\") @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site name 'logJoint' is used by the generated inference API")
                .inFile(source).onLineContaining("Categorical activity(");
    }

    /** An enumerated site named "cost" would declare the axis constant COST, which the class declares for its cost. */
    @Test
    void a_site_whose_constant_is_one_the_class_declares_is_an_error() {
        JavaFileObject source = model("CostName",
                "@Model public class CostName {",
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    Categorical cost(@Previous Integer yesterday) { return null; }",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int cost) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site name 'cost' is used by the generated inference API")
                .inFile(source).onLineContaining("Categorical cost(");
    }

    /** "weather_lag1" would name the same constant as weather's axis one step back. */
    @Test
    void a_site_whose_constant_is_another_sites_axis_is_an_error() {
        JavaFileObject source = model("AxisName",
                "@Model public class AxisName {",
                CHAIN,
                "    @Sample @Plate(\"days\") @Enumerate",
                "    Categorical weather_lag1(int weather) { return null; }",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather_lag1) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site name 'weather_lag1' is used by the generated inference API")
                .inFile(source).onLineContaining("Categorical weather_lag1(");
    }

    @Test
    void a_plate_named_like_a_site_is_an_error_on_the_site_that_lists_it() {
        JavaFileObject source = model("PlateLikeSite",
                "@Model public class PlateLikeSite {",
                "    @Sample @Markov(over = \"activity\") @Enumerate",
                "    Categorical weather(@Previous Integer yesterday) { return null; }",
                "    @Sample @Plate(\"activity\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site 'weather' lists plate 'activity', which is also the name "
                + "of site 'activity'").inFile(source).onLineContaining("Categorical weather(");
        assertThat(compilation).hadErrorContaining("[TRELLIS-026]");
    }

    @Test
    void a_plate_named_like_a_param_is_an_error() {
        JavaFileObject source = model("PlateLikeParam",
                "@Model public class PlateLikeParam {",
                "    @Param Tensor days() { return null; }",
                CHAIN,
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("site 'weather' lists plate 'days', which is also the name of "
                + "@Param 'days'").inFile(source).onLineContaining("Categorical weather(");
    }

    @ParameterizedTest(name = "lag {0}")
    @ValueSource(ints = {0, -1})
    void a_lag_below_one_names_the_chains_plate(int lag) {
        JavaFileObject source = model("LagBelowOne",
                "@Model public class LagBelowOne {",
                "    @Sample @Markov(over = \"days\") @Enumerate",
                "    Categorical weather(@Previous(lag = " + lag + ") Integer yesterday) { return null; }",
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("parameter 'yesterday' asks for lag " + lag + " of 'weather' "
                + "along plate 'days' (history 1), but @Previous reads an earlier step: use a lag of 1")
                .inFile(source).onLineContaining("Integer yesterday");
        assertThat(compilation).hadErrorContaining("[TRELLIS-012]");
    }

    @Test
    void a_lag_below_one_of_a_site_declared_later_still_names_its_plate() {
        JavaFileObject source = model("LagOfLater",
                "@Model public class LagOfLater {",
                "    @Sample @Plate(\"time\") @Observed",
                "    Categorical y(int x, @Previous(value = \"x\", lag = 0) Integer before) { return null; }",
                "    @Sample @Markov(over = \"time\", history = 2) @Enumerate",
                "    Categorical x(@Previous Integer previous) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("asks for lag 0 of 'x' along plate 'time' (history 2), but "
                + "@Previous reads an earlier step: use a lag from 1 to 2")
                .inFile(source).onLineContaining("Integer before");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void trellis_021_names_the_site_that_reads_outside_the_plate() {
        JavaFileObject source = model("OutsidePlate",
                "@Model public class OutsidePlate {",
                CHAIN,
                "    @Sample @Observed",
                "    Categorical summary(int weather) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("parameter 'weather' of 'summary' depends on 'weather', which is "
                + "replicated over plate 'days', but 'summary' is not in that plate; add \"days\" to the @Plate of "
                + "'summary'").inFile(source).onLineContaining("Categorical summary(int weather)");
        assertThat(compilation).hadErrorContaining("[TRELLIS-021]");
    }

    @Test
    void trellis_011_names_the_site_that_reads_an_earlier_step_outside_the_chain() {
        JavaFileObject source = model("EarlierOutside",
                "@Model public class EarlierOutside {",
                CHAIN,
                "    @Sample @Plate(\"days\") @Observed",
                "    Categorical activity(int weather) { return null; }",
                "    @Sample @Observed",
                "    Categorical summary(@Previous(\"weather\") Integer last) { return null; }",
                "}");

        Compilation compilation = compile(source);

        assertThat(compilation).hadErrorContaining("parameter 'last' of 'summary' reads an earlier step of 'weather' "
                + "along plate 'days', but 'summary' is not inside plate 'days'")
                .inFile(source).onLineContaining("Integer last");
    }

    @Test
    void a_guide_sampling_an_enumerated_site_is_reported_on_that_site() {
        JavaFileObject model = JavaFileObjects.forSourceString("test.Mixed", String.join("\n",
                "package test;",
                Sources.IMPORTS,
                "@Model public class Mixed {",
                "    @Sample dev.trellis.runtime.distributions.Normal loc() { return null; }",
                "    @Sample @Plate(\"data\") @Enumerate",
                "    Categorical z() { return null; }",
                "    @Sample @Plate(\"data\") @Observed",
                "    dev.trellis.runtime.distributions.Normal x(int z, Tensor loc) { return null; }",
                "}"));
        JavaFileObject guide = JavaFileObjects.forSourceString("test.MixedGuide", String.join("\n",
                "package test;",
                Sources.IMPORTS,
                "@Guide(Mixed.class) public class MixedGuide {",
                "    @Sample dev.trellis.runtime.distributions.Normal loc() { return null; }",
                "    @Sample @Plate(\"data\")",
                "    Categorical z() { return null; }",
                "}"));

        Compilation compilation = compile(model, guide);

        assertThat(compilation).hadErrorContaining("guide site 'z' samples 'z', which is @Enumerate in model Mixed")
                .inFile(guide).onLineContaining("Categorical z()");
        assertThat(compilation).hadErrorContaining("[TRELLIS-046]");
    }
}
