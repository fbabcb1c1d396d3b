package org.tilewright.cli;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.tilewright.ImageSpec;
import org.tilewright.PixelFunction;
import org.tilewright.PixelType;
import org.tilewright.RowFunction;

/** Procedural images with no input: gradient, checker, noise, mandelbrot. */
final class Patterns {
    private Patterns() {}

    static final String NAMES = "gradient, checker, noise, mandelbrot";

    /** The pixel function for {@code name}, in the spec's type units. */
    static PixelFunction forName(String name, ImageSpec spec) {
        double max = unitMax(spec.pixelType());
        boolean integer = !spec.pixelType().isFloatingPoint();
        int w = spec.width();
        int h = spec.height();
        int channels = spec.channels();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gradient":
                // The seed article's: r = 255 x/w, g = 255 y/h, b = 255 (1 - x/w).
                return (x, y, v) -> {
                    double fx = (double) x / w;
                    double fy = (double) y / h;
                    for (int c = 0; c < channels; c++) {
                        double f = channels == 1 ? (fx + fy) / 2
                                : c == 0 ? fx : c == 1 ? fy : c == 2 ? 1 - fx : 1;
                        v[c] = integer ? Math.floor(f * max) : f;
                    }
                };
            case "checker":
                return (x, y, v) -> {
                    double f = ((x >> 6) + (y >> 6)) % 2 == 0 ? 0.2 : 0.8;
                    for (int c = 0; c < channels; c++) {
                        v[c] = c == 3 ? max : f * max;
                    }
                };
            case "noise":
                return (x, y, v) -> {
                    for (int c = 0; c < channels; c++) {
                        int hash = (x * 0x9E3779B1) ^ (y * 0x85EBCA77) ^ (c * 0xC2B2AE3D);
                        hash ^= hash >>> 15;
                        hash *= 0x2C1B3C6D;
                        hash ^= hash >>> 12;
                        v[c] = c == 3 ? max : (hash & 0xFFFF) / 65535.0 * max;
                    }
                };
            case "mandelbrot":
                return (x, y, v) -> {
                    double cr = -2.2 + 3.2 * x / w;
                    double ci = -1.2 + 2.4 * y / h;
                    double zr = 0;
                    double zi = 0;
                    int n = 0;
                    for (; n < 64 && zr * zr + zi * zi < 4; n++) {
                        double t = zr * zr - zi * zi + cr;
                        zi = 2 * zr * zi + ci;
                        zr = t;
                    }
                    double f = n / 64.0;
                    for (int c = 0; c < channels; c++) {
                        double g = channels == 1 ? f : c == 0 ? f : c == 1 ? Math.sqrt(f) : c == 2 ? 1 - f : 1;
                        v[c] = g * max;
                    }
                };
            default:
                throw new IllegalArgumentException("unknown pattern '" + name + "'; use " + NAMES);
        }
    }

    /**
     * A row function for {@code name} when one exists — whole rows at a time, no call per
     * pixel — else null (use {@link #forName}). Today: the seed gradient as 8-bit RGB.
     */
    static RowFunction rowsFor(String name, ImageSpec spec) {
        if (name.equalsIgnoreCase("gradient") && spec.pixelType() == PixelType.UINT8 && spec.channels() == 3) {
            return seedGradientRows(spec.width(), spec.height(), 0, 0, spec.width());
        }
        return null;
    }

    /**
     * The seed's gradient over a {@code canvasWidth} x {@code canvasHeight} canvas
     * (r = 255 x/w, g = 255 y/h, b = 255 (1 - x/w)), for the part starting at x0, y0 that is
     * {@code width} wide: the same values as {@link #forName}'s "gradient" for 8-bit RGB.
     */
    static RowFunction seedGradientRows(int canvasWidth, int canvasHeight, int x0, int y0, int width) {
        byte[] red = new byte[width];
        byte[] blue = new byte[width];
        for (int x = 0; x < width; x++) {
            red[x] = (byte) (int) (255.0 * (x0 + x) / canvasWidth);
            blue[x] = (byte) (int) (255.0 * (1 - (double) (x0 + x) / canvasWidth));
        }
        return (int y, ByteBuffer row) -> {
            byte green = (byte) (int) (255.0 * (y0 + y) / canvasHeight);
            for (int x = 0; x < width; x++) {
                row.put(red[x]).put(green).put(blue[x]);
            }
        };
    }

    /** The value that means 1.0 in the type's units. */
    static double unitMax(PixelType type) {
        switch (type) {
            case UINT8: return 255;
            case UINT16: return 65535;
            case UINT32: return 4294967295.0;
            case INT8: return 127;
            case INT16: return 32767;
            case INT32: return Integer.MAX_VALUE;
            default: return 1;
        }
    }
}
