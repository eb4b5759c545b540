package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A ragged chain's site scored over all steps at once ({@link ChainSteps}) gives every step the log-density, and the
 * gradients, of the step run alone: the values bit for bit, the gradients up to the order of the sums; the method
 * runs twice (the first step alone, then every other step stacked) instead of once per step. Whatever the stack
 * cannot serve (no stacking run, a step before the chain's start, a broadcast row, another value, a draw, a step
 * without its value) is answered by the method on the step's rows alone.
 */
class ChainStepsTest {

    private static final int B = 5;
    private static final int K = 3;
    /**
     * Each step's members: all (the first step, run alone), all again (the trace then holds the stacked step itself,
     * not an {@link ActiveRows}), the first three (a slice), three scattered (an index), two scattered.
     */
    private static final boolean[][] ACTIVE = {
        {true, true, true, true, true},
        {true, true, true, true, true},
        {true, true, true, false, false},
        {false, true, true, false, true},
        {false, true, false, false, true},
    };

    private final Tensor weight = Tensor.variable(values(1, K, 0.4));
    private final Tensor scale = Tensor.variable(values(1, K, 2.0).abs().add(0.5));
    private final AtomicInteger calls = new AtomicInteger();

    private static Tensor values(int rows, int columns, double offset) {
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = offset + Math.sin(1.3 * i + 7 * offset);
        }
        return Tensor.of(values, rows, columns);
    }

    /** The site's method: z_t ~ Normal(previous * weight + other, scale), one row per member it is given. */
    private Distribution method(Tensor previous, Tensor other) {
        calls.incrementAndGet();
        return Normal.of(previous.mul(weight).add(other), scale.expand(previous.shape())).toEvent(1);
    }

    /** A step's scoring as the generated loop writes it; {@code steps} null for a run step by step. */
    private record Step(Distribution distribution, Distribution whole, Tensor value) {}

    private List<Step> run(ChainSteps steps, Tensor[] previous, Tensor[] other, Tensor[] values) {
        return run(steps, previous, other, values, -1);
    }

    /** As the generated loop, except that step {@code unrecorded} (0-based; -1 for none) never hands over its value. */
    private List<Step> run(ChainSteps steps, Tensor[] previous, Tensor[] other, Tensor[] values, int unrecorded) {
        List<Step> run = new ArrayList<>();
        for (int t = 0; t < ACTIVE.length; t++) {
            ActiveMembers members = ActiveMembers.of(ACTIVE[t]);
            Tensor previousRows = members.rows(previous[t], 0);
            Tensor otherRows = members.rows(other[t], 0);
            Distribution distribution = ChainSteps.evaluate(steps, t + 1, members, "z", "time step " + (t + 1),
                    () -> method(previousRows, otherRows), previousRows, otherRows);
            Distribution whole = members.inPlates("z", "time step " + (t + 1), distribution, null, -1, B);
            if (t != unrecorded) {
                ChainSteps.value(steps, distribution, values[t]);
            }
            run.add(new Step(distribution, whole, values[t]));
        }
        return run;
    }

    private static Tensor[] tensors(double offset, boolean variables) {
        Tensor[] tensors = new Tensor[ACTIVE.length];
        for (int t = 0; t < tensors.length; t++) {
            Tensor values = values(B, K, offset + 0.1 * t);
            tensors[t] = variables ? Tensor.variable(values) : values;
        }
        return tensors;
    }

    private static Tensor total(List<Step> run) {
        Tensor total = Tensor.scalar(0.0);
        for (int t = 0; t < run.size(); t++) {
            Step step = run.get(t);
            total = total.add(step.whole().logProb(step.value()).mul(1.0 + t).sum());
        }
        return total;
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-12 * Math.max(1, Math.abs(e[i])), "entry " + i);
        }
    }

    @Test
    void everyStepScoresAsItsMethodAloneWithTwoCallsInsteadOfOnePerStep() {
        Tensor[] previous = tensors(0.3, true);
        Tensor[] other = tensors(-0.7, true);
        Tensor[] values = tensors(1.1, true);

        List<Step> alone = run(null, previous, other, values);
        Tensor expected = total(alone);
        assertEquals(ACTIVE.length, calls.getAndSet(0));
        List<Step> stacked = run(ChainSteps.of(Stacking.CONTEXT, "z", rows -> method(rows[0], rows[1])), previous,
                other, values);
        Tensor actual = total(stacked);

        assertEquals(2, calls.get());
        assertFalse(stacked.get(0).distribution() instanceof StepOfChain, "the first step runs alone");
        for (int t = 1; t < ACTIVE.length; t++) {
            assertInstanceOf(StepOfChain.class, stacked.get(t).distribution());
            assertArrayEquals(alone.get(t).whole().logProb(values[t]).toArray(),
                    stacked.get(t).whole().logProb(values[t]).toArray(), "step " + (t + 1));
        }
        assertEquals(2, calls.get(), "the stack is evaluated once");
        assertEquals(expected.item(), actual.item(), 1e-12 * Math.abs(expected.item()));
        Gradients e = Autodiff.gradients(expected);
        Gradients a = Autodiff.gradients(actual);
        assertClose(e.of(weight), a.of(weight));
        assertClose(e.of(scale), a.of(scale));
        for (int t = 0; t < ACTIVE.length; t++) {
            assertClose(e.of(previous[t]), a.of(previous[t]));
            assertClose(e.of(other[t]), a.of(other[t]));
            assertClose(e.of(values[t]), a.of(values[t]));
        }
    }

    @Test
    void aRunThatDoesNotReplayAGuideGetsNoStackAndEachStepRunsItsMethodAtOnce() {
        assertNull(ChainSteps.of(new Stacking(false), "z", rows -> method(rows[0], rows[1])));
        Tensor rows = values(B, K, 0.2);

        Distribution now = ChainSteps.evaluate(null, 3, ActiveMembers.of(ACTIVE[0]), "z", "time step 3",
                () -> method(rows, rows), rows, rows);

        assertEquals(1, calls.get());
        assertFalse(now instanceof StepOfChain);
        SiteException e = assertThrows(SiteException.class, () -> ChainSteps.evaluate(null, 3,
                ActiveMembers.of(ACTIVE[0]), "z", "time step 3", () -> {
                    throw new IllegalStateException("no network");
                }, rows));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("time step 3")
                && e.getMessage().contains("no network"), e.getMessage());
    }

    @Test
    void aStepBeforeTheChainStartsOrWithABroadcastRowRunsAlone() {
        ChainSteps steps = ChainSteps.of(Stacking.CONTEXT, "z", rows -> method(rows[0], rows[1]));
        ActiveMembers all = ActiveMembers.of(ACTIVE[0]);
        Tensor rows = values(B, K, 0.2);
        Tensor one = values(1, K, 0.5);

        Distribution first = ChainSteps.evaluate(steps, 1, all, "z", "time step 1", () -> method(one, one), null,
                one);
        Distribution broadcast = ChainSteps.evaluate(steps, 2, all, "z", "time step 2", () -> method(rows, one),
                rows, one);
        Distribution noRows = ChainSteps.evaluate(steps, 3, all, "z", "time step 3", () -> method(rows, rows));
        Distribution scalarRow = ChainSteps.evaluate(steps, 4, all, "z", "time step 4", () -> method(rows, rows),
                rows, Tensor.scalar(1.0));
        Distribution joined = ChainSteps.evaluate(steps, 5, all, "z", "time step 5", () -> method(rows, rows), rows,
                rows);

        assertFalse(first instanceof StepOfChain);
        assertFalse(broadcast instanceof StepOfChain);
        assertFalse(noRows instanceof StepOfChain, "without rows a step's count of rows is unknown");
        assertFalse(scalarRow instanceof StepOfChain);
        assertInstanceOf(StepOfChain.class, joined);
        assertArrayEquals(new int[] {B}, joined.batchShape());
        assertArrayEquals(new int[] {K}, joined.eventShape());
    }

    @Test
    void anotherValueADrawOrAMomentComesFromTheStepAlone() {
        Tensor[] previous = tensors(0.3, false);
        Tensor[] other = tensors(-0.7, false);
        Tensor[] values = tensors(1.1, false);
        List<Step> alone = run(null, previous, other, values);
        List<Step> stacked = run(ChainSteps.of(Stacking.CONTEXT, "z", rows -> method(rows[0], rows[1])), previous,
                other, values);
        Distribution step = stacked.get(2).distribution();
        Distribution reference = alone.get(2).distribution();
        Tensor equalCopy = Tensor.variable(values[2]);

        Tensor logProb = stacked.get(2).whole().logProb(equalCopy);

        assertArrayEquals(alone.get(2).whole().logProb(values[2]).toArray(), logProb.toArray());
        // the copy is not the recorded value: the density is the step's own, differentiable in the copy
        assertTrue(Autodiff.gradients(logProb.sum()).of(equalCopy).abs().sum().item() > 0);
        assertArrayEquals(reference.mean().toArray(), step.mean().toArray());
        assertArrayEquals(reference.variance().toArray(), step.variance().toArray());
        assertArrayEquals(reference.entropy().toArray(), step.entropy().toArray());
        assertArrayEquals(reference.sample(Rng.seeded(4)).toArray(), step.sample(Rng.seeded(4)).toArray());
        assertArrayEquals(reference.rsample(Rng.seeded(4)).toArray(), step.rsample(Rng.seeded(4)).toArray());
        assertEquals(reference.hasRsample(), step.hasRsample());
        assertEquals(reference.isDiscrete(), step.isDiscrete());
        assertEquals(reference.support().eventDim(), step.support().eventDim());
        assertArrayEquals(reference.logProb(values[2].slice(0, 1, 4)).toArray(),
                step.logProb(values[2].slice(0, 1, 4)).toArray());
    }

    @Test
    void aStackedStepOfADiscreteSiteSaysSo() {
        ChainSteps steps = ChainSteps.of(Stacking.CONTEXT, "x", rows -> Bernoulli.of(rows[0].sigmoid()).toEvent(1));
        ActiveMembers all = ActiveMembers.of(ACTIVE[0]);
        Tensor logits = values(B, K, 0.2);
        ChainSteps.evaluate(steps, 1, all, "x", "time step 1", () -> Bernoulli.of(logits.sigmoid()).toEvent(1),
                logits);

        Distribution step = ChainSteps.evaluate(steps, 2, all, "x", "time step 2",
                () -> Bernoulli.of(logits.sigmoid()).toEvent(1), logits);

        assertInstanceOf(StepOfChain.class, step);
        assertTrue(step.isDiscrete());
        assertFalse(step.hasRsample());
    }

    @Test
    void aValueOutsideTheSupportIsNamedAsTheStepAloneNamesIt() {
        ChainSteps steps = ChainSteps.of(Stacking.CONTEXT, "x", rows -> Bernoulli.of(rows[0].sigmoid()).toEvent(1));
        ActiveMembers all = ActiveMembers.of(ACTIVE[0]);
        Tensor logits = values(B, K, 0.2);
        Supplier<Distribution> alone = () -> Bernoulli.of(logits.sigmoid()).toEvent(1);
        ChainSteps.evaluate(steps, 1, all, "x", "time step 1", alone, logits);
        Distribution second = ChainSteps.evaluate(steps, 2, all, "x", "time step 2", alone, logits);
        Distribution third = ChainSteps.evaluate(steps, 3, all, "x", "time step 3", alone, logits);
        Tensor ones = Tensor.ones(B, K);
        double[] bad = new double[B * K];
        bad[4] = 0.5;
        Tensor half = Tensor.of(bad, B, K);
        ChainSteps.value(steps, second, ones);
        ChainSteps.value(steps, third, half);

        IllegalArgumentException stacked = assertThrows(IllegalArgumentException.class, () -> third.logProb(half));

        IllegalArgumentException byItself = assertThrows(IllegalArgumentException.class,
                () -> alone.get().logProb(half));
        assertEquals(byItself.getMessage(), stacked.getMessage());
        assertArrayEquals(alone.get().logProb(ones).toArray(), second.logProb(ones).toArray());
    }

    @Test
    void withoutEveryStepsValueEachStepIsScoredAlone() {
        Tensor[] previous = tensors(0.3, false);
        Tensor[] other = tensors(-0.7, false);
        Tensor[] values = tensors(1.1, false);
        List<Step> alone = run(null, previous, other, values);
        List<Step> stacked = run(ChainSteps.of(Stacking.CONTEXT, "z", rows -> method(rows[0], rows[1])), previous,
                other, values, 2);
        calls.set(0);

        for (int t = 0; t < ACTIVE.length; t++) {
            assertArrayEquals(alone.get(t).whole().logProb(values[t]).toArray(),
                    stacked.get(t).whole().logProb(values[t]).toArray(), "step " + (t + 1));
        }
        assertEquals(ACTIVE.length - 1, calls.get(), "every joined step ran alone, the first already had");
    }

    @Test
    void aMethodThatDoesNotKeepOneDistributionPerRowIsNamedWhenTheStackIsScored() {
        Tensor[] previous = tensors(0.3, false);
        Tensor[] other = tensors(-0.7, false);
        Tensor[] values = tensors(1.1, false);
        // on stacked rows it averages them: one distribution for all
        List<Step> stacked = run(ChainSteps.of(Stacking.CONTEXT, "z",
                rows -> Normal.of(rows[0].mean(0, false), scale.reshape(K)).toEvent(1)), previous, other, values);

        SiteException e = assertThrows(SiteException.class,
                () -> stacked.get(1).whole().logProb(values[1]));

        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("stacked")
                && e.getMessage().contains("batch shape []"), e.getMessage());
        assertNotNull(stacked.get(0).whole().logProb(values[0]), "the first step ran alone");
    }

    /** A context whose only answer is whether it stacks a chain's steps; nothing else is called. */
    private record Stacking(boolean stacks) implements SampleContext {
        static final Stacking CONTEXT = new Stacking(true);

        @Override
        public boolean scoresChainsAtOnce() {
            return stacks;
        }

        @Override
        public Plate plate(String name, int size, int dim) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Tensor sample(String name, Distribution distribution, SiteOptions options, Plate... plates) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Tensor observe(String name, Distribution distribution, Tensor value, SiteOptions options,
                Plate... plates) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Tensor param(String name, Supplier<Tensor> initial, Constraint constraint) {
            throw new UnsupportedOperationException();
        }
    }
}
