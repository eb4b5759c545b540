package dev.trellis.runtime.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it is never seen half written: the content goes to a temporary file in the same folder, is
 * forced to disk, and is then renamed over the target in one atomic step (and the folder synced, so the rename
 * survives a crash). Whatever happens meanwhile — an exception from the content, a full disk, the process killed —
 * the target holds either its previous content or the new one, whole; a failed write removes its temporary file.
 *
 * <p>Temporary files are named {@code .<target name>.<random>.tmp}; one left behind by a killed process is harmless
 * and may be deleted. A new file gets the permissions of any file the process creates (the umask applies); a replaced
 * file keeps its own.
 *
 * <p>Thread-safe: it keeps no state, and two writes to the same target each install a whole file (the last rename
 * wins).
 */
public final class AtomicFile {

    /** Writes a file's content to a stream; the stream is the temporary file's and must not be closed. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out the temporary file's stream
         * @throws IOException to abandon the write; the target is then unchanged
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Replaces {@code target} with {@code bytes}, atomically.
     *
     * @throws IOException if the file cannot be written (the message names it); {@code target} is then unchanged
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces {@code target} with what {@code content} writes, atomically.
     *
     * @throws IOException if the folder does not exist, the file cannot be written or {@code content} fails; the
     *     message names the file, and {@code target} is unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new NoSuchFileException(target.toString(), null, "cannot write " + target + ": the folder "
                    + folder + " does not exist");
        }
        Path temporary = createTemporary(folder, target);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
            syncFolder(folder);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Creates the temporary file. Not through {@code Files.createTempFile}: its files are readable by their owner only,
     * and the rename would carry that mode to the target.
     */
    private static Path createTemporary(Path folder, Path target) throws IOException {
        while (true) {
            Path candidate = folder.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                continue;   // another writer's temporary; draw another name
            }
            try {
                if (Files.exists(target) && folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(candidate, Files.getPosixFilePermissions(target));
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(candidate);
                throw e;
            }
            return candidate;
        }
    }

    /** Makes the rename itself durable; a no-op where the platform cannot open folders. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot sync a folder; the file itself was already forced.
        }
    }
}
