package org.tilewright;

import java.nio.file.Path;

/**
 * Where one input goes: its top-left pixel at canvas {@code x, y} (negative allowed), and
 * its order {@code z} (higher z is composited later; ties keep the list's order).
 */
public record Placement(Path path, int x, int y, int z) {
    /** A placement with z = 0. */
    public Placement(Path path, int x, int y) {
        this(path, x, y, 0);
    }
}
