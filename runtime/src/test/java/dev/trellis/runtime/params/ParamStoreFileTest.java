package dev.trellis.runtime.params;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trellis.runtime.constraints.Constraint;
import dev.trellis.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamStoreFileTest {

    @Test
    void roundTripIsBitExactForEveryKindOfDouble(@TempDir Path dir) throws IOException {
        Random random = new Random(17);
        double[] values = new double[50_000];
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
                -Double.MAX_VALUE, 0.1, 1.0 / 3, 2e23, 1e-300, 9007199254740993.0, Math.nextUp(1.0)};
        System.arraycopy(special, 0, values, 0, special.length);
        for (int i = special.length; i < values.length; i++) {
            double candidate;
            do {
                candidate = Double.longBitsToDouble(random.nextLong()); // every exponent, subnormals included
            } while (!Double.isFinite(candidate));
            values[i] = candidate;
        }
        var store = new ParamStore();
        store.define("x", Tensor.of(values, 250, 200), new Constraint.Real());
        store.define("s", Tensor.scalar(0.75), new Constraint.Interval(-1, 2));
        store.define("p", Tensor.vector(0.2, 0.8), new Constraint.Simplex());
        Path file = dir.resolve("params.json");

        ParamStoreFile.save(store, file);
        Map<String, ParamStore.Entry> loaded = ParamStoreFile.load(file);

        assertEquals(store.snapshot().keySet(), loaded.keySet());
        for (String name : store.names()) {
            ParamStore.Entry expected = store.entry(name);
            ParamStore.Entry actual = loaded.get(name);
            assertEquals(expected.constraint(), actual.constraint(), name);
            assertArrayEquals(expected.unconstrained().shape(), actual.unconstrained().shape(), name);
            double[] e = expected.unconstrained().toArray();
            double[] a = actual.unconstrained().toArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), name + "[" + i + "] = " + e[i]);
            }
        }
    }

    @Test
    void aSaveThatFailsBeforeSyncLeavesThePreviousFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("params.json");
        ParamStore old = ParamStoreSaveLoop.store(1);
        ParamStoreFile.save(old, file);
        byte[] before = Files.readAllBytes(file);

        IOException failure = assertThrows(IOException.class, () -> ParamStoreFile.save(ParamStoreSaveLoop.store(-1).snapshot(), null,
                file, out -> {
                    throw new IOException("disk full (simulated)");
                }));

        assertEquals("disk full (simulated)", failure.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file was removed");
        }
    }

    @Test
    void killingTheProcessInTheMiddleOfSavesNeverDamagesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("params.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Random random = new Random(5);
        for (int attempt = 0; attempt < 3; attempt++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ParamStoreSaveLoop.class.getName(), file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100 + random.nextInt(400));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child ended");

            Map<String, ParamStore.Entry> loaded = ParamStoreFile.load(file);
            double sign = loaded.get("tag").unconstrained().get();
            assertTrue(sign == 1 || sign == -1, "tag " + sign);
            assertArrayEquals(ParamStoreSaveLoop.store(sign).unconstrained("big").toArray(),
                    loaded.get("big").unconstrained().toArray(), "attempt " + attempt + ": the file holds one whole save");
        }
    }

    @Test
    void aFileOfAnotherKindIsAnErrorThatNamesIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"weights\": [1, 2]}");
        IOException e = assertThrows(IOException.class, () -> ParamStoreFile.load(file));
        assertTrue(e.getMessage().contains("other.json is not a Trellis parameter file"), e.getMessage());

        Files.writeString(file, "{\"format\": \"trellis-params\", \"version\": 1, \"params\": {\"a\": "
                + "{\"constraint\": \"real\", \"shape\": [3], \"unconstrained\": [1, 2]}}}");
        assertTrue(assertThrows(IOException.class, () -> ParamStoreFile.load(file))
                .getMessage().contains("parameter 'a' has shape [3] but 2 values"));

        Files.writeString(file, "{\"format\": \"trellis-params\", \"version\": 1, \"params\": {\"a\": "
                + "{\"constraint\": \"real\", \"shape\": [2, -1], \"unconstrained\": []}}}");
        assertTrue(assertThrows(IOException.class, () -> ParamStoreFile.load(file))
                .getMessage().contains("sizes are whole numbers >= 0"));
        Files.writeString(file, "{\"format\": \"trellis-params\", \"version\": 1, \"params\": {\"a\": "
                + "{\"constraint\": \"real\", \"shape\": [2, 0], \"unconstrained\": []}}}");
        assertArrayEquals(new int[] {2, 0}, ParamStoreFile.load(file).get("a").unconstrained().shape());
    }
}
