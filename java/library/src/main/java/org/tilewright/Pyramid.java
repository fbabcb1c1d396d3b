package org.tilewright;

import java.util.Objects;

/**
 * A request for reduced levels in a TIFF or OpenEXR output, made during the one streaming
 * pass that writes full resolution: each level halves the one above (sizes rounded up, so
 * 25001 x 3 gives 12501 x 2, then 6251 x 1…) and is reduced with a {@link PyramidFilter}.
 *
 * <p>A TIFF gets level 0 and then one directory per level, marked "reduced resolution"
 * (GDAL and libvips see overviews or pages; OIIO sees MIP levels, as the file is marked a
 * texture); an OpenEXR file becomes a tiled MIP-map (OpenEXR's ROUND_UP sizes), which always
 * goes down to one pixel. Outputs must be tiled; extra disk while writing is about a third of
 * the output, memory a row of tiles per level.
 */
public final class Pyramid {
    /** {@code -1}: down to the first level that fits in one tile. */
    static final int AUTOMATIC = -1;

    private final int levels;
    private final PyramidFilter filter;

    private Pyramid(int levels, PyramidFilter filter) {
        this.levels = levels;
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Levels down to the first that fits in one tile (to one pixel for OpenEXR). */
    public static Pyramid automatic() {
        return new Pyramid(AUTOMATIC, PyramidFilter.BOX);
    }

    /** At most {@code count} levels, full resolution included (a count of 1 is no pyramid). */
    public static Pyramid levels(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a pyramid has at least 1 level, got " + count);
        }
        return new Pyramid(count, PyramidFilter.BOX);
    }

    /** This request with another filter. */
    public Pyramid withFilter(PyramidFilter newFilter) {
        return new Pyramid(levels, newFilter);
    }

    /** The level count asked for, or -1 for automatic. */
    public int levelCount() {
        return levels;
    }

    /** Whether the level count is chosen from the image size. */
    public boolean isAutomatic() {
        return levels == AUTOMATIC;
    }

    /** How each level is reduced from the one above. */
    public PyramidFilter filter() {
        return filter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pyramid && ((Pyramid) o).levels == levels && ((Pyramid) o).filter == filter;
    }

    @Override
    public int hashCode() {
        return levels * 31 + filter.hashCode();
    }

    @Override
    public String toString() {
        return "Pyramid[" + (isAutomatic() ? "automatic" : levels + " levels") + ", " + filter.id() + "]";
    }
}
