package dev.trellis.runtime.svi;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The downstream cost of a guide site in one particle, for {@link TraceGraphElbo}: the part of
 * {@code log p(x, z) - log q(z)} that the site's draw can change, by the dense dependency graph of Pyro's
 * {@code TraceGraph_ELBO} ({@code _compute_downstream_costs} over traces built with {@code graph_type="dense"}).
 *
 * <p>A program runs its statements in order, so a draw can only reach the sites recorded after it. The cost of guide
 * site {@code k} is therefore {@code log p - log q} of {@code k} and of every guide site after it (only {@code -log q}
 * for an auxiliary guide site, which the model lacks), plus {@code log p} of every model site recorded after any of
 * those in the model's run, each term kept per member along the plates {@code k} is in and summed over the others
 * (conditional independence across plate members, as {@link TraceElbo}'s Rao-Blackwellisation).
 *
 * <p>Why the dense graph and not Pyro 1.8.6's provenance tracking: Pyro 1.8.6 follows each value through the tensor
 * operations to find exactly the sites it reaches. Trellis programs may turn a discrete value into an {@code int}
 * (an index, a branch), which no tensor operation records, and a dependency missed there would bias the gradient. The
 * dense graph never misses one; it may include a term the draw cannot reach, which adds variance but no bias (such a
 * term's expectation against the score is zero).
 */
final class DownstreamCosts {

    private final Trace model;
    private final Trace guide;
    private final Map<String, Tensor> logPs = new HashMap<>();
    private final Map<String, Tensor> logQs = new HashMap<>();
    private final List<String> guideOrder = new ArrayList<>();
    private final Map<String, Integer> modelIndex = new HashMap<>();

    DownstreamCosts(Trace model, Trace guide) {
        this.model = model;
        this.guide = guide;
        for (Site site : guide.sites()) {
            guideOrder.add(site.name());
        }
        int index = 0;
        for (Site site : model.sites()) {
            modelIndex.put(site.name(), index++);
        }
    }

    /** {@return the scaled, masked log p of a model site, computed once per particle} */
    Tensor logP(String site) {
        return logPs.computeIfAbsent(site, name -> model.site(name).logProb());
    }

    /** {@return the scaled, masked log q of a guide site, computed once per particle} */
    Tensor logQ(String site) {
        return logQs.computeIfAbsent(site, name -> guide.site(name).logProb());
    }

    /**
     * {@return the downstream cost of guide site {@code k}, detached, with one entry per member of {@code k}'s plates
     * (leading size-1 dimensions dropped, so it broadcasts against the site's log q)}
     */
    Tensor of(Site k) {
        List<String> downstream = guideOrder.subList(guideOrder.indexOf(k.name()), guideOrder.size());
        Set<String> counted = new HashSet<>(downstream);
        List<PlateSums.Term> terms = new ArrayList<>();
        int firstInModel = Integer.MAX_VALUE;
        for (String name : downstream) {
            Site guided = guide.site(name);
            Site modelled = model.site(name);
            if (modelled == null) {
                terms.add(new PlateSums.Term(guided.plates(), logQ(name).detach().neg()));
            } else {
                terms.add(new PlateSums.Term(modelled.plates(), logP(name).detach().sub(logQ(name).detach())));
                firstInModel = Math.min(firstInModel, modelIndex.get(name));
            }
        }
        for (Site site : model.sites()) {
            if (modelIndex.get(site.name()) > firstInModel && !counted.contains(site.name())) {
                terms.add(new PlateSums.Term(site.plates(), logP(site.name()).detach()));
            }
        }
        return PlateSums.sumTo(terms, k.plates());
    }
}
