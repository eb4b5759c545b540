package dev.trellis.samples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The Gaussian mixture of Pyro's GMM tutorial: {@code gmm fit} and {@code gmm eval}. */
@Command(
        name = "gmm",
        mixinStandardHelpOptions = true,
        description = "The Gaussian mixture of Pyro's GMM tutorial, its assignments summed out exactly.",
        subcommands = {GmmFitCommand.class, GmmEvalCommand.class})
final class GmmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: say which ones there are. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "gmm needs a subcommand: fit or eval");
    }
}
