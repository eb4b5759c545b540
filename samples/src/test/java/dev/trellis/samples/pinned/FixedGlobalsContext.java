package dev.trellis.samples.pinned;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a program with every global, latent site or {@code @Param} alike, fixed to a leaf of the given constrained
 * value, and scores it as {@code ChainProgramsGoldenTest} does: the sum of the recorded sites' {@link Site#logProb()}.
 * Treating parameters like sites gives hmm2, whose tables are parameters, its gradient in constrained space too.
 */
final class FixedGlobalsContext implements SampleContext {
    private final Map<String, Tensor> leaves = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    private final List<Site> sites = new ArrayList<>();

    private FixedGlobalsContext(Map<String, Tensor> globals) {
        globals.forEach((name, value) -> leaves.put(name, Tensor.variable(value)));
    }

    /**
     * Scores {@code program} at {@code globals}.
     *
     * @throws IllegalStateException if the program reads a global without a value or leaves a given one unread
     */
    static PinnedAnswers.Score score(Program program, Map<String, Tensor> globals) {
        FixedGlobalsContext context = new FixedGlobalsContext(globals);
        program.run(context);
        if (!context.read.equals(context.leaves.keySet())) {
            throw new IllegalStateException("the program read " + context.read + " but the globals are "
                    + context.leaves.keySet());
        }
        Tensor logJoint = Tensor.scalar(0.0);
        Tensor observed = Tensor.scalar(0.0);
        for (Site site : context.sites) {
            Tensor logProb = site.logProb().sum();
            logJoint = logJoint.add(logProb);
            if (site.observed()) {
                observed = observed.add(logProb);
            }
        }
        Tensor loss = logJoint.neg();
        Gradients gradients = Autodiff.gradients(loss);
        Map<String, Tensor> gradient = new LinkedHashMap<>();
        context.leaves.forEach((name, leaf) -> gradient.put(name, gradients.of(leaf)));
        return new PinnedAnswers.Score(loss.item(), -observed.item(), gradient);
    }

    @Override
    public Plate plate(String name, int size, int dim) {
        return Plate.full(name, size, dim);
    }

    @Override
    public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
        Tensor value = global(name);
        sites.add(new Site(name, distribution, value, false, false, List.of(plates), options));
        return value;
    }

    @Override
    public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options, Plate... plates) {
        sites.add(new Site(name, distribution, value, true, false, List.of(plates), options));
        return value;
    }

    @Override
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        return global(name);
    }

    private Tensor global(String name) {
        Tensor leaf = leaves.get(name);
        if (leaf == null) {
            throw new IllegalStateException("no value for global '" + name + "'; given " + leaves.keySet());
        }
        read.add(name);
        return leaf;
    }
}
