package dev.trellis.runtime.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Graph structures built from the tensor operations themselves: reuse, diamonds, detach, constants. */
class GraphShapesTest {

    @Test
    void aTensorUsedAsBothOperandsGetsBothContributions() {
        Tensor x = Tensor.variable(Tensor.vector(1, -2, 3));
        assertEquals(Tensor.vector(2, -4, 6), Autodiff.gradients(x.mul(x).sum()).of(x));
        assertEquals(Tensor.vector(0, 0, 0), Autodiff.gradients(x.sub(x).sum()).of(x));
        assertEquals(Tensor.vector(0, 0, 0), Autodiff.gradients(x.div(x).sum()).of(x));
        Tensor m = Tensor.variable(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));
        // d/dM sum(M M) = J M^T + M^T J with J all ones: row sums of M across, column sums of M down
        assertEquals(Tensor.matrix(new double[][] {{3 + 4, 7 + 4}, {3 + 6, 7 + 6}}),
                Autodiff.gradients(m.matmul(m).sum()).of(m));
    }

    @Test
    void diamondsAddTheAdjointsOfBothBranches() {
        Tensor x = Tensor.variable(Tensor.scalar(0.7));
        Tensor shared = x.exp();
        Tensor y = shared.square().add(shared.mul(3));
        double e = Math.exp(0.7);
        assertEquals(2 * e * e + 3 * e, Autodiff.gradients(y).of(x).item(), 1e-14);
    }

    @Test
    void stackedBranchesOfOneLeafAccumulate() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor y = Tensor.stack(0, x, x.mul(2), x.square()).sum();
        assertEquals(Tensor.vector(1 + 2 + 2, 1 + 2 + 4), Autodiff.gradients(y).of(x));
    }

    @Test
    void detachAndConstantsStopGradients() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor y = x.mul(x.detach()).add(Tensor.vector(5, 5).mul(x.exp().detach())).sum();
        assertEquals(Tensor.vector(1, 2), Autodiff.gradients(y).of(x));
        Tensor constant = Tensor.vector(1, 2).exp().logSumExp(0, false).softplus();
        assertFalse(constant.requiresGrad());
        assertNull(constant.node());
    }

    @Test
    void unreachableLeavesGetZerosAndAreNotListed() {
        Tensor used = Tensor.variable(Tensor.vector(1, 2));
        Tensor unused = Tensor.variable(Tensor.zeros(2, 2));
        Tensor bystander = unused.exp().sum();
        Gradients gradients = Autodiff.gradients(used.square().sum());
        assertEquals(Tensor.zeros(2, 2), gradients.of(unused));
        assertEquals(List.of(used), gradients.leaves());
        assertEquals(Tensor.ones(2, 2), Autodiff.gradients(bystander).of(unused));
    }

    @Test
    void severalOutputsWithTheirOwnAdjoints() {
        Tensor x = Tensor.variable(Tensor.vector(1, 2));
        Tensor w = Tensor.variable(Tensor.matrix(new double[][] {{1, 0}, {2, 1}}));
        Tensor hidden = w.matmul(x);                 // [1, 4]
        Tensor probs = hidden.softmax(0);
        Tensor adjointHidden = Tensor.vector(1, -1);
        Tensor adjointProbs = Tensor.vector(0, 2);
        Gradients joint = Autodiff.gradients(List.of(hidden, probs), List.of(adjointHidden, adjointProbs));
        Gradients scalar = Autodiff.gradients(hidden.mul(adjointHidden).sum().add(probs.mul(adjointProbs).sum()));
        assertEquals(scalar.of(x), joint.of(x));
        assertEquals(scalar.of(w), joint.of(w));
    }
}
