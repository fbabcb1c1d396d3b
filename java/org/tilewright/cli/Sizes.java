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

    /** Parses "25000x25000" into {width, height}. */
    static int[] dimensions(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim());
                int h = Integer.parseInt(parts[1].trim());
                if (w > 0 && h > 0) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("expected WIDTHxHEIGHT with positive numbers, got '"
                + text + "'");
    }
}
