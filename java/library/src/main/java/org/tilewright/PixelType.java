package org.tilewright;

/**
 * The type of one channel value. The order is the native code's (see {@code pixel_type.h}).
 */
public enum PixelType {
    /** 8-bit unsigned, 0–255. */
    UINT8(1),
    /** 16-bit unsigned, 0–65535. */
    UINT16(2),
    /** 32-bit unsigned. */
    UINT32(4),
    /** 16-bit IEEE half float (OpenEXR's HALF). */
    HALF(2),
    /** 32-bit IEEE float. */
    FLOAT(4),
    /** 64-bit IEEE float. */
    DOUBLE(8),
    /** 8-bit signed (read only from files that have it). */
    INT8(1),
    /** 16-bit signed. */
    INT16(2),
    /** 32-bit signed. */
    INT32(4);

    private final int bytes;

    PixelType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per channel value. */
    public int bytes() {
        return bytes;
    }

    /** Whether values are floating point (half, float, double). */
    public boolean isFloatingPoint() {
        return this == HALF || this == FLOAT || this == DOUBLE;
    }

    /** The code shared with the native layer. */
    public int code() {
        return ordinal();
    }

    /** The type for a native code; throws for a code Tilewright does not know. */
    public static PixelType fromCode(int code) {
        PixelType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, "unsupported pixel type (native code " + code + ")");
        }
        return all[code];
    }

    /** Parses "uint8", "uint16", "half", "float"… (case-insensitive). */
    public static PixelType parse(String name) {
        for (PixelType type : values()) {
            if (type.name().equalsIgnoreCase(name.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown pixel type '" + name
                + "'; use uint8, uint16, uint32, half, float or double");
    }
}
