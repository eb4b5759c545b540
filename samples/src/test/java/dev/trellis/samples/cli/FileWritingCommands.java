package dev.trellis.samples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every option of the command line that writes a file, each with a cheap run of its command (few steps, short
 * series): the table {@link KillDuringWritesTest} kills. A new file-writing option is one more line in {@link #ALL}.
 *
 * <p>Options that write no file are not here: gmm, hmm, weather, logistic, factorisation and jsb eval only read files
 * and print.
 */
final class FileWritingCommands {
    /** Stands for the file the option writes. */
    static final String OUT = "{out}";
    /** Stands for the shared JSB chorales. */
    static final String CHORALES = "{chorales}";
    /**
     * Stands for the first {@value #SMALL_SPLIT} chorales of each split of the shared ones, cut to their first
     * {@value #SMALL_LENGTH} time steps: quicker to train on (dmm-jsb's final test evaluation is slow on the full set).
     */
    static final String SMALL_CHORALES = "{small-chorales}";
    /** The chorales per split of {@link #SMALL_CHORALES}. */
    static final int SMALL_SPLIT = 4;
    /** The time steps per chorale of {@link #SMALL_CHORALES}. */
    static final int SMALL_LENGTH = 16;
    /** Stands for a file of hmm tables (jsb_hmm.json's), the input of jsb decode. */
    static final String HMM_TABLES = "{hmm-tables}";
    /**
     * Stands for the number of steps, one more than the checkpoint at {@link #OUT} holds: each run of the loop resumes
     * and takes one step, so that every run writes the checkpoint (a run that has already taken its steps writes
     * nothing).
     */
    static final String NEXT_STEP = "{next-step}";

    /** How a file is read back, and so what "whole" means for it. */
    enum Format {
        /** JSON, read by Jackson; the same bytes as a complete run's. */
        JSON,
        /** A PNG, read by ImageIO; the same bytes as a complete run's. */
        PNG,
        /** Graphviz DOT text, a whole {@code digraph { ... }}; the same bytes as a complete run's. */
        DOT,
        /** A jsb train checkpoint, read by ParamStoreFile; the same bytes as complete runs write at its step. */
        CHECKPOINT
    }

    /** One option that writes a file, and the command line of a cheap run of it (with the placeholders above). */
    record Command(String name, Format format, List<String> args) {
        /** {@return the arguments with the placeholders replaced (all but {@link #NEXT_STEP}, which the loop fills)} */
        List<String> args(Map<String, String> values) {
            return args.stream().map(arg -> values.getOrDefault(arg, arg)).toList();
        }

        /** {@return a name usable as a folder name} */
        String slug() {
            return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        }
    }

    static final List<Command> ALL = List.of(
            command("jsb train --checkpoint", Format.CHECKPOINT, "jsb", "train", "--data", SMALL_CHORALES,
                    "--model", "hmm", "--batch-size", "4", "--steps", NEXT_STEP, "--checkpoint", OUT),
            command("jsb train --save", Format.JSON, "jsb", "train", "--data", SMALL_CHORALES, "--model", "hmm",
                    "--batch-size", "4", "--steps", "2", "--save", OUT),
            command("jsb train --plot", Format.PNG, "jsb", "train", "--data", SMALL_CHORALES, "--model", "hmm",
                    "--batch-size", "4", "--steps", "2", "--plot", OUT),
            command("jsb decode --plot", Format.PNG, "jsb", "decode", "--data", CHORALES, "--model", "hmm",
                    "--params", HMM_TABLES, "--sequence", "3", "--plot", OUT),
            command("eight-schools --plot", Format.PNG, "eight-schools", "--steps", "50", "--plot", OUT),
            command("dmm-sine --plot", Format.PNG, "dmm-sine", "--steps", "20", "--length", "20", "--draws", "5",
                    "--plot", OUT),
            command("dmm-jsb --plot", Format.PNG, "dmm-jsb", "--data", SMALL_CHORALES, "--steps", "1",
                    "--eval-every", "0", "--plot", OUT),
            command("hmm-gaussian --plot", Format.PNG, "hmm-gaussian", "--steps", "100", "--steps-svi", "20",
                    "--plot", OUT),
            command("nilm --plot", Format.PNG, "nilm", "--steps", "100", "--steps-svi", "20", "--restarts", "1",
                    "--plot", OUT),
            command("weather --graph", Format.DOT, "weather", "--days", "3", "--graph", OUT));

    private FileWritingCommands() {}

    private static Command command(String name, Format format, String... args) {
        return new Command(name, format, List.of(args));
    }

    /** {@return the command named {@code name}} */
    static Command named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no file-writing command " + name));
    }

    /** {@return the file the arguments name after {@code option}} */
    static Path fileAfter(List<String> args, String option) {
        int at = args.indexOf(option);
        if (at < 0 || at + 1 >= args.size()) {
            throw new IllegalArgumentException("no " + option + " FILE in " + args);
        }
        return Path.of(args.get(at + 1));
    }
}
