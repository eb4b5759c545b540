package dev.trellis.samples.schools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.Golden;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The non-centred eight schools is the centred model after the change of variables theta = mu0 + tau * eta: at
 * matching points the two log joints differ by the log-Jacobian, 8 log tau (d theta_i / d eta_i = tau), which checks
 * the non-centred program against the centred one, itself checked against Pyro's fixed points.
 */
class EightSchoolsNonCentredTest {

    @Test
    void logJointIsTheCentredOnePlusTheLogJacobianAtPyrosPoints() {
        var centred = new EightSchoolsProgram(new EightSchools(EightSchools.SIGMA), EightSchools.Y);
        var nonCentred = new EightSchoolsNonCentredProgram(new EightSchoolsNonCentred(EightSchools.SIGMA),
                EightSchools.Y);
        for (JsonNode point : Golden.load("eight_schools.json").get("log_joint_points")) {
            Tensor mu0 = Tensor.scalar(point.get("mu0").asDouble());
            Tensor tau = Tensor.scalar(point.get("tau").asDouble());
            Tensor theta = Tensor.vector(Golden.doubles(point.get("theta")));
            Tensor eta = theta.sub(mu0).div(tau);

            double expected = point.get("log_joint").asDouble() + 8 * Math.log(tau.item());
            double actual = Conditioned.logJoint(Conditioned.run(nonCentred,
                    Map.of("mu0", mu0, "tau", tau, "eta", eta), new ParamStore()));
            double centredLogJoint = Conditioned.logJoint(Conditioned.run(centred,
                    Map.of("mu0", mu0, "tau", tau, "theta", theta), new ParamStore()));
            // 1e-9 relative, as the centred golden test: eta = (theta - mu0) / tau and back rounds at 1e-16 per entry.
            assertEquals(expected, actual, 1e-9 * Math.abs(expected), "point " + point.get("mu0"));
            assertEquals(centredLogJoint + 8 * Math.log(tau.item()), actual, 1e-9 * Math.abs(expected));
        }
    }
}
