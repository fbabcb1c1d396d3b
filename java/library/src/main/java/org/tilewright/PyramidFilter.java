package org.tilewright;

import java.util.Locale;

/** How each pyramid level is reduced from the one above: one pixel per 2x2 block. */
public enum PyramidFilter {
    /** The block's average, rounded to nearest for integer types (libvips' default too). */
    BOX,
    /** The block's top-left pixel: label images and masks keep exactly their values. */
    NEAREST;

    /** The name the command line uses ("box", "nearest"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code shared with the native side (pyramid.h): the declaration order. */
    int code() {
        return ordinal();
    }
}
