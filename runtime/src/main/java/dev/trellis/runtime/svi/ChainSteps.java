package dev.trellis.runtime.svi;

import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.inference.SiteCalls;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One site of a ragged chain scored over all its steps at once while a model replays a guide's trace (Pyro's
 * {@code vectorized_markov}, chosen by the run instead of written by the user). Replaying, every step's value is
 * known before anything is scored, so the site's method need not run once per step on a few rows: each step hands
 * over the rows it would have passed ({@link #evaluate}), and its value ({@link #value}); the first time a step's
 * log-density is asked for, the method runs once on every step's rows stacked, and each step reads its own rows of
 * that one log-density. The trace keeps one site per step, as in a run step by step, so every estimator reads it as
 * before; what changes is that the networks see hundreds of rows per product instead of a mini-batch's few.
 *
 * <p>What it relies on is what a ragged chain's site methods already promise: they treat rows independently (a step's
 * method gets the rows of the sequences that have the step, however many). Steps whose rows cannot be stacked run
 * alone, as in a run step by step: a step before a chain's first value (an argument is null), a step whose arguments
 * broadcast (one row for many members), and the first step, which also fixes the event shape every later step must
 * have. Anything else a step's distribution is asked (a draw, its mean, a log-density at another value) it answers
 * by running the method on that step's rows alone, with the same result as a run step by step.
 *
 * <p>Belongs to one run; not thread-safe.
 */
public final class ChainSteps {

    private final String site;
    private final Function<Tensor[], Distribution> method;
    private final List<StepOfChain> joined = new ArrayList<>();
    /** The rows of the steps joined so far: where the next one's rows start in the stack. */
    private int stackedRows;
    private int @Nullable [] eventShape;
    /** The log-density of every joined step's value, stacked in the order they joined; null until first asked. */
    private @Nullable Tensor logProbs;
    private boolean evaluated;

    private ChainSteps(String site, Function<Tensor[], Distribution> method) {
        this.site = site;
        this.method = method;
    }

    /**
     * The stacked evaluation of a site for this run, or null when the run scores step by step: only a model
     * replaying a guide's trace ({@link SampleContext#scoresChainsAtOnce}) knows every value in advance.
     *
     * @param context the run
     * @param site the site's name, for messages
     * @param method the site's method on stacked rows: one tensor per argument a step passes to {@link #evaluate}
     */
    public static @Nullable ChainSteps of(SampleContext context, String site,
            Function<Tensor[], Distribution> method) {
        return context.scoresChainsAtOnce() ? new ChainSteps(site, method) : null;
    }

    /**
     * A step's distribution over the rows of its active members: {@code alone} run now when there is no stacked
     * evaluation ({@code steps} is null) or the step cannot join it, else a distribution whose log-density at the
     * step's value comes from the stacked evaluation.
     *
     * @param steps the site's stacked evaluation, or null
     * @param step the step, from 1
     * @param members the members that have the step
     * @param site the site's name, for messages
     * @param where the step, for messages
     * @param method the site's method on this step's rows, as a run step by step calls it
     * @param rows this step's arguments batched along the plate of sequences, cut to the active members' rows
     *     (first dimension), in the order the stacked method takes them
     * @throws SiteException naming the site and step if the method, run now, throws or returns null
     */
    public static Distribution evaluate(@Nullable ChainSteps steps, int step, ActiveMembers members, String site,
            String where, Supplier<? extends Distribution> method, @Nullable Tensor... rows) {
        if (steps == null) {
            return SiteCalls.evaluate(site, where, method);
        }
        return steps.step(step, members, () -> SiteCalls.evaluate(site, where, method), rows);
    }

    /**
     * Records the value the run gave a step's site, whole over the plate (a latent site's replayed value, an
     * observed one's data); a step that did not join is ignored.
     *
     * @param steps the site's stacked evaluation, or null
     * @param distribution what {@link #evaluate} returned for the step
     * @param value the value as the trace holds it
     */
    public static void value(@Nullable ChainSteps steps, Distribution distribution, Tensor value) {
        if (steps != null && distribution instanceof StepOfChain step && step.steps == steps) {
            step.value = value;
        }
    }

    private Distribution step(int step, ActiveMembers members, Supplier<Distribution> alone,
            @Nullable Tensor[] rows) {
        boolean stacks = eventShape != null && rows.length > 0 && !evaluated;
        for (Tensor row : rows) {
            stacks &= row != null && row.rank() > 0 && row.size(0) == members.count();
        }
        if (!stacks) {
            Distribution first = alone.get();
            if (eventShape == null) {
                eventShape = first.eventShape();
            }
            return first;
        }
        StepOfChain joining = new StepOfChain(this, step, stackedRows, members, alone, rows.clone(), eventShape);
        joined.add(joining);
        stackedRows += members.count();
        return joining;
    }

    /**
     * The rows of the stacked log-density that belong to {@code step}, evaluating the stack the first time; null
     * when the stack cannot serve: a step has no value recorded, or a value lies outside the support (each step,
     * scored alone, then says which entry of which step).
     *
     * @throws SiteException naming the site if the method on the stacked rows throws or does not give one
     *     distribution per row
     */
    @Nullable Tensor logProbOf(StepOfChain step) {
        if (!evaluated) {
            evaluated = true;
            logProbs = stacked();
        }
        return logProbs == null ? null : logProbs.slice(0, step.offset, step.offset + step.count());
    }

    private @Nullable Tensor stacked() {
        List<Tensor> values = new ArrayList<>();
        for (StepOfChain step : joined) {
            if (step.value == null) {
                return null;
            }
            Tensor value = step.members.rows(step.value, 0);
            if (value == null || value.rank() == 0 || value.size(0) != step.count()) {
                return null;
            }
            values.add(value);
        }
        Tensor[] arguments = new Tensor[joined.get(0).rows.length];
        for (int a = 0; a < arguments.length; a++) {
            int argument = a;
            arguments[a] = Tensor.cat(0, joined.stream().map(step -> step.rows[argument]).toList());
        }
        String where = "steps " + joined.get(0).step + " to " + joined.get(joined.size() - 1).step
                + " of its chain, their rows stacked";
        Distribution all = SiteCalls.evaluate(site, where, () -> method.apply(arguments));
        if (!Arrays.equals(all.batchShape(), new int[] {stackedRows})
                || !Arrays.equals(all.eventShape(), eventShape)) {
            throw new SiteException(site, where, "on " + stackedRows + " stacked rows the method returned batch "
                    + "shape " + Arrays.toString(all.batchShape()) + " and event shape "
                    + Arrays.toString(all.eventShape()) + "; a chain's site method must give one distribution per "
                    + "row it reads, of event shape " + Arrays.toString(eventShape));
        }
        try {
            return all.logProb(Tensor.cat(0, values));
        } catch (IllegalArgumentException outsideSupport) {
            return null;   // scored step by step, the step that holds the value names it
        }
    }

    @Override
    public String toString() {
        return "ChainSteps(" + site + ", " + joined.size() + " steps joined)";
    }
}
