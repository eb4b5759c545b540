package dev.trellis.samples.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void jsonAndPngAreWrittenWhole(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("report.json");
        OutputFiles.writeJson(json, mapper, OutputFilesWriteLoop.report(mapper, 1));
        assertEquals(OutputFilesWriteLoop.report(mapper, 1), mapper.readTree(json.toFile()));

        Path png = dir.resolve("plot.png");
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0x123456);
        OutputFiles.writePng(png, image);
        BufferedImage read = ImageIO.read(png.toFile());
        assertEquals(30, read.getWidth());
        assertEquals(0x123456, read.getRGB(3, 4) & 0xffffff);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }

    @Test
    void outputPathsAreCheckedWithMessagesNamingTheOption(@TempDir Path dir) throws IOException {
        OutputFiles.requireWritable(null, "--plot");
        OutputFiles.requireWritable(dir.resolve("fine.png"), "--plot");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> OutputFiles.requireWritable(dir.resolve("nope").resolve("x.png"), "--plot"));
        assertEquals("--plot " + dir.resolve("nope").resolve("x.png") + ": the folder " + dir.resolve("nope")
                + " does not exist", missing.getMessage());
        Files.createDirectories(dir.resolve("sub"));
        IllegalArgumentException folder = assertThrows(IllegalArgumentException.class,
                () -> OutputFiles.requireWritable(dir.resolve("sub"), "--save"));
        assertTrue(folder.getMessage().startsWith("--save " + dir.resolve("sub") + " is a folder"),
                folder.getMessage());
    }

    /**
     * The command line's writes killed with SIGKILL at random moments, 20 times: the file always holds one whole
     * report, the old one or the new one, never a part (a plain write killed mid-way leaves a truncated file). Tagged
     * {@code kill} with {@code KillDuringWritesTest}, which kills the real commands, out of the default run.
     */
    @Test
    @Tag("kill")
    void killingAWriterAtAnyMomentNeverLeavesAPartialFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random random = new Random(13);
        for (int trial = 0; trial < 20; trial++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    OutputFilesWriteLoop.class.getName(), file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(150));
            child.destroyForcibly();   // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child ended");

            JsonNode read = mapper.readTree(file.toFile());
            int tag = read.get("tag").asInt();
            assertTrue(tag == 1 || tag == -1, "trial " + trial + ": tag " + tag);
            assertEquals(OutputFilesWriteLoop.report(mapper, tag), read, "trial " + trial + ": one whole report");
        }
    }
}
