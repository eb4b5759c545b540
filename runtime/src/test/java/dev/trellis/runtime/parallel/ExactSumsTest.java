package dev.trellis.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumsTest {

    /** The oracle: the exact sum in decimal, rounded once to the nearest double (ties to even). */
    private static double exact(List<Double> terms) {
        BigDecimal sum = BigDecimal.ZERO;
        for (double term : terms) {
            sum = sum.add(new BigDecimal(term));
        }
        return sum.round(MathContext.UNLIMITED).doubleValue();
    }

    private static List<Double> wildTerms(Random random, int n) {
        List<Double> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double magnitude = Math.scalb(1.0, random.nextInt(200) - 100);
            terms.add((random.nextBoolean() ? 1 : -1) * magnitude * (1 + random.nextDouble()));
        }
        return terms;
    }

    @Test
    void sums_round_the_exact_sum_once() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            List<Double> terms = wildTerms(random, 1 + random.nextInt(60));
            ExactSums sums = new ExactSums(1);
            terms.forEach(t -> sums.add(0, t));
            assertEquals(exact(terms), sums.rounded(0), "trial " + trial + ": " + terms);
        }
    }

    @Test
    void entries_with_many_partials_beside_entries_with_few_stay_exact_when_merged() {
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            List<List<Double>> terms = List.of(wildTerms(random, 40), List.of(1.5, 2.25), wildTerms(random, 25),
                    List.of(-3.0));
            ExactSums left = new ExactSums(terms.size());
            ExactSums right = new ExactSums(terms.size());
            for (int i = 0; i < terms.size(); i++) {
                List<Double> entry = terms.get(i);
                for (int k = 0; k < entry.size(); k++) {
                    (k % 3 == 0 ? left : right).add(i, entry.get(k));
                }
            }
            left.add(right);
            for (int i = 0; i < terms.size(); i++) {
                assertEquals(exact(terms.get(i)), left.rounded(i), "trial " + trial + ", entry " + i);
            }
        }
    }

    @Test
    void cancellation_that_naive_summation_loses_is_exact() {
        ExactSums sums = new ExactSums(1);
        sums.add(0, 1e100);
        sums.add(0, 1.0);
        sums.add(0, -1e100);
        assertEquals(1.0, sums.rounded(0));
        ExactSums tiny = new ExactSums(1);
        for (double t : new double[] {1.0, 1e-16, 1e-16, -1.0}) {
            tiny.add(0, t);
        }
        assertEquals(2e-16, tiny.rounded(0));
    }

    @Test
    void a_tie_is_broken_by_the_terms_below_it() {
        // 1 + 2^-53 is a tie between 1 and its successor: to even gives 1, a tiny extra term gives the successor.
        ExactSums tie = new ExactSums(1);
        tie.add(0, 1.0);
        tie.add(0, 0x1p-53);
        assertEquals(1.0, tie.rounded(0));
        tie.add(0, 0x1p-100);
        assertEquals(Math.nextUp(1.0), tie.rounded(0));
        ExactSums below = new ExactSums(1);
        below.add(0, 1.0);
        below.add(0, 0x1p-53);
        below.add(0, -0x1p-100);
        assertEquals(1.0, below.rounded(0));
    }

    @Test
    void order_and_grouping_do_not_change_a_single_bit() {
        Random random = new Random(11);
        List<Double> terms = wildTerms(random, 500);
        ExactSums whole = new ExactSums(1);
        terms.forEach(t -> whole.add(0, t));
        for (int trial = 0; trial < 20; trial++) {
            List<Double> shuffled = new ArrayList<>(terms);
            Collections.shuffle(shuffled, random);
            int parts = 1 + random.nextInt(8);
            ExactSums merged = new ExactSums(1);
            for (int part = 0; part < parts; part++) {
                ExactSums partial = new ExactSums(1);
                for (int i = part; i < shuffled.size(); i += parts) {
                    partial.add(0, shuffled.get(i));
                }
                merged.add(partial);
            }
            assertEquals(Double.doubleToRawLongBits(whole.rounded(0)), Double.doubleToRawLongBits(merged.rounded(0)));
        }
        assertEquals(exact(terms), whole.rounded(0));
    }

    @Test
    void non_finite_terms_follow_ieee_addition() {
        ExactSums sums = new ExactSums(4);
        sums.add(0, 1.0);
        sums.add(0, Double.NEGATIVE_INFINITY);
        sums.add(1, Double.POSITIVE_INFINITY);
        sums.add(1, Double.NEGATIVE_INFINITY);
        sums.add(2, Double.NaN);
        sums.add(3, Double.MAX_VALUE);
        sums.add(3, Double.MAX_VALUE);
        assertEquals(Double.NEGATIVE_INFINITY, sums.rounded(0));
        assertEquals(Double.NaN, sums.rounded(1));
        assertEquals(Double.NaN, sums.rounded(2));
        assertEquals(Double.POSITIVE_INFINITY, sums.rounded(3));
    }

    @Test
    void a_sum_that_overflows_past_smaller_partials_is_an_infinity_of_its_sign_from_then_on() {
        ExactSums sums = new ExactSums(2);
        for (int entry = 0; entry < 2; entry++) {
            double sign = entry == 0 ? 1.0 : -1.0;
            sums.add(entry, sign * 1.0);
            sums.add(entry, sign * 0x1p-60);
            sums.add(entry, sign * Double.MAX_VALUE);   // three partials, the largest last
            sums.add(entry, sign * Double.MAX_VALUE);   // overflows when it reaches the largest
            sums.add(entry, -sign * Double.MAX_VALUE);   // no finite term brings it back
        }
        assertEquals(Double.POSITIVE_INFINITY, sums.rounded(0));
        assertEquals(Double.NEGATIVE_INFINITY, sums.rounded(1));
        ExactSums fine = new ExactSums(1);
        fine.add(0, Double.MAX_VALUE);
        fine.add(0, 0x1p-60);
        fine.add(0, -Double.MAX_VALUE);   // cancels exactly: the small partial is all that is left
        assertEquals(0x1p-60, fine.rounded(0));
    }

    @Test
    void vectors_add_entrywise_and_survive_serialization() throws Exception {
        ExactSums a = new ExactSums(3);
        a.add(0, new double[] {0.1, 0.2, 0.3});
        a.add(0, new double[] {0.1, 0.2, 0.3});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        ExactSums copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ExactSums) in.readObject();
        }
        copy.add(a);
        assertEquals(exact(List.of(0.1, 0.1, 0.1, 0.1)), copy.rounded(0));
        assertEquals(exact(List.of(0.3, 0.3, 0.3, 0.3)), copy.rounded()[2]);
        assertEquals(0.0, new ExactSums(2).rounded(1));
        assertThrows(IllegalArgumentException.class, () -> a.add(new ExactSums(2)));
        assertThrows(IndexOutOfBoundsException.class, () -> a.add(2, new double[] {1, 2}));
    }

    @Test
    void a_range_of_a_vector_adds_only_its_entries() {
        ExactSums sums = new ExactSums(4);
        sums.add(new double[] {1.0, 0.1, 0.2, 4.0}, 1, 3);
        sums.add(new double[] {9.0, 0.1, 0.2, 9.0}, 1, 3);
        assertEquals(0.0, sums.rounded(0));
        assertEquals(exact(List.of(0.1, 0.1)), sums.rounded(1));
        assertEquals(exact(List.of(0.2, 0.2)), sums.rounded(2));
        assertEquals(0.0, sums.rounded(3));
        assertThrows(IndexOutOfBoundsException.class, () -> sums.add(new double[] {1, 2}, 1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> sums.add(new double[5], 0, 5));
    }
}
