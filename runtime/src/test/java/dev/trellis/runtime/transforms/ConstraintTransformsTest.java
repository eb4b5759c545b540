package dev.trellis.runtime.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registries build the very transforms torch's do: the golden file records each one's type, its
 * {@code ComposeTransform} parts with their affine {@code loc}/{@code scale}, event dims and bijectivity.
 */
class ConstraintTransformsTest {

    static Stream<Arguments> registered() {
        return GoldenTransforms.records().stream().filter(r -> !r.has("error")).map(r -> Arguments.of(
                r.get("registry").asText() + "(" + r.get("constraint").asText() + ")", r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registered")
    void registryBuildsTorchsTransform(String name, JsonNode record) {
        Transform transform = TorchGoldenValuesTest.transformOf(record);
        assertEquals(expectedTransform(record), transform, name);
        assertEquals(record.get("domain_event_dim").asInt(), transform.domainEventDim(), name + " domain event dim");
        assertEquals(record.get("codomain_event_dim").asInt(), transform.codomainEventDim(),
                name + " codomain event dim");
        assertEquals(record.get("bijective").asBoolean(), transform.isBijective(), name + " bijective");
    }

    @Test
    void intervalFromZeroToOneIsTheBareSigmoidAsInTorch() {
        Constraint unit = new Constraint.Interval(0, 1);
        assertEquals(new SigmoidTransform(), ConstraintTransforms.bijectTo(unit));
        assertEquals(new SigmoidTransform(), ConstraintTransforms.transformTo(unit));
        assertEquals(new ComposeTransform(new SigmoidTransform(), new AffineTransform(0, 2)),
                ConstraintTransforms.bijectTo(new Constraint.Interval(0, 2)));
    }

    @Test
    void bothRegistriesAgreeOnElementwiseConstraints() {
        for (String spec : List.of("real", "positive", "softplus_positive", "greater_than(-3.5)",
                "interval(-2.0, 3.0)", "unit_interval")) {
            Constraint constraint = Constraint.parse(spec);
            assertEquals(ConstraintTransforms.bijectTo(constraint), ConstraintTransforms.transformTo(constraint), spec);
        }
    }

    @Test
    void softplusPositiveIsPyrosSoftplusMapForAutoguideScales() {
        assertEquals(new SoftplusTransform(), ConstraintTransforms.transformTo(new Constraint.SoftplusPositive()));
        // torch: SoftplusTransform().inv(0.1) = log(expm1(0.1)) = -2.2521684610440903 (closed form, by hand)
        assertEquals(Math.log(Math.expm1(0.1)), new SoftplusTransform().inverse(Tensor.scalar(0.1)).item(), 1e-15);
        // the inverse keeps its digits where log(expm1(y)) would overflow: softplus^-1(800) = 800 - exp(-800)
        assertEquals(800.0, new SoftplusTransform().inverse(Tensor.scalar(800)).item(), 0.0);
    }

    @Test
    void closedLowerBoundsAndHalfOpenIntervalsShareTheOpenOnesMapsAsInTorch() {
        assertEquals(ConstraintTransforms.bijectTo(new Constraint.Positive()),
                ConstraintTransforms.bijectTo(new Constraint.GreaterThanEq(0.0)));
        assertEquals(ConstraintTransforms.bijectTo(new Constraint.GreaterThan(2.0)),
                ConstraintTransforms.transformTo(new Constraint.GreaterThanEq(2.0)));
        assertEquals(ConstraintTransforms.bijectTo(new Constraint.Interval(-2, 3)),
                ConstraintTransforms.bijectTo(new Constraint.HalfOpenInterval(-2, 3)));
    }

    @Test
    void independentConstraintsSumTheLogDeterminantOverTheirEvent() {
        Transform positiveVectors = ConstraintTransforms.bijectTo(
                new Constraint.Independent(new Constraint.Positive(), 1));
        assertEquals(1, positiveVectors.domainEventDim());
        Tensor x = Tensor.matrix(new double[][] {{0.5, -1.0, 2.0}, {0.0, 0.25, -0.75}});
        Tensor logDet = positiveVectors.logAbsDetJacobian(x, positiveVectors.forward(x));
        assertArrayEquals(new double[] {1.5, -0.5}, logDet.toArray(), 1e-15);
        assertEquals(new IndependentTransform(new ComposeTransform(), 1),
                ConstraintTransforms.bijectTo(new Constraint.Independent(new Constraint.Real(), 1)));
    }

    @Test
    void simplexIsStickBreakingForDensitiesAndSoftmaxForParameters() {
        assertInstanceOf(StickBreakingTransform.class, ConstraintTransforms.bijectTo(new Constraint.Simplex()));
        assertInstanceOf(SoftmaxTransform.class, ConstraintTransforms.transformTo(new Constraint.Simplex()));
        assertFalse(ConstraintTransforms.transformTo(new Constraint.LowerCholesky()).isBijective());
    }

    @Test
    void bijectToLowerCholeskySaysWhyAndWhatToUseInstead() {
        UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class,
                () -> ConstraintTransforms.bijectTo(new Constraint.LowerCholesky()));
        assertEquals("biject_to(lower_cholesky) is not implemented, as in torch 1.13 (NotImplementedError: Cannot "
                + "transform _LowerCholesky constraints): no bijection onto lower-Cholesky factors is defined; use "
                + "transformTo(lower_cholesky) for a learned parameter, which is not bijective and has no "
                + "log-determinant", error.getMessage());
    }

    @Test
    void transformsPrintAsTorchNamesThem() {
        assertEquals("ComposeTransform(ExpTransform(), AffineTransform(loc=1.5, scale=1.0))",
                ConstraintTransforms.bijectTo(new Constraint.GreaterThan(1.5)).toString());
        assertEquals("ComposeTransform()", ConstraintTransforms.bijectTo(new Constraint.Real()).toString());
        assertTrue(new ComposeTransform().isBijective());
    }

    /** The transform the golden record describes: its repr's type, or a composition of its listed parts. */
    private static Transform expectedTransform(JsonNode record) {
        String repr = record.get("transform").asText();
        if (!repr.startsWith("ComposeTransform(")) {
            return simple(repr.substring(0, repr.indexOf('(')));
        }
        List<Transform> parts = new ArrayList<>();
        for (JsonNode part : record.get("transform_parts")) {
            String type = part.get("type").asText();
            parts.add(type.equals("AffineTransform")
                    ? new AffineTransform(part.get("loc").asDouble(), part.get("scale").asDouble())
                    : simple(type));
        }
        return new ComposeTransform(parts);
    }

    private static Transform simple(String type) {
        return switch (type) {
            case "ExpTransform" -> new ExpTransform();
            case "SigmoidTransform" -> new SigmoidTransform();
            case "StickBreakingTransform" -> new StickBreakingTransform();
            case "SoftmaxTransform" -> new SoftmaxTransform();
            case "LowerCholeskyTransform" -> new LowerCholeskyTransform();
            default -> throw new IllegalArgumentException("golden file names an unknown transform " + type);
        };
    }
}
