package dev.trellis.runtime.nn.nnhmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.runtime.autodiff.Autodiff;
import dev.trellis.runtime.autodiff.Gradients;
import dev.trellis.runtime.inference.ChainSumProduct;
import dev.trellis.runtime.nn.ClosedFormParameters;
import dev.trellis.runtime.nn.GoldenNn;
import dev.trellis.runtime.random.Rng;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * hmm.py's model_5 (the nnHMM) against {@code shared/golden/nnhmm.json}, at the runtime level: the emission network
 * ({@link TonesGenerator}, with {@link dev.trellis.runtime.nn.Conv1d} as hmm.py uses it) tabulates every step's
 * log-likelihood under every hidden state for the whole training split in one batched pass, the chain kernel sums
 * the hidden states out exactly, and its marginals, fed back as the tables' adjoints, give the network's gradients.
 * The loss must match Pyro's TraceEnum_ELBO to 1e-9 and the gradient of every network parameter to 1e-7.
 */
class NeuralHmmGoldenTest {

    private static final JsonNode GOLDEN = GoldenNn.load("nnhmm.json");

    @Test
    void lossAndNetworkGradientsOnTheTrainingSplitMatchPyro() throws IOException {
        int states = GOLDEN.get("args").get("hidden_dim").asInt();
        int tones = GOLDEN.get("num_tones").asInt();
        TonesGenerator generator = new TonesGenerator(states, tones, GOLDEN.get("args").get("nn_dim").asInt(),
                GOLDEN.get("args").get("nn_channels").asInt(), Rng.seeded(0));
        setGoldenParameters(generator);
        Map<String, Tensor> leaves = generator.requireGrad();

        List<double[][]> sequences = trainingSequences(tones);
        assertEquals(GOLDEN.get("train_num_sequences").asInt(), sequences.size());
        int steps = sequences.stream().mapToInt(s -> s.length).sum();
        assertEquals(GOLDEN.get("train_num_observations").asInt(), steps);
        double[] previous = new double[steps * tones];
        double[] current = new double[steps * tones];
        int row = 0;
        for (double[][] sequence : sequences) {
            for (int t = 0; t < sequence.length; row++, t++) {
                System.arraycopy(sequence[t], 0, current, row * tones, tones);
                if (t > 0) {
                    System.arraycopy(sequence[t - 1], 0, previous, row * tones, tones);
                }
            }
        }
        Tensor evidence = generator.logLikelihoods(Tensor.of(previous, steps, tones), Tensor.of(current, steps, tones));

        double[][][] logEvidence = split(evidence.toArray(), sequences, states);
        double[][] probsX = GoldenNn.tensor(GOLDEN.get("probs_x")).toRows();
        double[][] logTrans = new double[states][states];
        for (int i = 0; i < states; i++) {
            for (int j = 0; j < states; j++) {
                logTrans[i][j] = Math.log(probsX[i][j]);
            }
        }
        double[][][] marginals = new double[sequences.size()][][];
        for (int s = 0; s < marginals.length; s++) {
            marginals[s] = new double[logEvidence[s].length][states];
        }
        // x_{-1} = 0: the first step is drawn from row 0 of probs_x
        double logLikelihood = new ChainSumProduct(states).logLikelihoodAndGradient(logTrans[0], logTrans,
                logEvidence, null, new double[states], new double[states][states], marginals);
        GoldenNn.assertClose("train loss", GOLDEN.get("train_loss_no_prior").asDouble(), -logLikelihood, 1e-9);

        // d loss / d evidence = -marginals
        double[] adjoint = new double[steps * states];
        int r = 0;
        for (double[][] sequence : marginals) {
            for (double[] step : sequence) {
                for (int k = 0; k < states; k++) {
                    adjoint[r * states + k] = -step[k];
                }
                r++;
            }
        }
        Gradients gradients = Autodiff.gradients(List.of(evidence), List.of(Tensor.of(adjoint, steps, states)));
        GOLDEN.get("grad_nn_no_prior").fields().forEachRemaining(e ->
                checkGradient(e.getKey(), e.getValue(), gradients.of(leaves.get(e.getKey()))));
    }

    private static void checkGradient(String name, JsonNode golden, Tensor gradient) {
        if (golden.has("full")) {
            GoldenNn.assertClose("d loss / d " + name, GoldenNn.tensor(golden.get("full")), gradient, 1e-7);
            return;
        }
        double[] values = gradient.toArray();
        assertEquals(golden.get("numel").asInt(), values.length, name + " numel");
        double sum = 0;
        double sumSquares = 0;
        int largest = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            sumSquares += values[i] * values[i];
            largest = Math.abs(values[i]) > Math.abs(values[largest]) ? i : largest;
        }
        double norm = golden.get("norm").asDouble();
        GoldenNn.assertClose(name + " norm", norm, Math.sqrt(sumSquares), 1e-7);
        GoldenNn.assertClose(name + " sum of squares", golden.get("sum_sq").asDouble(), sumSquares, 1e-7);
        // the sum cancels: compare it on the scale of the entries summed
        assertEquals(golden.get("sum").asDouble(), sum, 1e-7 * norm * Math.sqrt(values.length), name + " sum");
        for (JsonNode entry : golden.get("entries")) {
            int index = entry.get("flat_index").asInt();
            // entries are sums of about 10^4 per-step terms: 1e-7 of the entry, or of the gradient's rms entry
            double expected = entry.get("value").asDouble();
            double tolerance = 1e-7 * Math.max(Math.abs(expected), norm / Math.sqrt(values.length));
            assertEquals(expected, values[index], tolerance, name + " flat index " + index);
        }
        assertEquals(golden.get("max_abs").get("flat_index").asInt(), largest, name + " largest entry");
        GoldenNn.assertClose(name + " largest entry", golden.get("max_abs").get("value").asDouble(),
                values[largest], 1e-7);
    }

    /** The golden parameters: full tensors where stored, else the closed form, checked against the stored summary. */
    private static void setGoldenParameters(TonesGenerator generator) {
        ClosedFormParameters formula = new ClosedFormParameters(GOLDEN.get("constants"));
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (JsonNode entry : GOLDEN.get("parameter_order")) {
            String name = entry.get("name").asText();
            Tensor closedForm = formula.value(entry.get("p").asInt(), entry.get("fan_in").asInt(),
                    generator.parameter(name).shape());
            JsonNode stored = GOLDEN.get("nn_params").get(name);
            if (stored.has("full")) {
                GoldenNn.assertClose(name, GoldenNn.tensor(stored.get("full")), closedForm, 1e-15);
                values.put(name, GoldenNn.tensor(stored.get("full")));
            } else {
                double[] v = closedForm.toArray();
                for (JsonNode e : stored.get("entries")) {
                    assertEquals(e.get("value").asDouble(), v[e.get("flat_index").asInt()], 1e-16, name);
                }
                GoldenNn.assertClose(name + " sum of squares", stored.get("sum_sq").asDouble(),
                        closedForm.square().sum().item(), 1e-13);
                values.put(name, closedForm);
            }
        }
        assertEquals(List.copyOf(values.keySet()), List.copyOf(generator.namedParameters().keySet()));
        generator.setParameters(values);
    }

    /** hmm.py's data: each training chorale as [T][tones] of 0/1 over the present notes (note index = midi - 21). */
    private static List<double[][]> trainingSequences(int tones) throws IOException {
        int[] toneOfNote = new int[88];
        Arrays.fill(toneOfNote, -1);
        JsonNode present = GOLDEN.get("present_notes");
        for (int d = 0; d < present.size(); d++) {
            toneOfNote[present.get(d).asInt()] = d;
        }
        String shared = System.getProperty("trellis.shared.dir");
        Path file = Path.of(shared != null ? shared : "../../shared", "data", "jsb_chorales.json");
        JsonNode train = new ObjectMapper().readTree(Files.readString(file)).get("train");
        List<double[][]> sequences = new ArrayList<>();
        for (Iterator<JsonNode> it = train.elements(); it.hasNext(); ) {
            JsonNode chorale = it.next();
            double[][] steps = new double[chorale.size()][tones];
            for (int t = 0; t < steps.length; t++) {
                for (JsonNode note : chorale.get(t)) {
                    steps[t][toneOfNote[note.asInt() - 21]] = 1.0;
                }
            }
            sequences.add(steps);
        }
        return sequences;
    }

    private static double[][][] split(double[] evidence, List<double[][]> sequences, int states) {
        double[][][] perSequence = new double[sequences.size()][][];
        int row = 0;
        for (int s = 0; s < perSequence.length; s++) {
            perSequence[s] = new double[sequences.get(s).length][states];
            for (int t = 0; t < perSequence[s].length; t++, row++) {
                System.arraycopy(evidence, row * states, perSequence[s][t], 0, states);
            }
        }
        return perSequence;
    }
}
