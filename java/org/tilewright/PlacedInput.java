package org.tilewright;

import java.nio.file.Path;

/**
 * One input of a stitch, where it lands and what it holds (from its header).
 *
 * @param path the image file
 * @param x canvas column of its top-left pixel (output data-window coordinates)
 * @param y canvas row of its top-left pixel
 * @param spec its header: size, channels, type
 */
public record PlacedInput(Path path, int x, int y, ImageSpec spec) {
    /** Width in pixels. */
    public int width() {
        return spec.width();
    }

    /** Height in pixels. */
    public int height() {
        return spec.height();
    }

    /** One past the right-most column. */
    public long right() {
        return (long) x + spec.width();
    }

    /** One past the bottom row. */
    public long bottom() {
        return (long) y + spec.height();
    }
}
