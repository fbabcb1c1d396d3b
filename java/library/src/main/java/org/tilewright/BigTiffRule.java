package org.tilewright;

import java.util.Locale;

/**
 * Decides, before the first byte is written, whether a TIFF must be BigTIFF. Classic TIFF
 * offsets are 32-bit, so a file that reaches 4 GiB is corrupt; OIIO switches on its own only
 * when the <em>uncompressed</em> pixels pass 4000 MB, which misses files that compression
 * makes larger than the raw pixels (LZW on noise) or pixels just under the line plus
 * tables and metadata. The rule takes the worst-case size: raw bytes times the codec's
 * expansion bound, plus per-strip or per-tile overhead and headroom for metadata.
 */
final class BigTiffRule {
    static final long CLASSIC_TIFF_LIMIT = 1L << 32;
    private static final long HEADROOM_BYTES = 16L << 20;
    private static final long BYTES_PER_CHUNK = 64;

    private BigTiffRule() {}

    /**
     * Whether a TIFF holding {@code rawBytes} of uncompressed pixels in {@code chunks} strips
     * or tiles, compressed with {@code compression} (OIIO's name, null for none), may reach
     * 4 GiB.
     */
    static boolean needsBigTiff(long rawBytes, long chunks, String compression) {
        double worst = rawBytes * expansionBound(compression) + chunks * BYTES_PER_CHUNK
                + HEADROOM_BYTES;
        return worst >= CLASSIC_TIFF_LIMIT;
    }

    /** How much larger than the input a codec's output can be, at worst. */
    static double expansionBound(String compression) {
        String name = compression == null ? "none"
                : compression.toLowerCase(Locale.ROOT).split(":")[0];
        switch (name) {
            case "":
            case "none":
                return 1.0;
            case "zip":
            case "deflate":
            case "zstd":
            case "packbits":
                // Stored blocks cost a few bytes per 16-64 KiB; packbits 1 byte per 128.
                return 1.01;
            default:
                // LZW codes of up to 12 bits per input byte; unknown codecs alike.
                return 1.5;
        }
    }
}
