package dev.trellis.samples.jsb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.samples.Golden;
import java.nio.file.Path;

/** The shared data file and the JSB golden files, each loaded once for all tests. */
final class JsbData {
    private JsbData() {}

    static Path file() {
        return Golden.sharedDir().resolve("data").resolve("jsb_chorales.json");
    }

    static final JsbChorales CHORALES = JsbChorales.load(file());
    static final JsonNode HMM = Golden.load("jsb_hmm.json");
    static final JsonNode SVI = Golden.load("jsb_hmm_svi.json");
}
