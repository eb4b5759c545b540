package dev.trellis.samples.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * A child process for {@link OutputFilesTest}: writes two large, different JSON reports to the same file through
 * {@link OutputFiles}, alternately, until it is killed.
 */
public final class OutputFilesWriteLoop {
    private OutputFilesWriteLoop() {}

    static ObjectNode report(ObjectMapper mapper, int sign) {
        ObjectNode report = mapper.createObjectNode();
        report.put("tag", sign);
        ArrayNode values = report.putArray("values");
        for (int i = 0; i < 100_000; i++) {
            values.add(sign * (i + 0.123456789));
        }
        return report;
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode plus = report(mapper, 1);
        ObjectNode minus = report(mapper, -1);
        for (long round = 0; ; round++) {
            OutputFiles.writeJson(target, mapper, round % 2 == 0 ? plus : minus);
        }
    }
}
