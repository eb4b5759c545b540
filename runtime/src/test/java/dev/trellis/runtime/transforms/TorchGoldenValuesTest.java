package dev.trellis.runtime.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the golden "transforms" section: {@code y = t(x)}, {@code t.inv(y)} and
 * {@code t.log_abs_det_jacobian(x, y)} as torch 1.13 computes them, to 1e-9 relative (exact for zeros and
 * infinities), including the saturating inputs that only torch's own formulas reproduce, and NotImplementedError
 * where torch raises it. {@code check_*} fields are cross-checks of the golden file, not targets, and are not read.
 */
class TorchGoldenValuesTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (JsonNode record : GoldenTransforms.records()) {
            if (record.has("error")) {
                continue;
            }
            String name = record.get("registry").asText() + "(" + record.get("constraint").asText() + ")";
            int index = 0;
            for (JsonNode c : record.get("cases")) {
                cases.add(Arguments.of(name + " case " + index++, transformOf(record), c));
            }
        }
        return cases.build();
    }

    static Stream<Arguments> errors() {
        return GoldenTransforms.records().stream().filter(r -> r.has("error"))
                .map(r -> Arguments.of(r.get("registry").asText() + "(" + r.get("constraint").asText() + ")", r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesTorch(String name, Transform transform, JsonNode golden) {
        Tensor x = GoldenTransforms.tensor(golden.get("x"));
        assertAgrees(name + ": y", transform.forward(x), GoldenTransforms.tensor(golden.get("y")));
    }

    /** torch's {@code inverse_y} is {@code t.inv} of its own {@code y}, which is the golden {@code y}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inverseOfTheGoldenOutputMatchesTorch(String name, Transform transform, JsonNode golden) {
        Tensor y = GoldenTransforms.tensor(golden.get("y"));
        assertAgrees(name + ": inverse_y", transform.inverse(y), GoldenTransforms.tensor(golden.get("inverse_y")));
    }

    /** Through the computed {@code y}: also confirms the forward values agree closely enough to matter here. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logAbsDetJacobianMatchesTorchOrThrowsWhereTorchDoes(String name, Transform transform, JsonNode golden) {
        Tensor x = GoldenTransforms.tensor(golden.get("x"));
        Tensor y = transform.forward(x);
        JsonNode expected = golden.get("log_abs_det_jacobian");
        if (expected.has("error")) {
            assertEquals("NotImplementedError", expected.get("error").asText());
            UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class,
                    () -> transform.logAbsDetJacobian(x, y), name);
            assertTrue(error.getMessage().contains("NotImplementedError"), error.getMessage());
            return;
        }
        assertAgrees(name + ": log_abs_det_jacobian", transform.logAbsDetJacobian(x, y),
                GoldenTransforms.tensor(expected));
        assertAgrees(name + ": log_abs_det_jacobian at the golden y",
                transform.logAbsDetJacobian(x, GoldenTransforms.tensor(golden.get("y"))),
                GoldenTransforms.tensor(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void registryThrowsWhereTorchRaisesNotImplementedError(String name, JsonNode record) {
        assertTrue(record.get("error").asText().startsWith("NotImplementedError"), record.toString());
        UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class,
                () -> transformOf(record), name);
        assertTrue(error.getMessage().contains("NotImplementedError"), error.getMessage());
        assertTrue(error.getMessage().contains(record.get("constraint").asText()), error.getMessage());
    }

    static Transform transformOf(JsonNode record) {
        Constraint constraint = Constraint.parse(record.get("constraint").asText());
        return switch (record.get("registry").asText()) {
            case "biject_to" -> ConstraintTransforms.bijectTo(constraint);
            case "transform_to" -> ConstraintTransforms.transformTo(constraint);
            default -> throw new IllegalArgumentException("unknown registry in " + record);
        };
    }

    private static void assertAgrees(String what, Tensor actual, Tensor expected) {
        assertNull(GoldenTransforms.disagreement(actual, expected), () -> what + ": "
                + GoldenTransforms.disagreement(actual, expected) + "; got " + actual + ", golden " + expected);
    }
}
