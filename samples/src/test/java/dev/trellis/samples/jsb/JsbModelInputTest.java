package dev.trellis.samples.jsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad tables are reported with the model, the parameter, the index and the value, before any arithmetic. */
class JsbModelInputTest {
    private static final JsbSplit TINY = new JsbSplit("tiny", 2, List.<double[][]>of(new double[][] {{1, 0}, {0, 1}}));

    private static Map<String, Tensor> uniformHmm() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("probs_x", Tensor.full(1.0 / 16, 16, 16));
        params.put("probs_y", Tensor.full(0.5, 16, 2));
        return params;
    }

    @Test
    void uniformTablesGiveLogHalfPerTone() {
        // every tone of every step has probability 1/2 whatever the hidden path: 2 steps x 2 tones
        assertEquals(4 * Math.log(2), JsbModel.HMM.negLogLikelihood(uniformHmm(), TINY).item(), 1e-14);
    }

    @Test
    void aMissingTableIsNamedWithTheOnesNeeded() {
        Map<String, Tensor> params = uniformHmm();
        params.remove("probs_y");
        var e = assertThrows(IllegalArgumentException.class, () -> JsbModel.HMM.negLogLikelihood(params, TINY));
        assertEquals("hmm parameter 'probs_y' is missing; the model needs [probs_x, probs_y]", e.getMessage());
    }

    @Test
    void aWrongShapeNamesBothShapes() {
        Map<String, Tensor> params = uniformHmm();
        params.put("probs_y", Tensor.full(0.5, 16, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> JsbModel.HMM.negLogLikelihood(params, TINY));
        assertEquals("hmm parameter 'probs_y' has shape [16, 3], expected [16, 2]", e.getMessage());
    }

    @Test
    void aRowOffTheSimplexNamesItsEntryAndValue() {
        double[][] rows = new double[16][16];
        for (double[] row : rows) {
            Arrays.fill(row, 1.0 / 16);
        }
        rows[5][0] = 0.5;
        Map<String, Tensor> params = uniformHmm();
        params.put("probs_x", Tensor.matrix(rows));
        var e = assertThrows(IllegalArgumentException.class, () -> JsbModel.HMM.logPrior(params));
        assertTrue(e.getMessage().startsWith("hmm parameter 'probs_x' entry [5, 0] = 0.5 violates the constraint simplex"),
                e.getMessage());
    }

    @Test
    void anEmissionProbabilityAboveOneNamesItsEntry() {
        Map<String, Tensor> params = uniformHmm();
        double[] values = params.get("probs_y").toArray();
        values[2 * 7 + 1] = 1.25;
        params.put("probs_y", Tensor.of(values, 16, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> JsbModel.HMM.negLogLikelihood(params, TINY));
        assertTrue(e.getMessage().startsWith("hmm parameter 'probs_y' entry [7, 1] = 1.25 violates"), e.getMessage());
    }

    @Test
    void modelsAreFoundByTheirIds() {
        for (JsbModel model : JsbModel.values()) {
            assertEquals(model, JsbModel.byId(model.id()));
        }
        assertEquals("model_6", JsbModel.HMM2.pyroFunction());
        assertEquals("model_5", JsbModel.NNHMM.pyroFunction());
        var e = assertThrows(IllegalArgumentException.class, () -> JsbModel.byId("raftery"));
        assertEquals("unknown JSB model 'raftery'; the models are hmm, arhmm, fhmm, pfhmm, nnhmm, hmm2", e.getMessage());
    }
}
