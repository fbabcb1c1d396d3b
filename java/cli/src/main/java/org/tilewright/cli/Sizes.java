package org.tilewright.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.tilewright.DeepZoom;

/** Human-readable sizes and parsing of "WxH". */
final class Sizes {
    private Sizes() {}

    /**
     * Bytes an output occupies: the file, plus for a Deep Zoom descriptor its tile folder and
     * viewer page; -1 if unknown.
     */
    static long onDisk(Path output) {
        try {
            if (Files.isDirectory(output)) {  // an OME-Zarr folder: its files
                try (Stream<Path> files = Files.walk(output)) {
                    return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
            }
            long total = Files.size(output);
            if (DeepZoom.isDescriptor(output)) {
                Path page = DeepZoom.viewerPage(output);
                total += Files.exists(page) ? Files.size(page) : 0;
                try (Stream<Path> tiles = Files.walk(DeepZoom.tileFolder(output))) {
                    total += tiles.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
            }
            return total;
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** Bytes as "1.9 GB" (decimal units, as file managers show them). */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Picocli converter for WIDTHxHEIGHT options (a bad value is a usage error, exit 2). */
    static final class DimensionsConverter implements picocli.CommandLine.ITypeConverter<Dimensions> {
        @Override
        public Dimensions convert(String value) {
            try {
                return dimensions(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Picocli converter for tile sizes: "256", "256x128" or "0" (scanlines); square only. */
    static final class TileConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                if (value.trim().equals("0")) {
                    return 0;
                }
                if (!value.toLowerCase(Locale.ROOT).contains("x")) {
                    int n = Integer.parseInt(value.trim());
                    if (n > 0) {
                        return n;
                    }
                    throw new NumberFormatException();
                }
                Dimensions d = dimensions(value);
                if (d.width() != d.height()) {
                    throw new picocli.CommandLine.TypeConversionException(
                            "tiles must be square for now, got " + value);
                }
                return d.width();
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected a tile size such as 256 or 256x256 (0 for scanlines), got '" + value + "'");
            }
        }
    }

    /** A width and a height in pixels. */
    record Dimensions(int width, int height) {}

    /** Parses "25000x25000". */
    static Dimensions dimensions(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim());
                int h = Integer.parseInt(parts[1].trim());
                if (w > 0 && h > 0) {
                    return new Dimensions(w, h);
                }
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("expected WIDTHxHEIGHT with positive numbers, got '"
                + text + "'");
    }
}
