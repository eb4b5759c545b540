package dev.trellis.runtime.inference;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Tabulates a mixture for exact elimination: an enumerated site drawn once per member of a data plate from one
 * distribution that reads only global values (a mixture's assignment), and the observed sites of the same plate given
 * each of its values. The tables are differentiable tensors, so the log marginal built from them with tensor ops
 * ({@link #logMarginal}) carries gradients back to the globals the user's methods read; the posterior queries
 * ({@link MixturePosterior}) read their values.
 *
 * <p>Why tensors and not a kernel with a hand-written backward pass (as the chains have): a mixture has no time loop,
 * so the tape holds a handful of [K, N] operations whatever N is, and its backward pass is already the posterior
 * responsibilities.
 */
public final class MixtureTables {

    private MixtureTables() {
    }

    /**
     * The log-probabilities of every value of the enumerated site, shared by every member of the data plate.
     *
     * @param site the enumerated site's name
     * @param plate the data plate's name, for messages
     * @param distribution what the site's method returned
     * @return [K]: {@code log p(site = k)}, differentiable in the distribution's parameters
     * @throws SiteException naming the site if the distribution has no finite support or is a batch
     */
    public static Tensor logPrior(String site, String plate, Distribution distribution) {
        return ChainTables.logProbs(site, plate, distribution, "a mixture's enumerated site reads only global "
                + "values, so one distribution (batch shape []) serves every member of plate '" + plate + "'");
    }

    /**
     * The log-likelihood of each data member under each value of the enumerated site.
     *
     * @param site the observed site's name
     * @param enumerated the enumerated site's name, for messages
     * @param states K, the number of values of the enumerated site
     * @param given the observed site's method with the enumerated value fixed
     * @param data this run's members of the observed data, {@code [B] + event shape}
     * @return [K, B], differentiable
     * @throws SiteException naming the site and the value of the enumerated site if the distribution does not fit
     *     the data, if a datum lies outside its support, or naming the member if a log-likelihood is NaN
     */
    public static Tensor logLikelihood(String site, String enumerated, int states,
            IntFunction<? extends Distribution> given, Tensor data) {
        if (data.rank() == 0) {
            throw new SiteException(site, "", "observed data is a scalar; give one leading dimension for the data "
                    + "plate");
        }
        int members = data.size(0);
        List<Tensor> rows = new ArrayList<>(states);
        for (int state = 0; state < states; state++) {
            String where = enumerated + " = " + state;
            int k = state;
            Distribution distribution = SiteCalls.evaluate(site, where, () -> given.apply(k));
            Tensor row = scoreMembers(site, where, distribution, data, members);
            rows.add(row);
        }
        return Tensor.stack(0, rows);
    }

    /**
     * The exact log marginal likelihood of the members in a joint table: {@code sum_n logsumexp_k logJoint[k, n]},
     * as tensor ops so that the tape differentiates it.
     *
     * @param logJoint [K, B]: {@code log p(z_n = k) + log p(x_n | z_n = k)}
     * @return a scalar; {@code -Infinity} when some member is impossible under every value
     */
    public static Tensor logMarginal(Tensor logJoint) {
        return logJoint.logSumExp(0, false).sum();
    }

    /**
     * The value of a global site given to a posterior query.
     *
     * @param globals the values, by site name
     * @param site the global site
     * @return its value, detached: a query reads values, it does not train them
     * @throws IllegalArgumentException naming the site and the sites given if there is no value for it
     */
    public static Tensor global(Map<String, Tensor> globals, String site) {
        Tensor value = globals.get(site);
        if (value == null) {
            throw new IllegalArgumentException("no value is given for global site '" + site + "'; the posterior of the "
                    + "enumerated site is conditioned on every global site, given " + globals.keySet());
        }
        return value.detach();
    }

    /**
     * Checks that a plate of global sites runs whole in this run: the data plate's sites read its sites whole (every
     * component's loc, indexed by the assignment), so a subsample of it would index the wrong members.
     *
     * @param plate the plate's name
     * @param members how many members this run uses
     * @param size its full size
     * @param readBy a site of the data plate that reads the plate's sites, for the message
     * @throws IllegalArgumentException naming the plate and the site if the plate is subsampled
     */
    public static void requireWholePlate(String plate, int members, int size, String readBy) {
        if (members != size) {
            throw new IllegalArgumentException("plate '" + plate + "' runs with " + members + " of its " + size
                    + " members, but site '" + readBy + "' reads its sites whole; subsample only the data plate of a "
                    + "mixture");
        }
    }

    private static Tensor scoreMembers(String site, String where, Distribution distribution, Tensor data,
            int members) {
        int[] own = distribution.batchShape();
        Distribution batch = distribution;
        if (!Arrays.equals(own, new int[] {members})) {
            try {
                int[] broadcast = Tensor.broadcastShapes(own, new int[] {members});
                if (broadcast.length != 1) {
                    throw new IllegalArgumentException("rank");
                }
                batch = distribution.expand(members);
            } catch (IllegalArgumentException e) {
                throw new SiteException(site, where, "the distribution's batch shape " + Arrays.toString(own)
                        + " does not fit the " + members + " data members of this run; return one distribution "
                        + "(batch shape []) for every member, or use toEvent for dimensions of one datum");
            }
        }
        Tensor logProb;
        try {
            logProb = batch.logProb(data);
        } catch (IllegalArgumentException e) {
            throw new SiteException(site, where, e.getMessage(), e);
        }
        if (!Arrays.equals(logProb.shape(), new int[] {members})) {
            throw new SiteException(site, where, "scores the data with shape " + Arrays.toString(logProb.shape())
                    + ", not one log-likelihood per data member [" + members + "]; data of shape "
                    + Arrays.toString(data.shape()) + " has the data plate first, then one datum's event dimensions");
        }
        double[] values = logProb.toArray();
        for (int n = 0; n < values.length; n++) {
            if (Double.isNaN(values[n])) {
                throw new SiteException(site, where, "the log-likelihood of data member " + n + " of this run is NaN");
            }
        }
        return logProb;
    }
}
