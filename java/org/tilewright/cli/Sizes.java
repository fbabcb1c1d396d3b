package org.tilewright.cli;

import java.util.Locale;

/** Human-readable sizes and parsing of "WxH". */
final class Sizes {
    private Sizes() {}

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
