package dev.trellis.samples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.runtime.inference.ViterbiPath;
import dev.trellis.runtime.tensor.Tensor;
import dev.trellis.samples.files.OutputFiles;
import dev.trellis.samples.jsb.JsbChorales;
import dev.trellis.samples.jsb.JsbDecoder;
import dev.trellis.samples.jsb.JsbSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jsb decode}: the MAP hidden-state path of one chorale, printed and drawn as a piano roll. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = {"The most probable hidden-state path of one chorale given the tables (Viterbi, Pyro's "
                + "infer_discrete at temperature 0), with the notes sounding at each step.",
                "fhmm and pfhmm print the joint state 4 w + x; hmm2 decodes its second-order chain exactly."})
final class JsbDecodeCommand implements Callable<Integer> {
    @Mixin
    GraphOption graph;

    /** Every model has hmm.py's 16 hidden states (4 x 4 joint states for the factorial models). */
    private static final int STATES = 16;

    @Spec
    CommandSpec spec;

    @Mixin
    JsbOptions options;

    @Option(names = "--params", required = true, paramLabel = "FILE",
            description = "The tables: a JSON object {name: nested array}, e.g. written by jsb train --save.")
    Path params;

    @Option(names = "--sequence", required = true, paramLabel = "I", description = "The chorale's index in the split.")
    int sequence;

    @Option(names = "--split", defaultValue = "test", paramLabel = "train|valid|test",
            description = "The split holding the chorale (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Write a PNG piano roll: tones by step, with the hidden state of each step as a colour band.")
    @Nullable Path plot;

    @Option(names = "--json", description = "Print JSON: {\"model\", \"split\", \"sequence\", \"length\", "
            + "\"log_joint\" (log p(path, notes)), \"path\": [state per step], \"notes\": [[MIDI numbers] per step]}.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        OutputFiles.requireWritable(plot, "--plot");
        graph.writeIfAsked(() -> SampleGraphs.jsb(options.model));
        var mapper = new ObjectMapper();
        JsbChorales chorales = options.load();
        JsbSplit data = chorales.split(split);
        Map<String, Tensor> tables = JsbParamsFile.read(mapper, params, options.model, chorales.numTones());
        ViterbiPath map = JsbDecoder.viterbi(options.model, tables, data, sequence);
        double[][] roll = data.sequence(sequence);
        int[] midi = midiNumbers(chorales);
        List<List<Integer>> notes = new ArrayList<>();
        for (double[] step : roll) {
            List<Integer> sounding = new ArrayList<>();
            for (int d = 0; d < step.length; d++) {
                if (step[d] > 0.5) {
                    sounding.add(midi[d]);
                }
            }
            notes.add(sounding);
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode report = report(mapper, data, map, notes);
        Reports.requireNoNaN(report);
        if (json) {
            Reports.print(out, mapper, report);
        } else {
            out.printf("%s (%s), %s chorale %d: %d steps, MAP path log p(path, notes) = %s%n", options.model.id(),
                    options.model.pyroFunction(), data.name(), sequence, roll.length, map.logJoint());
            out.println(" step  state  notes");
            for (int t = 0; t < roll.length; t++) {
                StringBuilder names = new StringBuilder();
                notes.get(t).forEach(n -> names.append(' ').append(PianoRollPlot.noteName(n)).append('(')
                        .append(n).append(')'));
                out.printf("%5d  %5d %s%n", t, map.path()[t], names);
            }
        }
        if (plot != null) {
            PianoRollPlot.write(plot, "jsb " + options.model.id() + ": " + data.name() + " chorale " + sequence
                    + ", MAP hidden states", roll, midi, map.path(), STATES);
            if (!json) {
                out.printf("piano roll written to %s%n", plot);
            }
        }
        out.flush();
        return 0;
    }

    private ObjectNode report(ObjectMapper mapper, JsbSplit data, ViterbiPath map, List<List<Integer>> notes) {
        ObjectNode report = mapper.createObjectNode();
        report.put("model", options.model.id());
        report.put("split", data.name());
        report.put("sequence", sequence);
        report.put("length", map.path().length);
        report.put("log_joint", map.logJoint());
        ArrayNode path = report.putArray("path");
        for (int state : map.path()) {
            path.add(state);
        }
        ArrayNode sounding = report.putArray("notes");
        for (List<Integer> step : notes) {
            ArrayNode row = sounding.addArray();
            step.forEach(row::add);
        }
        return report;
    }

    private static int[] midiNumbers(JsbChorales chorales) {
        int[] notes = chorales.presentNotes();
        for (int d = 0; d < notes.length; d++) {
            notes[d] += JsbChorales.LOWEST_MIDI;
        }
        return notes;
    }

}
