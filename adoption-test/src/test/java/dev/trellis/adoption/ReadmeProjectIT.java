package dev.trellis.adoption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A new user's first hour, automated: the project the README's "Adding Trellis" section describes is written from
 * the README's own blocks, built by Maven against the Trellis artifacts that {@code invoker:install} put into a
 * temporary local repository (the pom's {@code pre-integration-test}), and run; its printed log-likelihood must be
 * Pyro's and must be what the README says it prints.
 *
 * <p>The user build gets the temporary repository as its local repository, so Trellis can come only from there. Its
 * plugins (compiler, resources, exec) are read from the outer build's local repository, declared as a read-only
 * {@code file://} remote for releases only, with Maven Central behind it for anything missing: no snapshot can leak
 * in from {@code ~/.m2}, and nothing is written there.
 */
class ReadmeProjectIT {

    private static final String MODEL_SECTION = "## A first model";
    private static final String ADDING_SECTION = "## Adding Trellis";
    private static final String INSTALL_COMMAND = "mvn -B -ntp install -DskipTests";

    private final Path readme = Path.of(property("adoption.readme"));
    private final Path repository = Path.of(property("adoption.repository"));
    private final Path pluginSource = Path.of(property("adoption.pluginSource"));
    private final Path work = Path.of(property("adoption.work"));
    private final Path mavenHome = Path.of(property("adoption.mavenHome"));

    @Test
    void theReadmeProjectBuildsAgainstTheInstalledArtifactsAndPrintsPyrosLogLikelihood() throws Exception {
        String text = Files.readString(readme);
        String adding = ReadmeBlocks.section(text, ADDING_SECTION);
        assertEquals(INSTALL_COMMAND, ReadmeBlocks.firstFence(adding).strip(),
                "the 'Adding Trellis' section starts with the install step that works from a clean checkout");
        assertTrue(Files.isDirectory(repository.resolve("dev/trellis/trellis-runtime")),
                "invoker:install put trellis-runtime into " + repository);

        Path project = writeProject(text, adding);
        Path settings = writeSettings();
        long start = System.nanoTime();
        Build build = run(project, settings, "compile", "exec:java");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, build.exitCode(), "mvn compile exec:java of the README project failed:\n" + build.output());
        System.out.printf("adoption test: the README project built and ran in %.1f s%n", seconds);

        assertTrue(Files.isRegularFile(project.resolve(
                "target/generated-sources/annotations/com/example/weather/RainSunInference.java")),
                "the generated source is where the README says it lands");
        String promised = ReadmeBlocks.fenceAfter(adding, "adoption-test: output").strip();
        String printedPrefix = promised.substring(0, promised.indexOf("..."));
        String printed = build.output().lines().filter(line -> line.startsWith("log p(activity) = ")).findFirst()
                .orElseThrow(() -> new AssertionError("no log-likelihood printed:\n" + build.output()));
        assertTrue(printed.startsWith(printedPrefix), "README promises '" + promised + "', the project printed '"
                + printed + "'");
        double logLikelihood = Double.parseDouble(printed.substring("log p(activity) = ".length()));
        double pyro = goldenFortnightLogLikelihood();
        assertEquals(pyro, logLikelihood, 1e-9 * Math.abs(pyro), "Pyro's log p(activity) of the fortnight case");
    }

    /** The project's files: the pom and Main verbatim from the README, the model with the package line it asks for. */
    private Path writeProject(String text, String adding) throws IOException {
        deleteRecursively(work);
        Path sources = work.resolve("src/main/java/com/example/weather");
        Files.createDirectories(sources);
        Files.writeString(work.resolve("pom.xml"), ReadmeBlocks.fenceAfter(adding, "adoption-test: pom.xml"));
        Files.writeString(sources.resolve("Main.java"), ReadmeBlocks.fenceAfter(adding, "adoption-test: Main.java"));
        String model = ReadmeBlocks.firstFence(ReadmeBlocks.section(text, MODEL_SECTION));
        assertTrue(model.contains("public class RainSun"), "the first model block is the rain/sun model");
        Files.writeString(sources.resolve("RainSun.java"), "package com.example.weather;\n\n" + model);
        return work;
    }

    /** Releases from the outer build's local repository, read-only, before Maven Central; never snapshots. */
    private Path writeSettings() throws IOException {
        String url = pluginSource.toUri().toString();
        String repository = """
                  <id>outer-build-local</id>
                  <url>%s</url>
                  <releases><enabled>true</enabled></releases>
                  <snapshots><enabled>false</enabled></snapshots>
                """.formatted(url);
        String settings = """
                <settings>
                  <profiles>
                    <profile>
                      <id>outer-build-local</id>
                      <repositories><repository>
                %s      </repository></repositories>
                      <pluginRepositories><pluginRepository>
                %s      </pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>outer-build-local</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, repository);
        Path file = work.resolve("settings.xml");
        Files.writeString(file, settings);
        return file;
    }

    private record Build(int exitCode, String output) {}

    private Build run(Path project, Path settings, String... goals) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin/mvn").toString(), "-B", "-ntp", "-q",
                "-s", settings.toString(), "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(goals));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        Path log = project.resolve("build.log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the README project's build took over 10 minutes; log in " + log);
        }
        // Maven 3.8 writes colour resets even in batch mode: drop them so lines read as the user sees them
        String output = Files.readString(log, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        return new Build(process.exitValue(), output);
    }

    private static double goldenFortnightLogLikelihood() throws IOException {
        Path golden = Path.of(property("trellis.shared.dir"), "golden", "rain_sun.json");
        for (JsonNode c : new ObjectMapper().readTree(golden.toFile()).path("cases")) {
            if (c.path("name").asText().equals("fortnight")) {
                return c.path("log_prob").doubleValue();
            }
        }
        throw new AssertionError("no 'fortnight' case in " + golden);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run this test through "
                    + "`mvn verify` (failsafe sets it)");
        }
        return value;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
