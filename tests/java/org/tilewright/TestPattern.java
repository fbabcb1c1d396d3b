package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reference pixels computed in code: a hash of (x, y, channel) over a type's full range for
 * exact round trips, and a smooth field for lossy codecs. Helpers move regions of it into the
 * Java array type that carries each pixel type, and compare what a file gives back.
 */
final class TestPattern {
    private TestPattern() {}

    static int hash(int x, int y, int c) {
        int h = x * 0x9E3779B1 ^ y * 0x85EBCA77 ^ c * 0xC2B2AE3D;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h;
    }

    /** A value covering the type's range; floats are k/512, exact in half. */
    static double exact(PixelType type, int x, int y, int c) {
        int h = hash(x, y, c);
        switch (type) {
            case UINT8: return h & 0xFF;
            case UINT16: return h & 0xFFFF;
            case UINT32: return h & 0xFFFFFFFFL;
            default: return ((h & 4095) - 2048) / 512.0;
        }
    }

    /** A smooth field in the type's units, for lossy codecs. */
    static double smooth(PixelType type, int x, int y, int c) {
        double v = 0.5 + 0.25 * Math.sin(x / 37.0 + c) + 0.2 * Math.cos(y / 23.0 - c);
        switch (type) {
            case UINT8: return Math.round(v * 255);
            case UINT16: return Math.round(v * 65535);
            default: return v;
        }
    }

    interface Field {
        double value(int x, int y, int c);
    }

    /** The array a type travels in: byte[], short[], int[], or float[] for half and float. */
    static Object newArray(PixelType type, int values) {
        switch (type) {
            case UINT8: return new byte[values];
            case UINT16: return new short[values];
            case UINT32: return new int[values];
            default: return new float[values];
        }
    }

    /** The region's pixels, all channels interleaved, in the type's array. */
    static Object region(PixelType type, int channels, int x0, int y0, int w, int h, Field f) {
        Object array = newArray(type, w * h * channels);
        int i = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                for (int c = 0; c < channels; c++, i++) {
                    set(array, i, f.value(x, y, c));
                }
            }
        }
        return array;
    }

    static void set(Object array, int i, double v) {
        if (array instanceof byte[]) {
            ((byte[]) array)[i] = (byte) (long) v;
        } else if (array instanceof short[]) {
            ((short[]) array)[i] = (short) (long) v;
        } else if (array instanceof int[]) {
            ((int[]) array)[i] = (int) (long) v;
        } else {
            ((float[]) array)[i] = (float) v;
        }
    }

    static double get(Object array, int i) {
        if (array instanceof byte[]) {
            return ((byte[]) array)[i] & 0xFF;
        } else if (array instanceof short[]) {
            return ((short[]) array)[i] & 0xFFFF;
        } else if (array instanceof int[]) {
            return ((int[]) array)[i] & 0xFFFFFFFFL;
        }
        return ((float[]) array)[i];
    }

    /**
     * Reads the region back with {@code reader} and checks every value against {@code f}
     * within {@code tolerance} (0 = exact). Returns the mean absolute error.
     */
    static double assertRegion(ImageReader reader, PixelType type, int x0, int y0, int w, int h,
            Field f, double tolerance) {
        int channels = reader.spec().channels();
        Object actual = newArray(type, w * h * channels);
        readRegion(reader, x0, y0, w, h, actual);
        double errorSum = 0;
        int i = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                for (int c = 0; c < channels; c++, i++) {
                    double expected = f.value(x, y, c);
                    double got = get(actual, i);
                    double error = Math.abs(got - expected);
                    errorSum += error;
                    if (error > tolerance) {
                        fail(reader.path().getFileName() + ": pixel " + x + "," + y + " channel " + c
                                + " is " + got + ", expected " + expected
                                + (tolerance > 0 ? " ± " + tolerance : ""));
                    }
                }
            }
        }
        return errorSum / Math.max(1, i);
    }

    static void readRegion(ImageReader reader, int x, int y, int w, int h, Object out) {
        if (out instanceof byte[]) {
            reader.readRegion(x, y, w, h, (byte[]) out);
        } else if (out instanceof short[]) {
            reader.readRegion(x, y, w, h, (short[]) out);
        } else if (out instanceof int[]) {
            reader.readRegion(x, y, w, h, (int[]) out);
        } else {
            reader.readRegion(x, y, w, h, (float[]) out);
        }
    }

    static void writeScanlines(ImageWriter writer, int y0, int y1, Object data) {
        if (data instanceof byte[]) {
            writer.writeScanlines(y0, y1, (byte[]) data);
        } else if (data instanceof short[]) {
            writer.writeScanlines(y0, y1, (short[]) data);
        } else if (data instanceof int[]) {
            writer.writeScanlines(y0, y1, (int[]) data);
        } else {
            writer.writeScanlines(y0, y1, (float[]) data);
        }
    }

    static void writeTiles(ImageWriter writer, int x0, int x1, int y0, int y1, Object data) {
        if (data instanceof byte[]) {
            writer.writeTiles(x0, x1, y0, y1, (byte[]) data);
        } else if (data instanceof short[]) {
            writer.writeTiles(x0, x1, y0, y1, (short[]) data);
        } else if (data instanceof int[]) {
            writer.writeTiles(x0, x1, y0, y1, (int[]) data);
        } else {
            writer.writeTiles(x0, x1, y0, y1, (float[]) data);
        }
    }

    /** Files in {@code folder}, by name. */
    static List<String> filesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts the folder holds exactly these names (no partial files left behind). */
    static void assertFolderHolds(Path folder, String... names) {
        assertEquals(List.of(names).stream().sorted().collect(Collectors.toList()), filesIn(folder),
                "files in " + folder);
    }
}
