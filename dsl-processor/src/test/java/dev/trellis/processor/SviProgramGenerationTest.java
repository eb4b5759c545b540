package dev.trellis.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.trellis.processor.Sources.compile;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** A model without enumerated sites becomes an SVI program, and so does its guide; mistakes in a guide are errors. */
class SviProgramGenerationTest {

    @Test
    void eightSchoolsAndTheSeedGuideCompileCleanlyIntoPrograms() {
        Compilation compilation = compile(SviPrograms.eightSchools(), SviPrograms.seedGuide());

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("schools.EightSchoolsProgram")
                .contentsAsUtf8String().contains("public EightSchoolsProgram(EightSchools model, Tensor y)");
        assertThat(compilation).generatedSourceFile("schools.EightSchoolsProgram")
                .contentsAsUtf8String().contains("Tensor theta = context.sample(\"theta\"");
        assertThat(compilation).generatedSourceFile("schools.SeedGuideProgram")
                .contentsAsUtf8String().contains("public SeedGuideProgram(SeedGuide guide, EightSchoolsProgram model)");
    }

    @Test
    void aGuideThatMissesALatentSiteIsReportedOnTheGuideClass() {
        JavaFileObject guide = SviPrograms.guide("Partial",
                "@Guide(EightSchools.class)",
                "public class Partial {",
                "    @Sample Normal mu0() { return Normal.of(0.0, 1.0); }",
                "    @Sample HalfCauchy tau() { return HalfCauchy.of(1.0); }",
                "}");

        Compilation compilation = compile(SviPrograms.eightSchools(), guide);

        assertThat(compilation).hadErrorContaining("guide Partial does not sample site 'theta'")
                .inFile(guide).onLineContaining("public class Partial");
        assertThat(compilation).hadErrorContaining("[TRELLIS-041]");
    }

    @Test
    void aGuideOnTheWrongSupportIsReportedOnItsSite() {
        JavaFileObject guide = SviPrograms.guide("RealTau",
                "@Guide(EightSchools.class)",
                "public class RealTau {",
                "    @Sample Normal mu0() { return Normal.of(0.0, 1.0); }",
                "    @Sample Normal tau() { return Normal.of(0.0, 1.0); }",
                "    @Sample @Plate(\"schools\") Normal theta() { return Normal.of(0.0, 1.0); }",
                "}");

        Compilation compilation = compile(SviPrograms.eightSchools(), guide);

        assertThat(compilation).hadErrorContaining("guide site 'tau' returns Normal (support: real) but the model's "
                + "'tau' is HalfCauchy (support: positive or non-negative)")
                .inFile(guide).onLineContaining("Normal tau()");
    }

    @Test
    void aGuideSamplingAnObservedSiteIsReported() {
        JavaFileObject guide = SviPrograms.guide("Observes",
                "@Guide(EightSchools.class)",
                "public class Observes {",
                "    @Sample Normal mu0() { return Normal.of(0.0, 1.0); }",
                "    @Sample HalfNormal tau() { return HalfNormal.of(1.0); }",
                "    @Sample @Plate(\"schools\") Normal theta() { return Normal.of(0.0, 1.0); }",
                "    @Sample @Plate(\"schools\") Normal y() { return Normal.of(0.0, 1.0); }",
                "}");

        Compilation compilation = compile(SviPrograms.eightSchools(), guide);

        assertThat(compilation).hadErrorContaining("guide site 'y' is observed in model EightSchools")
                .inFile(guide).onLineContaining("Normal y()");
    }

    @Test
    void aGuideSiteOutsideTheModelsPlatesIsReported() {
        JavaFileObject guide = SviPrograms.guide("Unplated",
                "@Guide(EightSchools.class)",
                "public class Unplated {",
                "    @Sample Normal mu0() { return Normal.of(0.0, 1.0); }",
                "    @Sample HalfNormal tau() { return HalfNormal.of(1.0); }",
                "    @Sample Normal theta() { return Normal.of(0.0, 1.0); }",
                "}");

        Compilation compilation = compile(SviPrograms.eightSchools(), guide);

        assertThat(compilation).hadErrorContaining("guide site 'theta' is in plates [] but the model's 'theta' is in "
                + "[schools]").inFile(guide).onLineContaining("Normal theta()");
    }

    @Test
    void anUnknownConstraintIsReportedOnTheParam() {
        JavaFileObject guide = SviPrograms.guide("BadConstraint",
                "@Guide(EightSchools.class)",
                "public class BadConstraint {",
                "    @Param(constraint = \"postive\") Tensor s() { return Tensor.scalar(1.0); }",
                "    @Sample Normal mu0(Tensor s) { return Normal.of(Tensor.scalar(0.0), s); }",
                "    @Sample HalfNormal tau() { return HalfNormal.of(1.0); }",
                "    @Sample @Plate(\"schools\") Normal theta() { return Normal.of(0.0, 1.0); }",
                "}");

        Compilation compilation = compile(SviPrograms.eightSchools(), guide);

        assertThat(compilation).hadErrorContaining("@Param 's' has constraint \"postive\", which is not a constraint")
                .inFile(guide).onLineContaining("postive");
    }

    @Test
    void aDependencyThatIsNotATensorIsReportedInAnSviModel() {
        JavaFileObject model = SviPrograms.guide("IntValue",
                "@Model",
                "public class IntValue {",
                "    @Sample Normal mu() { return Normal.of(0.0, 1.0); }",
                "    @Sample @Observed Normal x(double mu) { return Normal.of(mu, 1.0); }",
                "}");

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("parameter 'mu' is declared double but must be Tensor")
                .inFile(model).onLineContaining("double mu");
    }

    @Test
    void aParamMethodWithParametersIsReported() {
        JavaFileObject model = SviPrograms.guide("ParamArgs",
                "@Model",
                "public class ParamArgs {",
                "    @Param Tensor scale(int n) { return Tensor.ones(n); }",
                "    @Sample @Observed Normal x(Tensor scale) { return Normal.of(Tensor.scalar(0.0), scale); }",
                "}");

        Compilation compilation = compile(model);

        assertThat(compilation).hadErrorContaining("@Param method scale must take no parameters")
                .inFile(model).onLineContaining("Tensor scale(int n)");
    }
}
