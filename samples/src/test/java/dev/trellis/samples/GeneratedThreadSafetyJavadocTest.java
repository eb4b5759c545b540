package dev.trellis.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class the processor generated for the samples (inference classes, programs of enumerated models, SVI programs
 * and guides, with and without networks) says in its javadoc whether it is thread-safe.
 */
class GeneratedThreadSafetyJavadocTest {

    @Test
    void everyGeneratedClassSaysWhetherItIsThreadSafe() throws IOException {
        Path generated = Path.of("target", "generated-sources", "annotations");
        List<String> scanned = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        try (Stream<Path> files = Files.walk(generated)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                int type = source.indexOf("\n@Generated(");
                if (type < 0) {
                    continue;
                }
                scanned.add(file.getFileName().toString());
                String javadoc = source.substring(source.lastIndexOf("/**", type), type);
                if (!javadoc.toLowerCase(java.util.Locale.ROOT).contains("thread-safe")) {
                    silent.add(file.getFileName().toString());
                }
            }
        }
        assertTrue(scanned.size() >= 30, "scanned the generated classes: " + scanned);
        assertTrue(scanned.contains("DmmProgram.java") && scanned.contains("HmmInference.java")
                && scanned.contains("HmmProgram.java") && scanned.contains("SeedGuideProgram.java"), scanned.toString());
        assertTrue(silent.isEmpty(), "generated classes that do not say whether they are thread-safe: " + silent);
    }
}
