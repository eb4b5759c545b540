package dev.trellis.processor;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Models and guides for the SVI program tests: the seed's eight schools, as a user writes them. */
final class SviPrograms {
    private SviPrograms() {}

    static final String IMPORTS = String.join("\n",
            "import dev.trellis.dsl.*;",
            "import dev.trellis.runtime.distributions.*;",
            "import dev.trellis.runtime.tensor.Tensor;",
            "");

    static JavaFileObject eightSchools() {
        return source("EightSchools",
                "@Model",
                "public class EightSchools {",
                "    private final Tensor sigma;",
                "",
                "    public EightSchools(Tensor sigma) {",
                "        this.sigma = sigma;",
                "    }",
                "",
                "    @Sample",
                "    Normal mu0() {",
                "        return Normal.of(0.0, 5.0);",
                "    }",
                "",
                "    @Sample",
                "    HalfCauchy tau() {",
                "        return HalfCauchy.of(5.0);",
                "    }",
                "",
                "    @Sample @Plate(\"schools\")",
                "    Normal theta(Tensor mu0, Tensor tau) {",
                "        return Normal.of(mu0, tau);",
                "    }",
                "",
                "    @Sample @Plate(\"schools\") @Observed",
                "    Normal y(Tensor theta) {",
                "        return Normal.of(theta, sigma);",
                "    }",
                "}");
    }

    /** The seed's guide, with the body of the class given. */
    static JavaFileObject guide(String name, String... body) {
        return source(name, String.join("\n", body));
    }

    static JavaFileObject seedGuide() {
        return guide("SeedGuide",
                "@Guide(EightSchools.class)",
                "public class SeedGuide {",
                "    @Param(name = \"mu0_loc\") Tensor mu0Loc() { return Tensor.scalar(0.0); }",
                "    @Param(name = \"mu0_scale\", constraint = \"positive\") Tensor mu0Scale() { return Tensor.scalar(1.0); }",
                "    @Param(name = \"tau_loc\", constraint = \"positive\") Tensor tauLoc() { return Tensor.scalar(1.0); }",
                "    @Param(name = \"theta_loc\") Tensor thetaLoc() { return Tensor.zeros(8); }",
                "    @Param(name = \"theta_scale\", constraint = \"positive\") Tensor thetaScale() { return Tensor.ones(8); }",
                "",
                "    @Sample",
                "    Normal mu0(@Site(\"mu0_loc\") Tensor loc, @Site(\"mu0_scale\") Tensor scale) {",
                "        return Normal.of(loc, scale);",
                "    }",
                "",
                "    @Sample",
                "    HalfCauchy tau(@Site(\"tau_loc\") Tensor scale) {",
                "        return HalfCauchy.of(scale);",
                "    }",
                "",
                "    @Sample @Plate(\"schools\")",
                "    Normal theta(Tensor thetaLoc, Tensor thetaScale) {",
                "        return Normal.of(thetaLoc, thetaScale);",
                "    }",
                "}");
    }

    private static JavaFileObject source(String name, String... body) {
        return JavaFileObjects.forSourceString("schools." + name,
                "package schools;\n" + IMPORTS + String.join("\n", body) + "\n");
    }
}
