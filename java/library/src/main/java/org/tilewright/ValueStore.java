package org.tilewright;

import java.nio.ByteBuffer;

/** Stores a double into a buffer as one value of a pixel type, rounding and clamping. */
final class ValueStore {
    private ValueStore() {}

    /** Writes {@code v} at the buffer's position as {@code type}, advancing it. */
    static void put(ByteBuffer b, PixelType type, double v) {
        switch (type) {
            case UINT8:
                b.put((byte) clampRound(v, 0, 255));
                break;
            case INT8:
                b.put((byte) clampRound(v, -128, 127));
                break;
            case UINT16:
                b.putShort((short) clampRound(v, 0, 65535));
                break;
            case INT16:
                b.putShort((short) clampRound(v, -32768, 32767));
                break;
            case UINT32:
                b.putInt((int) clampRound(v, 0, 4294967295L));
                break;
            case INT32:
                b.putInt((int) clampRound(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
                break;
            case FLOAT:
            case HALF:  // rows of half images are filled as float; OIIO converts
                b.putFloat((float) v);
                break;
            case DOUBLE:
                b.putDouble(v);
                break;
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static long clampRound(double v, long min, long max) {
        if (!(v > min)) {  // also maps NaN to min
            return min;
        }
        return v >= max ? max : Math.round(v);
    }
}
