package dev.trellis.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public top-level class, interface, record and enum of the runtime says in its javadoc whether it is
 * thread-safe ("thread-safe", "not thread-safe", "thread-safe whenever ..."), so that a user never has to read the
 * code to know whether an instance may be shared. Scans the sources, so a new class without the statement fails here.
 */
class ThreadSafetyJavadocTest {

    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern STATEMENT = Pattern.compile("thread[- ]safe", Pattern.CASE_INSENSITIVE);

    @Test
    void everyPublicTypeSaysWhetherItIsThreadSafe() throws IOException {
        Path sources = Path.of("src", "main", "java");
        List<String> scanned = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                Matcher type = PUBLIC_TYPE.matcher(source);
                if (file.endsWith("package-info.java") || !type.find()) {
                    continue;
                }
                scanned.add(type.group(1));
                String before = source.substring(0, type.start());
                int start = before.lastIndexOf("/**");
                String javadoc = start < 0 ? "" : before.substring(start);
                if (!STATEMENT.matcher(javadoc).find()) {
                    silent.add(sources.relativize(file).toString());
                }
            }
        }
        assertTrue(scanned.size() > 150, "scanned the runtime's sources: " + scanned.size() + " public types");
        assertTrue(silent.isEmpty(), "public types whose javadoc does not say whether they are thread-safe: " + silent);
    }
}
