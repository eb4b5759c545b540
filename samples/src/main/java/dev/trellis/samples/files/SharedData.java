package dev.trellis.samples.files;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the data files the samples read by default ({@code shared/data/<name>}, the folder beside the checkout) from
 * any working directory: in {@code shared/data} of the working directory or of the nearest folder above it that has
 * one, else of the samples jar's folder or one above it. When none is found, the message names the option that gives
 * the file.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class SharedData {

    private SharedData() {
    }

    /**
     * The file to read: {@code given} if the option was given, else the shared data file found as above.
     *
     * @param given the option's value, or null
     * @param name the file's name in {@code shared/data}, e.g. {@code jsb_chorales.json}
     * @param option the option that gives the file, for the message
     * @throws IllegalArgumentException naming the places searched and the option, if there is no such file
     */
    public static Path locate(@Nullable Path given, String name, String option) {
        if (given != null) {
            return given;
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        Path jar = jarFolder();
        if (jar != null) {
            starts.add(jar);
        }
        for (Path start : starts) {
            for (Path folder = start; folder != null; folder = folder.getParent()) {
                Path candidate = folder.resolve("shared").resolve("data").resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("no " + name + " in shared/data of " + starts.get(0)
                + (jar == null ? "" : " or " + jar) + " or of any folder above; pass " + option + " FILE");
    }

    /** The folder of the jar (or classes folder) these classes were loaded from, or null if unknown. */
    private static @Nullable Path jarFolder() {
        try {
            var source = SharedData.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            return Path.of(source.getLocation().toURI()).toAbsolutePath().getParent();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
