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
 * @param shiftX sub-pixel offset right of {@code x}, in [0, 1)
 * @param shiftY sub-pixel offset below {@code y}, in [0, 1)
 * @param pixels where the pixels come from when they are not a file ({@link Layout#withSource}),
 *     else null; {@code path} is then the source's name
 */
public record PlacedInput(Path path, int x, int y, ImageSpec spec, Region source, double shiftX, double shiftY,
        PixelSource pixels) {
    /** The whole file, placed at {@code x, y}. */
    public PlacedInput(Path path, int x, int y, ImageSpec spec) {
        this(path, x, y, spec, new Region(0, 0, spec.width(), spec.height()), 0, 0);
    }

    /** A part of a file, placed at {@code x, y} and shifted by a fraction of a pixel. */
    public PlacedInput(Path path, int x, int y, ImageSpec spec, Region source, double shiftX, double shiftY) {
        this(path, x, y, spec, source, shiftX, shiftY, null);
    }

    /** Whether the pixels come from a {@link PixelSource} rather than a file. */
    public boolean isSource() {
        return pixels != null;
    }

    /** Width in pixels of the canvas it covers (one more when shifted right). */
    public int width() {
        return source.width() + (shiftX != 0 ? 1 : 0);
    }

    /** Height in pixels of the canvas it covers (one more when shifted down). */
    public int height() {
        return source.height() + (shiftY != 0 ? 1 : 0);
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
