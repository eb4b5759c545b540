package dev.trellis.corpus;

import dev.trellis.corpus.oracle.NestedData;
import dev.trellis.runtime.distributions.Dirichlet;
import dev.trellis.runtime.distributions.LogNormal;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Corpus #35 written by hand as a program, the way Pyro's tutorial computes it: the globals through the context, then
 * {@code sum_n logsumexp_k(log w_k + log N(x_n | locs_k, scale))} over the run's members of {@code data} as one
 * factor. It lets {@link ProgramChecks} be tested before the generator exists; a {@link Mistake} makes it wrong in
 * one way, which the checks must catch.
 */
final class HandWrittenGmmProgram implements Program {
    /** What to get wrong. */
    enum Mistake { NONE, LOG_JOINT, GRADIENT, SCALE }

    private final int components;
    private final double[] obs;
    private final Mistake mistake;

    HandWrittenGmmProgram(Map<String, Object> data, int components, Mistake mistake) {
        List<Object> members = NestedData.members(data.get("obs"));
        this.obs = members.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        this.components = components;
        this.mistake = mistake;
    }

    @Override
    public void run(SampleContext context) {
        Tensor weights = context.sample("weights", Dirichlet.of(Tensor.full(0.5, components)));
        Tensor scale = context.sample("scale", LogNormal.of(0.0, 2.0));
        Plate plate = context.plate("components", components, -1);
        Tensor locs = context.sample("locs", Normal.of(0.0, 10.0).expand(components), plate);
        Plate data = context.plate("data", obs.length, -1);
        int[] members = data.indices();
        double[] x = new double[members.length];
        for (int i = 0; i < members.length; i++) {
            x[i] = obs[members[i]];
        }
        Tensor logWeights = (mistake == Mistake.GRADIENT ? weights.detach() : weights).log();
        Tensor perComponent = Normal.of(locs, scale).logProb(Tensor.vector(x).unsqueeze(1)).add(logWeights);
        Tensor factor = perComponent.logSumExp(1, false);
        if (mistake == Mistake.LOG_JOINT) {
            factor = factor.add(1e-6);
        }
        if (mistake == Mistake.SCALE) {
            context.factor("assignment", factor.sum());
        } else {
            context.factor("assignment", factor, data);
        }
    }
}
