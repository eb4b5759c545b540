package dev.trellis.samples.cli;

import dev.trellis.runtime.params.ParamStoreFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * The child process {@link KillDuringWritesTest} kills: runs one command line of {@link FileWritingCommands} again and
 * again, each run overwriting the same file, until it is killed. A run that fails ends the process with exit code 3
 * and its error output, so that the test tells a failure from its own kill.
 */
public final class CommandWriteLoop {
    private CommandWriteLoop() {}

    public static void main(String[] args) {
        List<String> command = List.of(args);
        while (true) {
            var err = new StringWriter();
            int code;
            try {
                code = runOnce(command, new PrintWriter(err));
            } catch (IOException | RuntimeException e) {
                e.printStackTrace();
                code = -1;
            }
            if (code != 0) {
                System.err.println("exit code " + code + ": " + String.join(" ", command) + "\n" + err);
                System.exit(3);
            }
        }
    }

    /**
     * Runs {@code command} once through the command line, its output discarded; {@link FileWritingCommands#NEXT_STEP}
     * becomes one more than the steps of the checkpoint the command names (1 if there is none yet).
     *
     * @return the command's exit code
     * @throws IOException if the checkpoint cannot be read
     */
    static int runOnce(List<String> command, PrintWriter err) throws IOException {
        List<String> args = command;
        if (command.contains(FileWritingCommands.NEXT_STEP)) {
            Path checkpoint = FileWritingCommands.fileAfter(command, "--checkpoint");
            int taken = Files.exists(checkpoint) ? ParamStoreFile.loadTrainingState(checkpoint).step() : 0;
            args = command.stream().map(arg -> arg.equals(FileWritingCommands.NEXT_STEP) ? "" + (taken + 1) : arg)
                    .toList();
        }
        CommandLine cli = TrellisCli.commandLine();
        cli.setOut(new PrintWriter(Writer.nullWriter()));
        cli.setErr(err);
        return cli.execute(args.toArray(String[]::new));
    }
}
