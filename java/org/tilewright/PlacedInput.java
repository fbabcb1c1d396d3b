package org.tilewright;

import java.nio.file.Path;

/**
 * One input of a stitch, where it lands and what it holds (from its header).
 *
 * @param path the image file
 * @param x canvas column of its top-left pixel (output data-window coordinates)
 * @param y canvas row of its top-left pixel
 * @param spec its header: size, channels, type
 * @param source the part of the file that is placed (all of it unless cropped)
 */
public record PlacedInput(Path path, int x, int y, ImageSpec spec, Region source) {
    /** The whole file, placed at {@code x, y}. */
    public PlacedInput(Path path, int x, int y, ImageSpec spec) {
        this(path, x, y, spec, new Region(0, 0, spec.width(), spec.height()));
    }

    /** Width in pixels of what is placed. */
    public int width() {
        return source.width();
    }

    /** Height in pixels of what is placed. */
    public int height() {
        return source.height();
    }

    /** One past the right-most column. */
    public long right() {
        return (long) x + width();
    }

    /** One past the bottom row. */
    public long bottom() {
        return (long) y + height();
    }
}
