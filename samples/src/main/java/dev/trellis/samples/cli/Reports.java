package dev.trellis.samples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * How the commands print their JSON reports: never a NaN (a result that is not a number is an error naming where it
 * is, never a report with exit code 0), and infinities, which JSON cannot hold, as {@code null} (a log-likelihood of
 * {@code -Infinity} says the data are impossible; its field is then null).
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
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(finite(report)));
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

    /** A copy with every infinite number replaced by null. */
    private static JsonNode finite(JsonNode node) {
        if (node.isNumber() && Double.isInfinite(node.doubleValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), finite(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(member -> copy.add(finite(member)));
            return copy;
        }
        return node;
    }
}
