package dev.trellis.samples.schools;

import static dev.trellis.samples.Tolerance.assertRelative;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated eight-schools program scores Pyro's fixed points exactly (shared/golden/eight_schools.json). */
class EightSchoolsGoldenTest {

    @Test
    void logJointAndEachTermMatchPyroAtTheFixedPoints() {
        JsonNode golden = Golden.load("eight_schools.json");
        Tensor y = Tensor.vector(Golden.doubles(golden.get("y")));
        Tensor sigma = Tensor.vector(Golden.doubles(golden.get("sigma")));
        var program = new EightSchoolsProgram(new EightSchools(sigma), y);
        for (JsonNode point : golden.get("log_joint_points")) {
            Map<String, Tensor> values = Map.of(
                    "mu0", Tensor.scalar(point.get("mu0").asDouble()),
                    "tau", Tensor.scalar(point.get("tau").asDouble()),
                    "theta", Tensor.vector(Golden.doubles(point.get("theta"))));
            Trace trace = Conditioned.run(program, values, new ParamStore());
            String where = "point mu0=" + point.get("mu0") + ", tau=" + point.get("tau");
            assertRelative(point.get("log_joint").asDouble(), Conditioned.logJoint(trace), 1e-9, where);
            point.get("terms").fields().forEachRemaining(term -> {
                Site site = trace.site(term.getKey());
                assertRelative(term.getValue().asDouble(), site.logProb().sum().item(), 1e-9,
                        where + ", term " + term.getKey());
            });
        }
    }

    @Test
    void theSeedDataAreTheGoldenFilesData() {
        JsonNode golden = Golden.load("eight_schools.json");
        assertRelative(0, Tensor.vector(Golden.doubles(golden.get("y"))).sub(EightSchools.Y).abs().sum().item(), 0,
                "y");
        assertRelative(0, Tensor.vector(Golden.doubles(golden.get("sigma"))).sub(EightSchools.SIGMA).abs().sum()
                .item(), 0, "sigma");
    }
}
