package org.tilewright;

/**
 * Computes one pixel of a generated image. Called from several worker threads at once, so it
 * must be thread-safe. Simpler than {@link RowFunction}, and slower by a call per pixel.
 */
@FunctionalInterface
public interface PixelFunction {
    /**
     * Stores the pixel at {@code x, y} into {@code value} (one entry per channel) in the
     * type's own units: 0–255 for uint8, 0–65535 for uint16, any value for half and float.
     * Integer values are rounded and clamped to the type's range.
     */
    void pixel(int x, int y, double[] value);
}
