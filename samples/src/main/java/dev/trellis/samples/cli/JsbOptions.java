package dev.trellis.samples.cli;

import dev.trellis.samples.files.SharedData;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbModel;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The options every {@code jsb} subcommand shares: which model, and where the chorales are. */
final class JsbOptions {

    @Option(names = "--model", required = true, paramLabel = "M", converter = ModelConverter.class,
            description = {"hmm, arhmm, fhmm, pfhmm, nnhmm or hmm2 (hmm.py's model_1, 2, 3, 4, 5 and 6, 16 hidden "
                    + "states; nnhmm's network has hmm.py's nn_dim 48 and nn_channels 2).",
                    "Each runs on the program Trellis generates from its DSL model (samples' jsb package); "
                            + "hmm2's 256 pair states and nnhmm's network make them the slowest."})
    JsbModel model;

    @Option(names = "--data", paramLabel = "FILE", description = "The JSB chorales JSON (default: "
            + "shared/data/jsb_chorales.json in the working directory or the nearest folder above it that has one).")
    @Nullable Path data;

    JsbChorales load() {
        return JsbChorales.load(SharedData.locate(data, "jsb_chorales.json", "--data"));
    }

    /** Model names as hmm.py's paper and {@link JsbModel#id()} spell them. */
    static final class ModelConverter implements ITypeConverter<JsbModel> {
        @Override
        public JsbModel convert(String value) {
            return JsbModel.byId(value);
        }
    }
}
