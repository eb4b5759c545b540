package dev.trellis.samples.cli;

import dev.trellis.samples.jsb.ArhmmInference;
import dev.trellis.samples.jsb.FhmmInference;
import dev.trellis.samples.jsb.Hmm2Inference;
import dev.trellis.samples.jsb.HmmInference;
import dev.trellis.samples.jsb.JsbModel;
import dev.trellis.samples.jsb.NnHmmInference;
import dev.trellis.samples.jsb.PfhmmInference;
import dev.trellis.samples.nilm.Nilm3Inference;
import dev.trellis.samples.nilm.Nilm4Inference;
import dev.trellis.samples.nilm.Nilm5Inference;

/** The pictures of the models that commands choose by an option: which generated class's graph to write. */
final class SampleGraphs {
    private SampleGraphs() {}

    /** {@return the DOT picture of a JSB model} */
    static String jsb(JsbModel model) {
        return switch (model) {
            case HMM -> HmmInference.graphDot();
            case ARHMM -> ArhmmInference.graphDot();
            case FHMM -> FhmmInference.graphDot();
            case PFHMM -> PfhmmInference.graphDot();
            case NNHMM -> NnHmmInference.graphDot();
            case HMM2 -> Hmm2Inference.graphDot();
        };
    }

    /** {@return the DOT picture of the NILM model with {@code appliances} chains (3 to 5)} */
    static String nilm(int appliances) {
        return switch (appliances) {
            case 3 -> Nilm3Inference.graphDot();
            case 4 -> Nilm4Inference.graphDot();
            case 5 -> Nilm5Inference.graphDot();
            default -> throw new IllegalArgumentException("no NILM model with " + appliances + " appliances");
        };
    }
}
