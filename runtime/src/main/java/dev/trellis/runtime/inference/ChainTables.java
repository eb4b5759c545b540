package dev.trellis.runtime.inference;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.EnumerableDistribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Tabulates a model's distributions for exact elimination, as differentiable log tables: generated programs call the
 * user's site method once per state, and the stacked log-probabilities keep the graph back to the parameters the
 * method read, so the elimination's marginals (the tables' adjoints) reach them.
 */
public final class ChainTables {

    private ChainTables() {
    }

    /**
     * The log-probabilities of every value of an enumerated site's distribution.
     *
     * @param site the site's name, for messages
     * @param where where it was evaluated, e.g. {@code time[0]}
     * @param distribution what the site method returned
     * @return [K]: {@code log p(k)} for k in 0..K-1, differentiable in the distribution's parameters
     * @throws SiteException naming the site if the distribution has no finite support or a batch shape
     */
    public static Tensor logProbs(String site, String where, Distribution distribution) {
        return logProbs(site, where, distribution, "an enumerated site draws one value per step");
    }

    /**
     * {@link #logProbs(String, String, Distribution)} with the reason a batch is refused, for the message: shared
     * with {@link MixtureTables#logPrior}, whose site is drawn once per data member rather than once per step.
     */
    static Tensor logProbs(String site, String where, Distribution distribution, String whyNoBatch) {
        EnumerableDistribution finite = SiteCalls.enumerable(site, where, distribution);
        if (distribution.batchShape().length != 0) {
            throw new SiteException(site, where, "returned a batch of distributions (batch shape "
                    + java.util.Arrays.toString(distribution.batchShape()) + "); " + whyNoBatch);
        }
        return distribution.logProb(Tensor.arange(finite.supportSize()));
    }

    /**
     * The transition table of a chain: row {@code p} is the log-probabilities of the next state given previous state
     * {@code p}.
     *
     * @param site the chain's name
     * @param states K, the number of states
     * @param given the site method with its previous value fixed
     * @return [K, K], differentiable
     * @throws SiteException naming the site and the previous state if a row has another number of states
     */
    public static Tensor transitions(String site, int states, IntFunction<? extends Distribution> given) {
        List<Tensor> rows = new ArrayList<>(states);
        for (int previous = 0; previous < states; previous++) {
            String where = "previous " + site + " = " + previous;
            int p = previous;
            Tensor row = logProbs(site, where, SiteCalls.evaluate(site, where, () -> given.apply(p)));
            if (row.size(0) != states) {
                throw new SiteException(site, where, "has " + row.size(0) + " states but the first step has " + states);
            }
            rows.add(row);
        }
        return Tensor.stack(0, rows);
    }

    /**
     * Stacks one table per value of another site along a new first dimension: e.g. a chain's transition table for each
     * current state of the chain it reads, [Kw, Kx, Kx].
     *
     * @param values how many values the other site has
     * @param table the table for one value
     * @return [values, ...table shape], differentiable
     */
    public static Tensor stacked(int values, IntFunction<Tensor> table) {
        List<Tensor> tables = new ArrayList<>(values);
        for (int value = 0; value < values; value++) {
            tables.add(table.apply(value));
        }
        return Tensor.stack(0, tables);
    }

    /**
     * The log-probability of one fixed value under an observed site's distribution for each state of the chain it
     * reads: e.g. with {@code value} all ones, {@code log p(y_d = 1 | state k)} for each tone d of a Bernoulli over a
     * plate of tones.
     *
     * @param site the observed site's name
     * @param states K
     * @param given the site method with the chain's current state fixed
     * @param value the value to score, shaped like one draw of the site
     * @return [K, ...value batch shape], differentiable
     */
    public static Tensor perState(String site, int states, IntFunction<? extends Distribution> given, Tensor value) {
        List<Tensor> rows = new ArrayList<>(states);
        for (int state = 0; state < states; state++) {
            String where = "state " + state;
            int k = state;
            Distribution distribution = SiteCalls.evaluate(site, where, () -> given.apply(k));
            rows.add(distribution.logProb(value));
        }
        return Tensor.stack(0, rows);
    }

    /**
     * The observed Bernoulli site's {@code log p(y_d = 1)} and {@code log p(y_d = 0)} for every member d and each state,
     * from one call of the site method per state.
     *
     * @param site the observed site
     * @param states K
     * @param given the site method with the chain's state fixed
     * @param width D, the members of one draw
     * @return {logP1, logP0}, each [K, D], differentiable
     */
    public static Tensor[] bernoulliPerState(String site, int states, IntFunction<? extends Distribution> given,
            int width) {
        Tensor ones = Tensor.ones(width);
        Tensor zeros = Tensor.zeros(width);
        List<Tensor> p1 = new ArrayList<>(states);
        List<Tensor> p0 = new ArrayList<>(states);
        for (int state = 0; state < states; state++) {
            String where = "state " + state;
            int k = state;
            Distribution distribution = SiteCalls.evaluate(site, where, () -> given.apply(k));
            p1.add(distribution.logProb(ones));
            p0.add(distribution.logProb(zeros));
        }
        return new Tensor[] {Tensor.stack(0, p1), Tensor.stack(0, p0)};
    }

    /**
     * The tables of an observation over a plate of members that reads its own previous value member by member:
     * {@code [K, 2, D]} for {@code log p(y_d = 1)} and {@code log p(y_d = 0)} given each state and each previous value
     * v of member d. The site method is called with the previous value all zeros and all ones; a third call with a
     * mixed pattern checks that member d reads only member d (what a vectorised plate of conditionally independent
     * members means here), so a model whose members read each other's previous values is reported, not mis-scored.
     *
     * @param site the observed site
     * @param states K
     * @param given the site method with the chain's state and the previous value fixed
     * @param width D
     * @return {logP1, logP0}, each [K, 2, D], differentiable
     * @throws SiteException naming the site and member if member d depends on another member's previous value
     */
    public static Tensor[] autoregressive(String site, int states, java.util.function.BiFunction<Integer, Tensor,
            ? extends Distribution> given, int width) {
        Tensor zeros = Tensor.zeros(width);
        Tensor ones = Tensor.ones(width);
        Tensor[] tables = new Tensor[2];
        for (int which = 0; which < 2; which++) {
            Tensor value = which == 0 ? ones : zeros;
            Tensor fromZeros = perState(site, states, state -> given.apply(state, zeros), value);
            Tensor fromOnes = perState(site, states, state -> given.apply(state, ones), value);
            tables[which] = Tensor.stack(1, List.of(fromZeros, fromOnes));
        }
        double[] pattern = new double[width];
        for (int d = 0; d < width; d++) {
            pattern[d] = d % 2;
        }
        Tensor probe = Tensor.vector(pattern);
        Distribution mixed = SiteCalls.evaluate(site, "state 0", () -> given.apply(0, probe));
        double[] got = mixed.logProb(ones).detach().toArray();
        double[] fromZeros = tables[0].select(0, 0).select(0, 0).toArray();
        double[] fromOnes = tables[0].select(0, 0).select(0, 1).toArray();
        for (int d = 0; d < width; d++) {
            double want = pattern[d] == 1 ? fromOnes[d] : fromZeros[d];
            if (Double.compare(got[d], want) != 0 && Math.abs(got[d] - want) > 1e-12 * Math.abs(want)) {
                throw new SiteException(site, "member " + d, "its distribution depends on other members' previous "
                        + "values (log p = " + got[d] + " with a mixed previous pattern, " + want + " from its own); "
                        + "an observation vectorised over a plate may read only its own member's previous value");
            }
        }
        return tables;
    }
}
