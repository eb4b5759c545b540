package dev.trellis.samples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trellis.runtime.errors.TrellisException;
import dev.trellis.samples.files.InputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The samples' command-line entry point: {@code java -jar trellis-samples.jar <command> ...}. */
@Command(
        name = "trellis-samples",
        mixinStandardHelpOptions = true,
        version = "Trellis samples 0.1.0",
        description = {"Runs the Trellis sample models.",
                "Exit codes: 0 done; 1 training stopped on a non-finite value (jsb train); 2 bad input (an option, a "
                        + "file, a value: the message names it)."},
        subcommands = {WeatherCommand.class, HmmCommand.class, EightSchoolsCommand.class, LogisticRegressionCommand.class,
                MatrixFactorisationCommand.class, GmmCommand.class, JsbCommand.class, DmmSineCommand.class,
                DmmJsbCommand.class, HmmGaussianCommand.class, NilmCommand.class, CommandLine.HelpCommand.class})
public final class TrellisCli {

    /** The levels {@code --log-level} takes: slf4j-simple's. */
    static final List<String> LOG_LEVELS = List.of("off", "error", "warn", "info", "debug", "trace");

    /** Where slf4j-simple reads its level, before the first logger is made. */
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Spec
    CommandSpec spec;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = {"Messages of the Trellis runtime at this level "
            + "and above go to standard error: off, error, warn (default), info (the start and end of training, early "
            + "stops), debug (checkpoints), trace.", "Give it before the command: trellis-samples --log-level info "
            + "eight-schools."})
    void logLevel(String level) {
        String lower = level.toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(lower)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--log-level must be one of " + LOG_LEVELS
                    + ", got '" + level + "'");
        }
        System.setProperty(LOG_LEVEL_PROPERTY, lower);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run commands through it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrellisCli());
        // Bad input is the user's mistake, not ours: print one line naming what is wrong, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = userError(e);
            if (message == null) {
                throw e;   // a bug: picocli prints the stack trace, exit code 1
            }
            commandLine.getErr().println("error: " + message);
            commandLine.getErr().flush();
            return 2;
        });
        return cli;
    }

    /** {@return the one-line message of an exception that bad input causes, or null for one that says we erred} */
    static String userError(Exception e) {
        String message;
        if (e instanceof TrellisException || e instanceof IllegalArgumentException) {
            message = e.getMessage();
        } else if (e instanceof JsonProcessingException json) {
            message = "not valid JSON: " + InputFiles.describe(json);
        } else if (e instanceof FileSystemException files && files.getFile() != null) {
            message = InputFiles.problem(Path.of(files.getFile()), files);
        } else if (e instanceof IOException) {
            message = e.getMessage();
        } else if (e instanceof UncheckedIOException unchecked) {
            message = e.getMessage() == null ? userError(unchecked.getCause()) : e.getMessage();
        } else {
            return null;
        }
        String text = message == null ? e.getClass().getSimpleName() : message;
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
