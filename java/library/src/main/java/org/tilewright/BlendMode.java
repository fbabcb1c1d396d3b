package org.tilewright;

/** How overlapping inputs combine. Codes are shared with the native engine. */
public enum BlendMode {
    /** The input placed later (higher z) covers the earlier one. The default. */
    LATER,
    /** The input placed first keeps its pixels. */
    FIRST,
    /** Alpha compositing: later inputs go over earlier ones by their alpha. */
    OVER,
    /** The largest value per channel (maximum-intensity projection). */
    MAX,
    /** The mean of the covering inputs. */
    AVERAGE,
    /**
     * Linear feathering: each input's weight rises from its own edges over the feather width,
     * and weights are normalised, so a grid cut with overlaps blends back without a seam.
     */
    FEATHER;

    /** Parses "later", "first", "over", "max", "average" or "feather". */
    public static BlendMode parse(String name) {
        for (BlendMode m : values()) {
            if (m.name().equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown blend mode '" + name
                + "'; use later, first, over, max, average or feather");
    }
}
