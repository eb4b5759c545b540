package dev.trellis.samples.jsb;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.params.ParamStore;
import dev.trellis.runtime.svi.Conditioned;
import dev.trellis.runtime.svi.ParamScope;
import dev.trellis.runtime.svi.Site;
import dev.trellis.runtime.svi.Trace;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A model scored at fixed tables, in the terms of {@code jsb_hmm.json}: Pyro's {@code TraceEnum_ELBO} loss with the
 * tables conditioned on, summed over every sequence of a split (divide by {@link JsbSplit#numObservations()} for
 * hmm.py's per-step numbers).
 *
 * <p>Gradients are in constrained space, each entry an independent variable, with torch's renormalisation of
 * Categorical probabilities inside the likelihood (and not inside the Dirichlet prior), as Pyro's autograd gives
 * them. Models whose tables are latent sites are scored through their generated programs; hmm2, whose tables are
 * parameters, through the reference {@link JsbModel}.
 *
 * @param trainLossNoPrior {@code -log p(y_train | params)}
 * @param trainLossWithPrior {@code -log p(y_train | params) - log prior(params)}; null for hmm2, which has no prior
 * @param evalLossNoPrior {@code -log p(y_eval | params)} on the evaluation split
 * @param gradTrainLossWithPrior d trainLossWithPrior / d params, by name; null for hmm2
 */
public record JsbEvaluation(double trainLossNoPrior, @Nullable Double trainLossWithPrior, double evalLossNoPrior,
        @Nullable Map<String, Tensor> gradTrainLossWithPrior) {

    /**
     * Scores a model.
     *
     * @param model the model
     * @param params one constrained table per {@link JsbModel#parameters parameter}
     * @param train the split of the losses with the prior and of the gradient
     * @param eval the split of {@link #evalLossNoPrior}
     * @return the losses and gradient
     * @throws IllegalArgumentException naming the parameter, index and value of a bad table
     */
    public static JsbEvaluation of(JsbModel model, Map<String, Tensor> params, JsbSplit train, JsbSplit eval) {
        JsbParameterChecks.require(model, params, train.numTones());
        if (!JsbPrograms.tablesAreParams(model)) {
            Map<String, Tensor> leaves = new LinkedHashMap<>();
            params.forEach((name, value) -> leaves.put(name, Tensor.variable(value.detach())));
            return generated(model, leaves, train, eval);
        }
        // hmm2, the one model whose tables are parameters, has no prior: no loss with it and so no gradient to take.
        Map<String, Tensor> constants = detached(params);
        return new JsbEvaluation(model.negLogLikelihood(constants, train).item(), null,
                model.negLogLikelihood(constants, eval).item(), null);
    }

    /**
     * Returns {@code -log p(y | params)} of a split, the loss hmm.py reports after training ({@code include_prior=False}),
     * without a gradient.
     *
     * @param model the model
     * @param params one constrained table per {@link JsbModel#parameters parameter}
     * @param split the sequences
     * @return the loss summed over the split; {@code +Infinity} if a table rules the data out
     * @throws IllegalArgumentException naming the parameter, index and value of a bad table
     */
    public static double lossNoPrior(JsbModel model, Map<String, Tensor> params, JsbSplit split) {
        JsbParameterChecks.require(model, params, split.numTones());
        if (!JsbPrograms.tablesAreParams(model)) {
            ParamStore store = new ParamStore();
            JsbPrograms.defineNetwork(store, params);
            return -Conditioned.run(JsbPrograms.of(model, split, params), detached(JsbPrograms.latentSites(params)),
                    store).site("y").logProb().item();
        }
        return model.negLogLikelihood(detached(params), split).item();
    }

    /**
     * Through the generated program: the tables observed at their values, as {@code poutine.condition}; a network's
     * parameters read from a store through one scope, whose leaves take their gradients.
     */
    private static JsbEvaluation generated(JsbModel model, Map<String, Tensor> leaves, JsbSplit train,
            JsbSplit eval) {
        ParamStore store = new ParamStore();
        JsbPrograms.defineNetwork(store, leaves);
        ParamScope scope = new ParamScope(store);
        Trace trace = Conditioned.run(JsbPrograms.of(model, train, leaves), JsbPrograms.latentSites(leaves), scope);
        Tensor withPrior = Tensor.scalar(0.0);
        for (Site site : trace.sites()) {
            withPrior = withPrior.sub(site.logProb().sum());
        }
        Trace evalTrace = Conditioned.run(JsbPrograms.of(model, eval, leaves),
                detached(JsbPrograms.latentSites(leaves)), store);
        Gradients gradients = Autodiff.gradients(withPrior);
        Map<String, Tensor> byName = new LinkedHashMap<>();
        leaves.forEach((name, leaf) -> byName.put(name, JsbPrograms.isNetworkParameter(name)
                ? gradients.of(scope.leaves().get(name)) : gradients.of(leaf)));
        return new JsbEvaluation(-trace.site("y").logProb().item(), withPrior.item(),
                -evalTrace.site("y").logProb().item(), Collections.unmodifiableMap(byName));
    }

    private static Map<String, Tensor> detached(Map<String, Tensor> params) {
        Map<String, Tensor> constants = new LinkedHashMap<>();
        params.forEach((name, value) -> constants.put(name, value.detach()));
        return constants;
    }

}
