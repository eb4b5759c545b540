package dev.trellis.samples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;

/**
 * How the commands print their JSON reports: never a NaN (a result that is not a number is an error naming where it
 * is, never a report with exit code 0). An infinity, which is an answer (a log-likelihood of {@code -Infinity} says
 * the data are impossible), is written as Jackson writes it, the string {@code "-Infinity"}, which JSON can hold.
 */
final class Reports {

    private Reports() {
    }

    /**
     * Prints {@code report}, pretty.
     *
     * @throws IllegalArgumentException naming the field if a number in it is NaN
     */
    static void print(PrintWriter out, ObjectMapper mapper, JsonNode report) throws JsonProcessingException {
        requireNoNaN(report);
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    /**
     * Checks that no number of {@code report} is NaN, for a command that prints text from the same values.
     *
     * @throws IllegalArgumentException naming the field (as a JSON pointer) if one is
     */
    static void requireNoNaN(JsonNode report) {
        String field = firstNaN(report, "");
        if (field != null) {
            throw new IllegalArgumentException("the result " + field + " is not a number (NaN); the inputs are "
                    + "beyond what double precision can evaluate");
        }
    }

    private static String firstNaN(JsonNode node, String path) {
        if (node.isNumber() && Double.isNaN(node.doubleValue())) {
            return path.isEmpty() ? "/" : path;
        }
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String found = firstNaN(field.getValue(), path + "/" + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstNaN(node.get(i), path + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
