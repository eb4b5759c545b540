package dev.trellis.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trellis.corpus.oracle.BruteForce;
import dev.trellis.corpus.oracle.JointTable;
import dev.trellis.corpus.oracle.NestedData;
import dev.trellis.runtime.random.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated {@code predict} against brute force. Its draw is a joint value of the enumerated sites {@code a} and
 * new observations {@code y'} shaped as the data {@code y}, with probability
 * <pre>
 * P(a, y' | y) = P(a | y) p(y' | a),   p(y' | a) = p(a, y') / sum over every y'' of p(a, y'')
 * </pre>
 * the oracle giving {@code P(a | y)} and every {@code p(a, y')}; on data small enough to list every {@code y'} (one
 * categorical observation per position), the draws' frequencies over all (a, y') cells are checked by chi-square,
 * on chains, ragged sequences (one of length 0), a mixture of chains, and Bernoulli tones that read their own previous
 * values (which must be the new draws).
 */
@Tag("generated")
class GeneratedPredictiveTest {
    private static final int DRAWS = 20_000;

    /** A case, and the support size of its one discrete observed site. */
    record PredictiveCase(CorpusCase c, String observed, int symbols) {
        @Override
        public String toString() {
            return c.name();
        }
    }

    static List<PredictiveCase> cases() {
        CorpusCase rainSun = ChainCases.rainSun().get(0);
        CorpusCase sequences = SequenceCases.sequencesHmm().get(0);
        CorpusCase mixture = SequenceCases.mixtureOfHmms().get(0);
        CorpusCase tones = SequenceCases.arBernoulliTones().get(0);
        List<int[]> ragged = List.of(new int[] {1, 2}, new int[0], new int[] {0});
        // each step's 3 tones read the tones of the step before: the new draws, not the data
        List<double[][]> chorale = List.<double[][]>of(new double[][] {{1, 0, 1}, {1, 1, 0}});
        return List.of(
                new PredictiveCase(tones.withData("one sequence of 2 steps", Map.of("y", chorale)), "y", 2),
                new PredictiveCase(rainSun.withData("three days", Map.of("activity", new int[] {0, 2, 1})),
                        "activity", 3),
                new PredictiveCase(sequences.withData("ragged 2, 0, 1", Map.of("y", ragged)), "y", 3),
                new PredictiveCase(mixture.withData("ragged 2, 0, 1", Map.of("y", ragged)), "y", 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void predictive_draws_follow_the_posterior_then_the_model(PredictiveCase p) {
        CorpusCase c = p.c();
        BruteForce oracle = BruteForce.of(c.modelClass());
        JointTable posterior = oracle.posterior(c.model(), c.data(), c.globals());
        Object data = c.data().get(p.observed());
        int positions = leaves(data).size();
        int outcomes = (int) Math.pow(p.symbols(), positions);

        // p(a, y') for every latent code a and every y', then P(a, y' | y)
        double[] probabilities = new double[posterior.states() * outcomes];
        for (int a = 0; a < posterior.states(); a++) {
            Map<String, int[]> latent = posterior.assignment(a);
            double[] joint = new double[outcomes];
            double total = 0;
            for (int y = 0; y < outcomes; y++) {
                Map<String, Object> replicate = new HashMap<>(c.data());
                replicate.put(p.observed(), withValues(data, digits(y, p.symbols(), positions)));
                joint[y] = Math.exp(oracle.logJoint(c.model(), latent, replicate, c.globals()));
                total += joint[y];
            }
            for (int y = 0; y < outcomes; y++) {
                probabilities[a * outcomes + y] = posterior.probabilities()[a] * joint[y] / total;
            }
        }

        GeneratedClasses inference = GeneratedClasses.inference(c);
        Rng rng = Rng.seeded(c.name().hashCode());
        Map<Integer, Integer> counts = new HashMap<>();
        for (int draw = 0; draw < DRAWS; draw++) {
            Object prediction = inference.predict(rng);
            int a = posterior.code(ResultArrays.assignment(prediction, oracle, posterior, c + " predict"));
            List<Object> drawn = leaves(GeneratedClasses.component(prediction, p.observed()));
            assertEquals(positions, drawn.size(), c + ": the new observations are shaped as the data");
            int y = 0;
            for (int i = drawn.size() - 1; i >= 0; i--) {
                y = y * p.symbols() + ((Number) drawn.get(i)).intValue();
            }
            counts.merge(a * outcomes + y, 1, Integer::sum);
        }
        ChiSquare.assertFits(probabilities, counts, DRAWS, c + " posterior predictive");
    }

    /** The int entries of nested data, row-major. */
    private static List<Object> leaves(Object nested) {
        List<Object> members = NestedData.members(nested);
        if (members == null) {
            return List.of(nested);
        }
        List<Object> leaves = new ArrayList<>();
        members.forEach(member -> leaves.addAll(leaves(member)));
        return leaves;
    }

    /** {@code code} in base {@code radix}, least significant digit first. */
    private static int[] digits(int code, int radix, int count) {
        int[] digits = new int[count];
        for (int i = 0; i < count; i++) {
            digits[i] = code % radix;
            code /= radix;
        }
        return digits;
    }

    /** A copy of nested data (lists and arrays of ints or doubles) with its entries, row-major, set to {@code values}. */
    private static Object withValues(Object data, int[] values) {
        int[] next = {0};
        Object copy = rebuild(data, values, next);
        assertEquals(values.length, next[0], "the data have as many entries as values");
        return copy;
    }

    private static Object rebuild(Object data, int[] values, int[] next) {
        if (data instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(member -> copy.add(rebuild(member, values, next)));
            return copy;
        }
        if (data instanceof int[] ints) {
            int[] copy = new int[ints.length];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = values[next[0]++];
            }
            return copy;
        }
        if (data instanceof double[] doubles) {
            double[] copy = new double[doubles.length];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = values[next[0]++];
            }
            return copy;
        }
        Object[] rows = (Object[]) data;
        Object[] copy = (Object[]) java.lang.reflect.Array.newInstance(rows.getClass().getComponentType(), rows.length);
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rebuild(rows[i], values, next);
        }
        return copy;
    }
}
