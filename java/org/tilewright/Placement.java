package org.tilewright;

import java.nio.file.Path;

/**
 * Where one input goes: its top-left pixel at canvas {@code x, y} (negative allowed), and
 * its order {@code z} (higher z is composited later; ties keep the list's order). With a
 * {@code crop}, only that part of the input is placed, its top-left at {@code x, y}.
 *
 * @param crop the part of the input to place, or null for all of it
 */
public record Placement(Path path, int x, int y, int z, Region crop) {
    /** A placement with z = 0. */
    public Placement(Path path, int x, int y) {
        this(path, x, y, 0, null);
    }

    /** A placement of the whole input. */
    public Placement(Path path, int x, int y, int z) {
        this(path, x, y, z, null);
    }

    /** The same placement taking only {@code crop} of the input. */
    public Placement withCrop(Region crop) {
        return new Placement(path, x, y, z, crop);
    }
}
