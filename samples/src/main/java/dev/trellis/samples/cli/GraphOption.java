package dev.trellis.samples.cli;

import dev.trellis.samples.files.OutputFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --graph FILE}, which every sample command takes: the picture of the command's model, as the processor drew
 * it at compile time ({@code <Model>Inference.graphDot()} or {@code <Model>Program.graphDot()}). A {@code .dot} file
 * gets the DOT text; a {@code .png} file is rendered by Graphviz's {@code dot}, which must be on the PATH. Files are
 * written atomically (a temporary file in the same folder, renamed over the target), so a failed run leaves no half
 * file. Commands write the picture before their work, so a missing Graphviz fails fast.
 */
final class GraphOption {
    /** What to tell a user without Graphviz. */
    static final String INSTALL_HINT = "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
            + "graphviz; Windows and others: https://graphviz.org/download/) so that 'dot' is on the PATH, or ask for "
            + "a .dot file and render it elsewhere";

    @Option(names = "--graph", paramLabel = "FILE",
            description = "Also write the model's plated graph: FILE.dot as Graphviz DOT, FILE.png rendered by "
                    + "Graphviz's dot (which must be on the PATH).")
    Path file;

    /** The PATH searched for {@code dot}; tests give their own. */
    String searchPath = System.getenv("PATH");

    /**
     * Writes the picture {@code dot} gives to the file {@code --graph} names, if it was given; {@code dot} is not
     * asked otherwise (it may refuse options the command checks afterwards).
     *
     * @throws IllegalArgumentException if the file's extension is neither .dot nor .png
     * @throws IOException naming the file if it cannot be written, or saying how to install Graphviz when a .png is
     *     asked for and {@code dot} is not on the PATH
     */
    void writeIfAsked(Supplier<String> picture) throws IOException {
        if (file == null) {
            return;
        }
        OutputFiles.requireWritable(file, "--graph");
        String dot = picture.get();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".dot") || name.endsWith(".gv")) {
            OutputFiles.write(file, dot.getBytes(StandardCharsets.UTF_8));
        } else if (name.endsWith(".png")) {
            Path executable = findDot().orElseThrow(() -> new IOException("cannot render " + file
                    + ": Graphviz's 'dot' is not on the PATH; " + INSTALL_HINT));
            OutputFiles.write(file, render(executable, dot));
        } else {
            throw new IllegalArgumentException("--graph " + file + ": the file must end in .dot (Graphviz text) or "
                    + ".png (rendered by Graphviz's dot)");
        }
    }

    private Optional<Path> findDot() {
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String folder : searchPath.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            for (String candidate : new String[] {"dot", "dot.exe"}) {
                Path path = Path.of(folder, candidate);
                if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                    return Optional.of(path);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs {@code dot -Tpng} on the text: DOT on its input, the PNG from its output. */
    private byte[] render(Path executable, String dot) throws IOException {
        Process process = new ProcessBuilder(executable.toString(), "-Tpng").start();
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        // Drain both streams on their own threads, so that neither pipe can fill up and stall dot.
        Thread out = drain(process.getInputStream(), stdout);
        Thread err = drain(process.getErrorStream(), stderr);
        IOException writing = null;
        try (OutputStream in = process.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            writing = e; // dot stopped reading: its exit status and message say why
        }
        try {
            int status = process.waitFor();
            out.join();
            err.join();
            if (status != 0) {
                throw new IOException("cannot render " + file + ": " + executable + " -Tpng exited with status "
                        + status + ": " + stderr.toString(StandardCharsets.UTF_8).strip());
            }
            if (writing != null) {
                throw new IOException("cannot render " + file + ": " + executable + " did not read the graph", writing);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering " + file, e);
        }
        return stdout.toByteArray();
    }

    private static Thread drain(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // The process died; its exit status says so.
            }
        }, "graphviz-dot-stream");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
