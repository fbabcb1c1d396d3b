package org.tilewright;

import java.nio.ByteBuffer;

/**
 * Pixels a stitch takes from your code rather than from a file — tiles a microscope SDK or a
 * renderer holds in memory — placed with {@link Layout#withSource}, next to file inputs and
 * composited like them. The stitch asks for the rectangles each band needs, from its own
 * threads, possibly several at once (for different rectangles); a source is asked only for
 * what lies inside it, each pixel once per output part.
 */
public interface PixelSource {
    /**
     * What the source holds: width, height, channels and pixel type (its origin is ignored;
     * the placement gives it). Alpha is straight when it sets {@code oiio:UnassociatedAlpha = 1},
     * else premultiplied, as for a TIFF.
     */
    ImageSpec spec();

    /** How messages and the stitch's report name it, e.g. "tile 3,4 of acquisition 17". */
    String name();

    /**
     * Fills {@code into} (native byte order, position 0, exactly {@code width * height *
     * channels} values) with the rectangle's rows, top to bottom, channels interleaved, in the
     * spec's pixel type. An exception fails this input: the stitch stops, or under the skip
     * and fill policies records it as a problem and goes on.
     */
    void read(int x, int y, int width, int height, ByteBuffer into);
}
