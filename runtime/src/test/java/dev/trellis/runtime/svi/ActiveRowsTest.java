package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.distributions.Bernoulli;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.KlDivergence;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A step's distribution over the active sequences made whole again ({@link ActiveRows}) is the whole-plate
 * distribution masked at the finished rows: the same log-densities and gradients at the active rows, bit for bit,
 * exactly 0 at the finished ones; draws at the active rows from one random draw per active entry, the filler
 * elsewhere. Checked with the active members first (a slice) and scattered (an index).
 */
class ActiveRowsTest {

    private static final int B = 5;
    private static final int K = 3;

    /** true: members 0..2 active (a batch sorted by length); false: members 1, 2 and 4 (unsorted lengths). */
    private static ActiveMembers members(boolean prefix) {
        return ActiveMembers.of(prefix ? new boolean[] {true, true, true, false, false}
                : new boolean[] {false, true, true, false, true});
    }

    private static Tensor values(int rows, double offset) {
        double[] values = new double[rows * K];
        for (int i = 0; i < values.length; i++) {
            values[i] = offset + Math.sin(1.7 * i + offset);
        }
        return Tensor.of(values, rows, K);
    }

    private static boolean[] on(ActiveMembers members) {
        boolean[] on = new boolean[members.size()];
        for (int b : members.indices()) {
            on[b] = true;
        }
        return on;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void log_densities_and_their_gradients_are_the_masked_whole_plate_ones_bit_for_bit(boolean prefix) {
        ActiveMembers members = members(prefix);
        Tensor loc = Tensor.variable(values(B, 0.2));
        Tensor scale = Tensor.variable(values(B, 2.0).abs().add(0.5));
        Tensor value = values(B, -0.3);
        Tensor weights = values(B, 1.1).select(1, 0);

        Distribution wrapped = members.inPlates("z", "time step 2",
                Normal.of(members.rows(loc, 0), members.rows(scale, 0)).toEvent(1), null, -1, B);
        Tensor mask = Tensor.mask(on(members), B);
        Tensor full = Normal.of(loc, scale).toEvent(1).logProb(value);
        Tensor masked = Tensor.where(mask, full, Tensor.scalar(0.0));
        Tensor logProb = wrapped.logProb(value);

        assertInstanceOf(ActiveRows.class, wrapped);
        assertArrayEquals(new int[] {B}, wrapped.batchShape());
        assertArrayEquals(masked.toArray(), logProb.toArray());
        Gradients expected = Autodiff.gradients(masked.mul(weights).sum());
        Gradients actual = Autodiff.gradients(logProb.mul(weights).sum());
        assertArrayEquals(expected.of(loc).toArray(), actual.of(loc).toArray());
        assertArrayEquals(expected.of(scale).toArray(), actual.of(scale).toArray());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void the_finished_rows_of_a_value_are_never_scored_so_padding_outside_the_support_is_fine(boolean prefix) {
        ActiveMembers members = members(prefix);
        double[] probs = new double[3 * K];
        Arrays.fill(probs, 0.3);
        Distribution wrapped = members.inPlates("obs_x", "time step 4",
                Bernoulli.of(Tensor.of(probs, 3, K)).toEvent(1), null, -1, B);
        double[] notes = new double[B * K];
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < K; k++) {
                notes[b * K + k] = on(members)[b] ? (b + k) % 2 : 7.0;   // padding: not a 0/1 note
            }
        }

        double[] logProb = wrapped.logProb(Tensor.of(notes, B, K)).toArray();

        for (int b = 0; b < B; b++) {
            if (!on(members)[b]) {
                assertEquals(0.0, logProb[b], "finished member " + b);
            } else {
                int ones = 0;
                for (int k = 0; k < K; k++) {
                    ones += (int) notes[b * K + k];
                }
                assertEquals(ones * Math.log(0.3) + (K - ones) * Math.log(0.7), logProb[b], 1e-15, "member " + b);
            }
        }
    }

    @Test
    void a_value_outside_the_support_at_an_active_row_is_named_with_the_members_it_was_among() {
        ActiveMembers members = members(false);
        Distribution wrapped = members.inPlates("obs_x", "time step 4",
                Bernoulli.of(Tensor.ones(3, K).mul(0.3)).toEvent(1), null, -1, B);
        double[] notes = new double[B * K];
        notes[4 * K + 1] = 0.5;   // member 4, the third active row

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrapped.logProb(Tensor.of(notes, B, K)));

        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(among the rows of the 3 of 5 members [1, 2, 4] that have this step, in "
                + "that order)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void draws_take_one_random_number_per_active_entry_and_the_filler_elsewhere(boolean prefix) {
        ActiveMembers members = members(prefix);
        Tensor loc = values(3, 0.4);
        Tensor scale = values(3, 1.0).abs().add(0.2);
        Tensor filler = values(B, 5.0);
        Distribution inner = Normal.of(loc, scale).toEvent(1);
        Distribution wrapped = members.inPlates("z", "time step 3", inner, filler, -1, B);

        Rng rng = Rng.seeded(17);
        Rng reference = Rng.seeded(17);
        Tensor draw = wrapped.rsample(rng);
        double[] innerDraw = inner.rsample(reference).toArray();
        assertEquals(reference.nextDouble(), rng.nextDouble(), "the same numbers were drawn");
        double[] sampled = wrapped.sample(Rng.seeded(17)).toArray();

        int[] active = members.indices();
        double[] drawn = draw.toArray();
        double[] fill = filler.toArray();
        for (int b = 0, a = 0; b < B; b++) {
            boolean isActive = a < active.length && active[a] == b;
            for (int k = 0; k < K; k++) {
                double expected = isActive ? innerDraw[a * K + k] : fill[b * K + k];
                assertEquals(expected, drawn[b * K + k], "member " + b);
                assertEquals(expected, sampled[b * K + k], "member " + b + ", sample");
            }
            a += isActive ? 1 : 0;
        }
        double[] zeroFilled = members.inPlates("z", "time step 3", inner, null, -1, B).rsample(Rng.seeded(17))
                .toArray();
        for (int b = 0; b < B; b++) {
            if (!on(members)[b]) {
                assertArrayEquals(new double[K], Arrays.copyOfRange(zeroFilled, b * K, b * K + K));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void the_gradient_of_a_reparameterised_draw_reaches_the_active_rows_parameters_only(boolean prefix) {
        ActiveMembers members = members(prefix);
        Tensor loc = Tensor.variable(values(B, 0.1));
        Tensor filler = Tensor.variable(values(B, 3.0));
        Distribution wrapped = members.inPlates("z", "time step 5",
                Normal.of(members.rows(loc, 0), Tensor.ones(3, K)).toEvent(1), filler, -1, B);

        Tensor draw = wrapped.rsample(Rng.seeded(3));
        Gradients gradients = Autodiff.gradients(draw.mul(values(B, 0.7)).sum());

        double[] expected = Tensor.where(Tensor.mask(on(members), B, 1), values(B, 0.7), Tensor.scalar(0.0)).toArray();
        assertArrayEquals(expected, gradients.of(loc).toArray());
        assertArrayEquals(new double[B * K], gradients.of(filler).toArray(), "the filler is detached");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void moments_entropy_and_kl_are_the_inner_ones_at_the_active_rows(boolean prefix) {
        ActiveMembers members = members(prefix);
        Tensor locP = values(B, 0.1);
        Tensor scaleP = values(B, 0.9).abs().add(0.3);
        Tensor locQ = values(B, -0.6);
        Tensor scaleQ = values(B, 1.3).abs().add(0.4);
        Tensor filler = values(B, 2.5);
        Distribution p = members.inPlates("z", "time step 2",
                Normal.of(members.rows(locP, 0), members.rows(scaleP, 0)).toEvent(1), filler, -1, B);
        Distribution q = members.inPlates("z", "time step 2",
                Normal.of(members.rows(locQ, 0), members.rows(scaleQ, 0)).toEvent(1), filler, -1, B);
        Distribution fullP = Normal.of(locP, scaleP).toEvent(1);
        Distribution fullQ = Normal.of(locQ, scaleQ).toEvent(1);
        Tensor rowMask = Tensor.mask(on(members), B, 1);
        Tensor mask = Tensor.mask(on(members), B);

        assertArrayEquals(Tensor.where(rowMask, fullP.mean(), filler).toArray(), p.mean().toArray());
        assertArrayEquals(Tensor.where(rowMask, fullP.variance(), Tensor.scalar(0.0)).toArray(),
                p.variance().toArray());
        assertArrayEquals(Tensor.where(mask, fullP.entropy(), Tensor.scalar(0.0)).toArray(), p.entropy().toArray());
        assertArrayEquals(Tensor.where(mask, KlDivergence.kl(fullP, fullQ), Tensor.scalar(0.0)).toArray(),
                KlDivergence.kl(p, q).toArray());
        Distribution other = members(!prefix).inPlates("z", "time step 2",
                Normal.of(members(!prefix).rows(locQ, 0), Tensor.ones(3, K)).toEvent(1), filler, -1, B);
        assertThrows(UnsupportedOperationException.class, () -> KlDivergence.kl(p, other));
    }
}
