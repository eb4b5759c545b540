package dev.trellis.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.processor.ir.Support;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Beta;
import dev.trellis.runtime.distributions.Categorical;
import dev.trellis.runtime.distributions.Cauchy;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Exponential;
import dev.trellis.runtime.distributions.Gamma;
import dev.trellis.runtime.distributions.HalfCauchy;
import dev.trellis.runtime.distributions.HalfNormal;
import dev.trellis.runtime.distributions.Laplace;
import dev.trellis.runtime.distributions.LogNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.distributions.StudentT;
import dev.trellis.runtime.distributions.Uniform;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The processor's table of supports (it does not link against the runtime) agrees with what each runtime family
 * reports at run time, so a guide accepted at compile time proposes values the model can score.
 */
class SupportTableTest {

    @Test
    void everyRuntimeFamilyHasTheSupportKindTheProcessorAssumes() {
        List<Distribution> families = List.of(Normal.of(0, 1), Cauchy.of(0, 1), StudentT.of(3, 0, 1),
                Laplace.of(0, 1), LogNormal.of(0, 1), HalfNormal.of(1), HalfCauchy.of(1), Exponential.of(1),
                Gamma.of(2, 1), Beta.of(2, 2), Uniform.of(0, 1), Dirichlet.of(1, 1, 1),
                Categorical.ofProbs(0.5, 0.5));
        for (Distribution family : families) {
            String name = family.getClass().getName();
            assertEquals(kindOf(family.support()), Support.ofFamily(name), name);
        }
    }

    @Test
    void classesOutsideTheRuntimeAreNotChecked() {
        assertEquals(Support.UNKNOWN, Support.ofFamily("com.example.MyDistribution"));
        assertEquals(Support.UNKNOWN, Support.ofFamily("dev.trellis.runtime.distributions.Delta"));
    }

    private static Support kindOf(Constraint constraint) {
        if (constraint instanceof Constraint.Real) {
            return Support.REAL;
        }
        if (constraint instanceof Constraint.Positive || constraint instanceof Constraint.GreaterThanEq g
                && g.lower() == 0.0) {
            return Support.HALF_LINE;
        }
        if (constraint instanceof Constraint.UnitInterval) {
            return Support.UNIT_INTERVAL;
        }
        if (constraint instanceof Constraint.Interval || constraint instanceof Constraint.HalfOpenInterval) {
            return Support.INTERVAL;
        }
        if (constraint instanceof Constraint.Simplex) {
            return Support.SIMPLEX;
        }
        if (constraint instanceof Constraint.Independent independent
                && independent.base() instanceof Constraint.Real && independent.reinterpretedDims() == 1) {
            return Support.REAL_VECTOR;
        }
        if (constraint instanceof Constraint.Bool) {
            return Support.BOOLEAN;
        }
        if (constraint instanceof Constraint.IntegerInterval) {
            return Support.FINITE_INTEGERS;
        }
        if (constraint instanceof Constraint.NonNegativeInteger) {
            return Support.NONNEGATIVE_INTEGERS;
        }
        if (constraint instanceof Constraint.OneHot) {
            return Support.ONE_HOT;
        }
        return Support.UNKNOWN;
    }
}
