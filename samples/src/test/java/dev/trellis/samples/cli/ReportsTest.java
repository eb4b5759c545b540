package dev.trellis.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReportsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aNaNAnywhereIsAnErrorNamingItsField() {
        ObjectNode report = mapper.createObjectNode();
        report.putArray("cases").addObject().put("log_prob", -1.5).putArray("grad").add(0.5).add(Double.NaN);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reports.print(new PrintWriter(new StringWriter()), mapper, report));
        assertEquals("the result /cases/0/grad/1 is not a number (NaN); the inputs are beyond what double precision "
                + "can evaluate", e.getMessage());
    }

    @Test
    void anInfinityIsAnAnswerWrittenAsJsonCanHoldIt() throws IOException {
        ObjectNode report = mapper.createObjectNode().put("log_prob", Double.NEGATIVE_INFINITY);
        StringWriter out = new StringWriter();
        Reports.print(new PrintWriter(out, true), mapper, report);

        assertEquals("-Infinity", mapper.readTree(out.toString()).get("log_prob").asText());
    }
}
