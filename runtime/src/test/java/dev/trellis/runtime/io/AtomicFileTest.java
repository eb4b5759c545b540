package dev.trellis.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @Test
    void aWriteReplacesTheFileWhole(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        AtomicFile.write(file, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(file, "new content".getBytes(StandardCharsets.UTF_8));

        assertEquals("new content", Files.readString(file));
        assertOnlyTheTarget(dir);
    }

    @Test
    void aFailureInTheMiddleOfTheContentLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plot.png");
        byte[] old = new byte[100_000];
        for (int i = 0; i < old.length; i++) {
            old[i] = (byte) i;
        }
        AtomicFile.write(file, old);

        IOException failure = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[50_000]);   // half of a new file is out when the writer fails
            throw new IOException("encoder failed (simulated)");
        }));

        assertEquals("encoder failed (simulated)", failure.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        assertOnlyTheTarget(dir);
    }

    @Test
    void anUncheckedFailureAlsoLeavesTheOldFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("params.json");
        AtomicFile.write(file, "{}".getBytes(StandardCharsets.UTF_8));

        assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, out -> {
            out.write('[');
            throw new IllegalStateException("bug in the writer");
        }));

        assertEquals("{}", Files.readString(file));
        assertOnlyTheTarget(dir);
    }

    @Test
    void aMissingFolderIsAnErrorNamingTheFileAndTheFolder(@TempDir Path dir) {
        Path file = dir.resolve("no-such-folder").resolve("out.png");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> AtomicFile.write(file, new byte[] {1}));

        assertTrue(e.getMessage().contains("cannot write " + file), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-folder does not exist"), e.getMessage());
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void aNewFileGetsTheModeOfAnyNewFileAndAReplacedOneKeepsItsOwn(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));   // what the umask gives any new file
        Path target = dir.resolve("report.json");
        AtomicFile.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));

        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(target, "replaced".getBytes(StandardCharsets.UTF_8));
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(target));
        assertEquals("replaced", Files.readString(target));
    }

    private static void assertOnlyTheTarget(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }
}
