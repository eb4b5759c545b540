package dev.trellis.runtime.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.distributions.Distribution;
import dev.trellis.runtime.distributions.Normal;
import dev.trellis.runtime.errors.SiteException;
import dev.trellis.runtime.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The members of a plate of sequences that have a step of a ragged chain, and the rows a generated loop cuts with
 * them: the identity when every member is active, a slice when the active ones come first (a batch sorted by
 * length), an index otherwise, each carrying gradients back to the rows read.
 */
class ActiveMembersTest {

    private static final Plate SEQUENCES = Plate.full("sequences", 4, -1);

    private static Tensor rows(int rows, int columns, double offset) {
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = offset + 0.37 * i - 0.011 * i * i;
        }
        return Tensor.of(values, rows, columns);
    }

    @Test
    void each_step_activates_the_members_at_least_that_long_in_the_plates_order() {
        RaggedSteps steps = RaggedSteps.of(new int[] {3, 1, 4, 2}, SEQUENCES);

        assertTrue(steps.active(0).all());
        assertArrayEquals(new int[] {0, 2, 3}, steps.active(1).indices());
        assertArrayEquals(new int[] {0, 2}, steps.active(2).indices());
        assertArrayEquals(new int[] {2}, steps.active(3).indices());
        assertEquals(4, steps.active(3).size());
        assertThrows(IllegalArgumentException.class, () -> steps.active(4));
        assertThrows(IllegalArgumentException.class, () -> steps.active(-1));
    }

    @Test
    void a_subsampled_plate_activates_its_own_members_by_their_lengths() {
        Plate subsample = new Plate("sequences", 4, new int[] {3, 1}, -1);   // lengths 2 and 1
        RaggedSteps steps = RaggedSteps.of(new int[] {3, 1, 4, 2}, subsample);

        assertEquals(2, steps.steps());
        assertTrue(steps.active(0).all());
        assertArrayEquals(new int[] {0}, steps.active(1).indices());
        assertEquals(2, steps.active(1).size());
    }

    @Test
    void when_every_member_is_active_rows_and_distributions_are_left_as_they_are() {
        ActiveMembers all = ActiveMembers.of(new boolean[] {true, true, true});
        Tensor value = rows(3, 2, 0.5);
        Distribution normal = Normal.of(value, Tensor.ones(3, 2)).toEvent(1);

        assertSame(value, all.rows(value, 0));
        assertNull(all.rows(null, 0));
        assertSame(normal, all.inPlates("z", "time step 1", normal, null, -1, 3));
    }

    @Test
    void active_members_that_come_first_are_a_slice_and_others_an_index_with_the_same_rows() {
        Tensor value = rows(4, 3, -1.0);
        ActiveMembers prefix = ActiveMembers.of(new boolean[] {true, true, false, false});
        ActiveMembers scattered = ActiveMembers.of(new boolean[] {false, true, false, true});

        assertArrayEquals(value.index(0, new int[] {0, 1}).toArray(), prefix.rows(value, 0).toArray());
        assertArrayEquals(value.index(0, new int[] {1, 3}).toArray(), scattered.rows(value, 0).toArray());
        assertArrayEquals(new int[] {2, 3}, scattered.rows(value, 0).shape());
        // the plate along another axis: [K, B]
        Tensor transposed = value.transpose(0, 1);
        assertArrayEquals(value.index(0, new int[] {1, 3}).transpose(0, 1).toArray(),
                scattered.rows(transposed, -1).toArray());
    }

    @Test
    void spreading_the_cut_rows_back_restores_the_plates_order() {
        Tensor value = rows(5, 2, 0.25);
        for (boolean[] on : new boolean[][] {{true, true, true, false, false}, {false, true, true, false, true},
                {true, false, false, false, false}}) {
            ActiveMembers members = ActiveMembers.of(on);
            Tensor spread = members.spread(members.cut(value, 0), members.finishedRows(value, 0), 0);
            assertArrayEquals(value.toArray(), spread.toArray());
        }
    }

    @Test
    void a_value_with_one_row_broadcasts_and_a_value_with_another_count_is_named() {
        ActiveMembers members = ActiveMembers.of(new boolean[] {true, false, true});
        Tensor one = rows(1, 2, 0);

        assertSame(one, members.rows(one, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> members.rows(rows(2, 2, 0), 0));
        assertTrue(e.getMessage().contains("shape [2, 2] has 2 rows along dim 0"), e.getMessage());
        assertTrue(e.getMessage().contains("3 members"), e.getMessage());
    }

    @Test
    void the_gradient_through_a_cut_matches_finite_differences() {
        for (boolean[] on : new boolean[][] {{true, true, false, false}, {false, true, false, true}}) {
            ActiveMembers members = ActiveMembers.of(on);
            Tensor weights = rows(2, 3, 0.3);
            Tensor loc0 = rows(4, 3, 0.1);
            Tensor value = rows(4, 3, -0.2);
            Function<Tensor, Tensor> loss = loc -> {
                Tensor active = members.rows(loc, 0);
                Distribution inner = Normal.of(active.tanh().mul(weights), Tensor.ones(2, 3).mul(1.5));
                return members.inPlates("z", "time step 2", inner.toEvent(1), null, -1, 4).logProb(value).sum();
            };
            Tensor loc = Tensor.variable(loc0);
            Gradients gradients = Autodiff.gradients(loss.apply(loc));
            double[] analytic = gradients.of(loc).toArray();
            double[] base = loc0.toArray();
            double h = 1e-6;
            for (int i = 0; i < base.length; i++) {
                double[] up = base.clone();
                double[] down = base.clone();
                up[i] += h;
                down[i] -= h;
                double numeric = (loss.apply(Tensor.of(up, 4, 3)).item() - loss.apply(Tensor.of(down, 4, 3)).item())
                        / (2 * h);
                assertEquals(numeric, analytic[i], 1e-7 * Math.max(1, Math.abs(numeric)), "entry " + i);
            }
            for (int b = 0; b < 4; b++) {
                if (!on[b]) {
                    for (int k = 0; k < 3; k++) {
                        assertEquals(0.0, analytic[b * 3 + k], "finished row " + b);
                    }
                }
            }
        }
    }

    @Test
    void a_distribution_that_does_not_fit_the_active_rows_names_the_site_the_step_and_the_shapes() {
        ActiveMembers members = ActiveMembers.of(new boolean[] {true, false, true, true});
        Distribution wrong = Normal.of(rows(4, 2, 0), Tensor.ones(4, 2)).toEvent(1);   // the whole plate's rows

        SiteException e = assertThrows(SiteException.class,
                () -> members.inPlates("z", "time step 3", wrong, null, -1, 4));

        assertTrue(e.getMessage().startsWith("site 'z' at time step 3: "), e.getMessage());
        assertTrue(e.getMessage().contains("batch shape [4] does not fit the batch shape [3]"), e.getMessage());
        assertTrue(e.getMessage().contains("3 of 4 sequences"), e.getMessage());
        assertFalse(members.all());
    }

    @Test
    void a_filler_of_another_shape_names_the_site_and_the_step() {
        ActiveMembers members = ActiveMembers.of(new boolean[] {true, false});
        Distribution inner = Normal.of(rows(1, 2, 0), Tensor.ones(1, 2)).toEvent(1);

        SiteException e = assertThrows(SiteException.class,
                () -> members.inPlates("z", "time step 4", inner, rows(2, 3, 0), -1, 2));

        assertTrue(e.getMessage().startsWith("site 'z' at time step 4: the value one step earlier has shape [2, 3]"),
                e.getMessage());
    }
}
