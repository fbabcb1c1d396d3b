package org.tilewright;

/**
 * A rectangle of pixels: {@code width x height} starting at {@code x, y}. Used for the part
 * of an input a stitch takes (a full-frame render cropped to its tile), counted from the
 * input's top-left pixel.
 */
public record Region(int x, int y, int width, int height) {
    /** Checks that the region is not empty and does not start before 0, 0. */
    public Region {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a region needs x, y >= 0 and a positive size, got "
                    + width + "x" + height + " at " + x + "," + y);
        }
    }

    /** Whether the region lies inside an image of {@code imageWidth x imageHeight}. */
    public boolean fitsIn(int imageWidth, int imageHeight) {
        return (long) x + width <= imageWidth && (long) y + height <= imageHeight;
    }
}
