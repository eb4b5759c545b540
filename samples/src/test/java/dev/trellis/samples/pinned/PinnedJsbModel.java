package dev.trellis.samples.pinned;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five hmm.py models as the pins use them: their enumerated sites, their globals' shapes, and two sizes. hmm.py's
 * own sizes (16 hidden states; the factorial models two chains of 4) pin the losses and MAP paths; smaller sizes,
 * different for each model, pin everything, gradients and marginals included, in files of a reasonable size.
 */
enum PinnedJsbModel {
    HMM("hmm", List.of("x"), 4, 16),
    ARHMM("arhmm", List.of("x"), 3, 16),
    FHMM("fhmm", List.of("w", "x"), 2, 4),
    PFHMM("pfhmm", List.of("w", "x"), 2, 4),
    HMM2("hmm2", List.of("x"), 3, 16);

    private final String key;
    private final List<String> enumeratedSites;
    private final int smallHidden;
    private final int hmmPyHidden;

    PinnedJsbModel(String key, List<String> enumeratedSites, int smallHidden, int hmmPyHidden) {
        this.key = key;
        this.enumeratedSites = enumeratedSites;
        this.smallHidden = smallHidden;
        this.hmmPyHidden = hmmPyHidden;
    }

    /** {@return hmm.py's name of the model, as in {@code jsb_hmm.json}} */
    String key() {
        return key;
    }

    /** {@return the enumerated sites, in the model's order} */
    List<String> enumeratedSites() {
        return enumeratedSites;
    }

    /** {@return the states of each chain in the fully pinned cases} */
    int smallHidden() {
        return smallHidden;
    }

    /** {@return the states of each chain in hmm.py} */
    int hmmPyHidden() {
        return hmmPyHidden;
    }

    static PinnedJsbModel of(String key) {
        for (PinnedJsbModel model : values()) {
            if (model.key.equals(key)) {
                return model;
            }
        }
        throw new IllegalArgumentException("no model '" + key + "'");
    }

    /** {@return each global's shape for {@code hidden} states per chain and {@code tones} tones, in the model's order} */
    Map<String, int[]> globalShapes(int hidden, int tones) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        switch (this) {
            case HMM -> {
                shapes.put("probs_x", new int[] {hidden, hidden});
                shapes.put("probs_y", new int[] {hidden, tones});
            }
            case ARHMM -> {
                shapes.put("probs_x", new int[] {hidden, hidden});
                shapes.put("probs_y", new int[] {hidden, 2, tones});
            }
            case FHMM -> {
                shapes.put("probs_w", new int[] {hidden, hidden});
                shapes.put("probs_x", new int[] {hidden, hidden});
                shapes.put("probs_y", new int[] {hidden, hidden, tones});
            }
            case PFHMM -> {
                shapes.put("probs_w", new int[] {hidden, hidden});
                shapes.put("probs_x", new int[] {hidden, hidden, hidden});
                shapes.put("probs_y", new int[] {hidden, hidden, tones});
            }
            case HMM2 -> {
                shapes.put("probs_x", new int[] {hidden, hidden, hidden});
                shapes.put("probs_y", new int[] {hidden, tones});
            }
        }
        return shapes;
    }
}
