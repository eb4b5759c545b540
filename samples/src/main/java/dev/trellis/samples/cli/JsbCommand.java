package dev.trellis.samples.cli;

import picocli.CommandLine.Command;

/**
 * The JSB chorales and the six models of Pyro's examples/hmm.py: train, score and decode them. Not runnable by
 * itself, so picocli reports a missing subcommand as a usage error.
 */
@Command(
        name = "jsb",
        mixinStandardHelpOptions = true,
        description = {"MAP Baum-Welch on the JSB chorales with the models of Pyro's examples/hmm.py.",
                "Models: hmm, arhmm, fhmm, pfhmm, nnhmm, hmm2 (each trained through the program Trellis generates "
                        + "from its DSL model)."},
        subcommands = {JsbTrainCommand.class, JsbEvalCommand.class, JsbDecodeCommand.class})
final class JsbCommand {
}
