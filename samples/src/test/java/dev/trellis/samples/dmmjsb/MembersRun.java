package dev.trellis.samples.dmmjsb;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a program with fixed latent values and its plates subsampled to given members, and sums its trace's
 * log-densities: the reference for a subsampled plate of sequences.
 */
final class MembersRun implements SampleContext {
    private final int[] members;
    private final Map<String, Tensor> values;
    private final ParamScope params;
    private double total;

    private MembersRun(int[] members, Map<String, Tensor> values, ParamStore store) {
        this.members = members;
        this.values = values;
        this.params = new ParamScope(store);
    }

    static double logJoint(Program program, int[] members, Map<String, Tensor> values, ParamStore store) {
        MembersRun run = new MembersRun(members, values, store);
        program.run(run);
        return run.total;
    }

    @Override
    public Plate plate(String name, int size, int dim) {
        return new Plate(name, size, members, dim);
    }

    @Override
    public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
        Tensor value = values.get(name);
        add(name, distribution, value, options, plates);
        return value;
    }

    @Override
    public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options,
            Plate... plates) {
        add(name, distribution, value, options, plates);
        return value;
    }

    private void add(String name, Distribution distribution, Tensor value, SiteOptions options, Plate[] plates) {
        total += new Site(name, distribution, value, false, false, List.of(plates),
                options).logProb().sum().item();
    }

    @Override
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        return params.param(name, initial, constraint);
    }
}
