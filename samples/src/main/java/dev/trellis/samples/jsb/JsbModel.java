package dev.trellis.samples.jsb;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference implementation of the six models of Pyro's {@code examples/hmm.py} that Trellis trains on the JSB
 * chorales: {@code -log p(y | params)} and the log prior, as differentiable tensor expressions. It is the oracle the
 * generated inference code is checked against, so it favours the plainest formulation over speed: the log-space
 * forward algorithm of {@link MaskedForward}, batched over all sequences, on the emission tables of
 * {@link ReferenceEmissions}, with transitions scored through {@link TorchProbabilities#categoricalLog} so that
 * gradients carry torch's renormalisation.
 *
 * <p>The hidden states have hmm.py's default {@code hidden_dim = 16}; the factorial models split it into two chains
 * {@code w} and {@code x} of {@code sqrt(16) = 4} states, enumerated jointly as the state {@code 4 w + x}. Every
 * chain starts from hidden index 0 "before time 0". Parameter names, shapes and index orders are hmm.py's:
 * {@code probs_x[i][j] = P(x_t = j | x_{t-1} = i)}, the tones' dimension last.
 */
public enum JsbModel {
    /** {@code model_1}: {@code x_t ~ probs_x[x_{t-1}]}, {@code y_t[d] ~ Bernoulli(probs_y[x_t, d])}. */
    HMM("hmm", 1) {
        @Override
        public List<Parameter> parameters(int tones) {
            return List.of(simplex("probs_x", 16, 16), unitInterval("probs_y", 16, tones));
        }

        @Override
        Tensor logTransition(Map<String, Tensor> params) {
            return TorchProbabilities.categoricalLog(params.get("probs_x"));
        }

        @Override
        Tensor emissions(Map<String, Tensor> params, Tensor tones) {
            return ReferenceEmissions.table(tones, params.get("probs_y"));
        }
    },
    /** {@code model_2}: as hmm, but {@code y_t[d] ~ Bernoulli(probs_y[x_t, y_{t-1}[d], d])} with {@code y_{-1} = 0}. */
    ARHMM("arhmm", 2) {
        @Override
        public List<Parameter> parameters(int tones) {
            return List.of(simplex("probs_x", 16, 16), unitInterval("probs_y", 16, 2, tones));
        }

        @Override
        Tensor logTransition(Map<String, Tensor> params) {
            return TorchProbabilities.categoricalLog(params.get("probs_x"));
        }

        @Override
        Tensor emissions(Map<String, Tensor> params, Tensor tones) {
            return ReferenceEmissions.autoregressiveTable(tones, params.get("probs_y"));
        }
    },
    /**
     * {@code model_3}: two independent chains {@code w_t ~ probs_w[w_{t-1}]}, {@code x_t ~ probs_x[x_{t-1}]}, and
     * {@code y_t[d] ~ Bernoulli(probs_y[w_t, x_t, d])}.
     */
    FHMM("fhmm", 3) {
        @Override
        public List<Parameter> parameters(int tones) {
            return List.of(simplex("probs_w", 4, 4), simplex("probs_x", 4, 4), unitInterval("probs_y", 4, 4, tones));
        }

        /** {@code log P((w, x) -> (w', x')) = log probs_w[w, w'] + log probs_x[x, x']}, indexed {@code [w, x, w', x']}. */
        @Override
        Tensor logTransition(Map<String, Tensor> params) {
            Tensor w = TorchProbabilities.categoricalLog(params.get("probs_w")).reshape(4, 1, 4, 1);
            Tensor x = TorchProbabilities.categoricalLog(params.get("probs_x")).reshape(1, 4, 1, 4);
            return w.add(x).reshape(16, 16);
        }

        @Override
        Tensor emissions(Map<String, Tensor> params, Tensor tones) {
            return ReferenceEmissions.table(tones, params.get("probs_y").reshape(16, tones.size(2)));
        }
    },
    /**
     * {@code model_4}: {@code w_t ~ probs_w[w_{t-1}]}, then {@code x_t ~ probs_x[w_t, x_{t-1}]} (the <em>new</em>
     * {@code w}), and {@code y_t[d] ~ Bernoulli(probs_y[w_t, x_t, d])}.
     */
    PFHMM("pfhmm", 4) {
        @Override
        public List<Parameter> parameters(int tones) {
            return List.of(simplex("probs_w", 4, 4), simplex("probs_x", 4, 4, 4), unitInterval("probs_y", 4, 4, tones));
        }

        /**
         * {@code log P((w, x) -> (w', x')) = log probs_w[w, w'] + log probs_x[w', x, x']}, indexed {@code [w, x, w', x']}:
         * probs_x's dimensions {@code [w', x, x']} are permuted to {@code [x, w', x']}.
         */
        @Override
        Tensor logTransition(Map<String, Tensor> params) {
            Tensor w = TorchProbabilities.categoricalLog(params.get("probs_w")).reshape(4, 1, 4, 1);
            Tensor x = TorchProbabilities.categoricalLog(params.get("probs_x")).permute(1, 0, 2).reshape(1, 4, 4, 4);
            return w.add(x).reshape(16, 16);
        }

        @Override
        Tensor emissions(Map<String, Tensor> params, Tensor tones) {
            return ReferenceEmissions.table(tones, params.get("probs_y").reshape(16, tones.size(2)));
        }
    },
    /**
     * {@code model_5}, the nnHMM: {@code x_t ~ probs_x[x_{t-1}]} and {@code y_t[d] ~ Bernoulli(logits =
     * tones_generator(x_t, y_{t-1})[d])} with {@code y_{-1} = 0}, where {@link TonesGenerator} convolves the previous
     * step's notes. Its parameters are {@code probs_x} (a latent site with the sticky Dirichlet prior) and the network's,
     * named as the parameter store keeps them ({@code tones_generator$$$x_to_hidden.weight}, ...), without a prior.
     */
    NNHMM("nnhmm", 5) {
        @Override
        public List<Parameter> parameters(int tones) {
            List<Parameter> parameters = new ArrayList<>(List.of(simplex("probs_x", 16, 16)));
            TonesGenerator.hmmPy(tones, Rng.seeded(0)).namedParameters().forEach((path, parameter) ->
                    parameters.add(new Parameter(TonesGenerator.storeName(path), parameter.shape(),
                            new Constraint.Real())));
            return List.copyOf(parameters);
        }

        @Override
        int tones(Map<String, Tensor> params) {
            Tensor bias = params.get(TonesGenerator.storeName("hidden_to_logits.bias"));
            return bias == null ? 0 : bias.size(0);
        }

        @Override
        Tensor logTransition(Map<String, Tensor> params) {
            return TorchProbabilities.categoricalLog(params.get("probs_x"));
        }

        @Override
        Tensor emissions(Map<String, Tensor> params, Tensor tones) {
            return ReferenceEmissions.neural(tones, params);
        }
    },
    /**
     * {@code model_6} without Raftery's parameterisation: {@code x_t ~ probs_x[x_{t-2}, x_{t-1}]} with
     * {@code x_{-2} = x_{-1} = 0}, {@code y_t[d] ~ Bernoulli(probs_y[x_t, d])}. Its parameters are {@code pyro.param}
     * sites, so it has no prior.
     */
    HMM2("hmm2", 6) {
        @Override
        public List<Parameter> parameters(int tones) {
            return List.of(simplex("probs_x", 16, 16, 16), unitInterval("probs_y", 16, tones));
        }

        @Override
        public boolean hasPrior() {
            return false;
        }

        @Override
        int stateRank() {
            return 2;
        }

        @Override
        Tensor logTransition(Map<String, Tensor> params) {
            return TorchProbabilities.categoricalLog(params.get("probs_x"));
        }

        @Override
        Tensor emissions(Map<String, Tensor> params, Tensor tones) {
            return ReferenceEmissions.table(tones, params.get("probs_y"));
        }
    };

    /**
     * One learned table of a model.
     *
     * @param name hmm.py's site name
     * @param shape its shape
     * @param constraint {@link Constraint.Simplex} (rows along the last dimension) or {@link Constraint.UnitInterval}
     */
    public record Parameter(String name, int[] shape, Constraint constraint) {
        public Parameter {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    private final String id;
    private final int pyroModel;

    JsbModel(String id, int pyroModel) {
        this.id = id;
        this.pyroModel = pyroModel;
    }

    /**
     * {@return the short name used by hmm.py's paper and Trellis's command line: hmm, arhmm, fhmm, pfhmm, nnhmm or hmm2}
     */
    public String id() {
        return id;
    }

    /** {@return the function of Pyro's examples/hmm.py this model reproduces, e.g. {@code model_1}} */
    public String pyroFunction() {
        return "model_" + pyroModel;
    }

    /**
     * Returns the model's learned tables in hmm.py's order.
     *
     * @param tones the number of tones of the data (51 for the chorales)
     * @return the parameters
     */
    public abstract List<Parameter> parameters(int tones);

    /**
     * Returns {@code -log p(y | params)} of a whole split: the sum over its sequences of {@code -log p(y_n[0:length_n])}
     * with every hidden state summed out, i.e. Pyro's {@code TraceEnum_ELBO} loss with {@code include_prior=False}.
     * Divide by {@link JsbSplit#numObservations()} for hmm.py's per-step numbers.
     *
     * @param params one tensor per {@link #parameters parameter}; gradients flow to those that require grad
     * @param split the data
     * @return a scalar
     * @throws IllegalArgumentException naming the parameter, index and value if a table is missing, has the wrong
     *     shape or leaves its constraint
     */
    public Tensor negLogLikelihood(Map<String, Tensor> params, JsbSplit split) {
        JsbParameterChecks.require(this, params, split.numTones());
        Tensor tones = split.padded();
        Tensor perSequence = MaskedForward.logLikelihoods(logTransition(params), stateRank(), emissions(params, tones),
                split.lengths());
        return perSequence.sum().neg();
    }

    /**
     * Returns {@code log prior(params)}: a sticky Dirichlet on every row of every transition table and
     * {@code Beta(0.1, 0.9)} on every emission probability ({@link HmmPriors}); 0 for hmm2, which has no prior.
     *
     * @param params one tensor per {@link #parameters parameter}
     * @return a scalar
     * @throws IllegalArgumentException as {@link #negLogLikelihood}
     */
    public Tensor logPrior(Map<String, Tensor> params) {
        int tones = tones(params);
        JsbParameterChecks.require(this, params, tones);
        Tensor total = Tensor.scalar(0);
        if (!hasPrior()) {
            return total;
        }
        for (Parameter parameter : parameters(tones)) {
            Tensor value = params.get(parameter.name());
            if (parameter.constraint() instanceof Constraint.Simplex) {
                total = total.add(HmmPriors.stickyDirichlet(value));
            } else if (parameter.constraint() instanceof Constraint.UnitInterval) {
                total = total.add(HmmPriors.weakBeta(value));
            }   // a network's parameters (real) have no prior: pyro.module params
        }
        return total;
    }

    /** {@return the number of tones the tables are for, read off their shapes (0 when the table is missing)} */
    int tones(Map<String, Tensor> params) {
        Tensor probsY = params.get("probs_y");
        return probsY == null ? 0 : probsY.size(probsY.rank() - 1);
    }

    /**
     * Returns the loss hmm.py trains and reports: {@code -log p(y | params)}, minus {@code log prior(params)} when
     * {@code includePrior} (MAP training, the loss of {@code svi.step}).
     *
     * @param params one tensor per {@link #parameters parameter}
     * @param split the data
     * @param includePrior whether to subtract the log prior
     * @return a scalar
     */
    public Tensor loss(Map<String, Tensor> params, JsbSplit split, boolean includePrior) {
        Tensor negLogLikelihood = negLogLikelihood(params, split);
        return includePrior ? negLogLikelihood.sub(logPrior(params)) : negLogLikelihood;
    }

    /** {@return whether some parameters are a network's ({@code tones_generator$$$...}, nnhmm's), trained without prior} */
    public boolean hasNetwork() {
        return this == NNHMM;
    }

    /** {@return whether hmm.py puts a prior on the parameters (every model but hmm2; nnhmm's network has none)} */
    public boolean hasPrior() {
        return true;
    }

    /** How many hidden indices make up the state of the forward recursion. */
    int stateRank() {
        return 1;
    }

    /** The transition table of {@link MaskedForward}, log-probabilities after torch's renormalisation. */
    abstract Tensor logTransition(Map<String, Tensor> params);

    /** The emission table {@code [S, T, K]} of the padded data {@code [S, T, D]}. */
    abstract Tensor emissions(Map<String, Tensor> params, Tensor tones);

    /**
     * Finds a model by its {@link #id()}.
     *
     * @param id hmm, arhmm, fhmm, pfhmm, nnhmm or hmm2
     * @return the model
     * @throws IllegalArgumentException listing the known ids
     */
    public static JsbModel byId(String id) {
        for (JsbModel model : values()) {
            if (model.id.equals(id)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unknown JSB model '" + id + "'; the models are hmm, arhmm, fhmm, pfhmm, nnhmm, hmm2");
    }

    private static Parameter simplex(String name, int... shape) {
        return new Parameter(name, shape, new Constraint.Simplex());
    }

    private static Parameter unitInterval(String name, int... shape) {
        return new Parameter(name, shape, new Constraint.UnitInterval());
    }
}
