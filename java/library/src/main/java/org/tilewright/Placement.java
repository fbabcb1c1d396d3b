package org.tilewright;

import java.nio.file.Path;

/**
 * Where one input goes: its top-left pixel at canvas {@code x, y} (negative allowed), and
 * its order {@code z} (higher z is composited later; ties keep the list's order). With a
 * {@code crop}, only that part of the input is placed, its top-left at {@code x, y}. A
 * sub-pixel {@code shiftX, shiftY} (each in [0, 1)) moves it that much further right and
 * down: it is then resampled linearly, zero outside, as Fiji's fusion samples registered tiles.
 *
 * @param crop the part of the input to place, or null for all of it
 */
public record Placement(Path path, int x, int y, int z, Region crop, double shiftX, double shiftY) {
    /** Checks the shift. */
    public Placement {
        if (!(shiftX >= 0 && shiftX < 1 && shiftY >= 0 && shiftY < 1)) {
            throw new IllegalArgumentException("a sub-pixel shift lies in [0, 1), got " + shiftX + ", " + shiftY);
        }
    }

    /** A placement with z = 0. */
    public Placement(Path path, int x, int y) {
        this(path, x, y, 0, null, 0, 0);
    }

    /** A placement of the whole input. */
    public Placement(Path path, int x, int y, int z) {
        this(path, x, y, z, null, 0, 0);
    }

    /** The same placement taking only {@code crop} of the input. */
    public Placement withCrop(Region crop) {
        return new Placement(path, x, y, z, crop, shiftX, shiftY);
    }

    /** The same placement moved by a sub-pixel {@code dx, dy}, each in [0, 1). */
    public Placement withShift(double dx, double dy) {
        return new Placement(path, x, y, z, crop, dx, dy);
    }

    /** Whether the input lands between pixels and is resampled. */
    public boolean isShifted() {
        return shiftX != 0 || shiftY != 0;
    }
}
