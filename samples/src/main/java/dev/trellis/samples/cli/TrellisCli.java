package dev.trellis.samples.cli;

import dev.trellis.runtime.errors.TrellisException;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The samples' command-line entry point: {@code java -jar trellis-samples.jar <command> ...}. */
@Command(
        name = "trellis-samples",
        mixinStandardHelpOptions = true,
        version = "Trellis samples 0.1.0",
        description = "Runs the Trellis sample models.",
        subcommands = {WeatherCommand.class, HmmCommand.class, EightSchoolsCommand.class, LogisticRegressionCommand.class,
                MatrixFactorisationCommand.class, GmmCommand.class, JsbCommand.class, DmmSineCommand.class,
                DmmJsbCommand.class, HmmGaussianCommand.class, NilmCommand.class, CommandLine.HelpCommand.class})
public final class TrellisCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run commands through it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrellisCli());
        // Bad input is the user's mistake, not ours: print its message, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof TrellisException || e instanceof IllegalArgumentException || e instanceof IOException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
