package dev.trellis.runtime.svi.autoguide;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.svi.Plate;
import dev.trellis.runtime.svi.Program;
import dev.trellis.runtime.svi.SampleContext;
import dev.trellis.runtime.svi.SiteOptions;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a model once to learn the shape, support and plates of its latent sites, as Pyro's autoguides do on first use
 * ({@code _setup_prototype}). Each exposed latent site takes its value from the init strategy, so the rest of the model
 * runs on the guide's starting point; a hidden one (outside the guide, as {@code poutine.block} hides it) takes a prior
 * draw from a fixed-seed stream. Parameters the model reads are passed to the context the guide runs in.
 *
 * <p>As {@code pyro.plate} does, a site's distribution is broadcast to the batch shape of its plates first, so a
 * site in a plate gets one value (and so one set of guide parameters) per member even when the model wrote a scalar
 * prior.
 */
final class PrototypeRun implements SampleContext {

    private final SampleContext outer;
    private final InitStrategy init;
    private final Predicate<String> exposed;
    private final String guideName;
    private final Rng hiddenDraws = Rng.seeded(0L);
    private final List<LatentSite> sites = new ArrayList<>();

    private PrototypeRun(SampleContext outer, InitStrategy init, Predicate<String> exposed, String guideName) {
        this.outer = outer;
        this.init = init;
        this.exposed = exposed;
        this.guideName = guideName;
    }

    /**
     * Runs {@code model} once and returns its exposed latent sites in the order the model samples them.
     *
     * @throws SiteException naming the site if an exposed latent site is discrete, or sits in a subsampled plate
     */
    static List<LatentSite> run(Program model, SampleContext outer, InitStrategy init, Predicate<String> exposed,
                                String guideName) {
        PrototypeRun run = new PrototypeRun(outer, init, exposed, guideName);
        model.run(run);
        return List.copyOf(run.sites);
    }

    /** The whole plate: the prototype learns each site's full shape, one parameter per member. */
    @Override
    public Plate plate(String name, int size, int dim) {
        return Plate.full(name, size, dim);
    }

    @Override
    public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
        Distribution prior = inPlates(name, distribution, plates);
        if (!exposed.test(name)) {
            return prior.sample(hiddenDraws);
        }
        if (prior.isDiscrete()) {
            throw new SiteException(name, "", guideName + " cannot guide a discrete latent site (support "
                    + prior.support().spec() + " of " + prior + "): autoguides cover continuous sites only. "
                    + "Enumerate the site in the model and leave it out of the guide (exposing(...)), or write a "
                    + "guide for it");
        }
        for (Plate plate : plates) {
            if (plate.subsampleSize() != plate.size()) {
                throw new SiteException(name, "", guideName + " does not support subsampled plates yet: " + plate
                        + " draws " + plate.subsampleSize() + " of " + plate.size() + " members; run the guide "
                        + "with full plates, or write a guide that indexes its parameters by the subsample");
            }
        }
        Tensor value = init.initialValue(name, prior);
        sites.add(new LatentSite(name, prior.support(), prior.eventShape().length, value.detach(), List.of(plates)));
        return value;
    }

    @Override
    public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options, Plate... plates) {
        return value;
    }

    @Override
    public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
        return outer.param(name, initial, constraint);
    }

    /** Broadcasts the distribution's batch shape with its plates' sizes at their dims, as {@code pyro.plate}. */
    private static Distribution inPlates(String name, Distribution distribution, Plate[] plates) {
        int rank = 0;
        for (Plate plate : plates) {
            rank = Math.max(rank, -plate.dim());
        }
        int[] platesShape = new int[rank];
        Arrays.fill(platesShape, 1);
        for (Plate plate : plates) {
            platesShape[rank + plate.dim()] = plate.subsampleSize();
        }
        int[] own = distribution.batchShape();
        int[] target;
        try {
            target = Tensor.broadcastShapes(own, platesShape);
        } catch (IllegalArgumentException e) {
            throw new SiteException(name, "", "the distribution's batch shape " + Arrays.toString(own) + " does not "
                    + "broadcast with the sizes " + Arrays.toString(platesShape) + " of the site's plates", e);
        }
        return Arrays.equals(target, own) ? distribution : distribution.expand(target);
    }
}
