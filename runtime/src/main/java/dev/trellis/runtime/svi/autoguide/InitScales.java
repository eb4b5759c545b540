package dev.trellis.runtime.svi.autoguide;

/** The check Pyro's Gaussian autoguides make of {@code init_scale}. */
final class InitScales {

    private InitScales() {
    }

    /** {@return {@code initScale}, checked to be finite and positive (Pyro: "Expected init_scale > 0.")} */
    static double require(String guide, double initScale) {
        if (!(initScale > 0) || Double.isInfinite(initScale)) {
            throw new IllegalArgumentException(guide + " needs a finite init scale > 0, got " + initScale);
        }
        return initScale;
    }
}
