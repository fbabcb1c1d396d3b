package org.tilewright;

import java.nio.ByteBuffer;

/**
 * Fills one row of a generated image. Called from several worker threads at once, for
 * different rows, so it must be thread-safe (a pure function of {@code y} is).
 */
@FunctionalInterface
public interface RowFunction {
    /**
     * Fills {@code row} (position 0, limit = one row, native byte order) with the row's
     * values, channels interleaved, of type {@link ImageGenerator#rowType(ImageSpec)}.
     */
    void fill(int y, ByteBuffer row);
}
