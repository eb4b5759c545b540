package dev.trellis.samples.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the samples' input files, turning every way a file can be wrong into an {@link IllegalArgumentException}
 * whose one-line message names the file and the problem: missing, a folder, unreadable, empty, or not JSON (with
 * the line and column). The command line prints such a message as it is, with exit code 2.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class InputFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InputFiles() {
    }

    /**
     * Parses a JSON file.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read or is not one JSON value
     */
    public static JsonNode readJson(Path file) {
        byte[] content = readBytes(file);
        try {
            JsonNode root = MAPPER.readTree(content);
            if (root == null || root.isMissingNode()) {
                throw new IllegalArgumentException(file + " is empty; expected JSON");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /**
     * Reads a text file's lines.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read
     */
    public static List<String> readLines(Path file) {
        check(file);
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(problem(file, e));
        }
    }

    /** {@return a JSON parse error in one line: what is wrong and where} */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage().lines().findFirst().orElse("malformed");
        return e.getLocation() == null ? message
                : message + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** {@return what went wrong reading or writing {@code file}, in one line naming it} */
    public static String problem(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return file + ": no such file";
        }
        if (e instanceof AccessDeniedException) {
            return file + ": permission denied";
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return reason.contains(file.toString()) ? reason : file + ": " + reason;
    }

    private static byte[] readBytes(Path file) {
        check(file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(problem(file, e));
        }
    }

    private static void check(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, not a file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": cannot be read (permission denied)");
        }
    }
}
