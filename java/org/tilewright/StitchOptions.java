package org.tilewright;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a stitch writes its output and spends its resources. Immutable; each {@code with…}
 * returns a changed copy. Defaults: the inputs' widest type and most channels, the format's
 * usual tiling, later-wins, black (transparent) background, 256 MB, 64 open inputs, every
 * core, fail on unreadable inputs.
 */
public final class StitchOptions {
    /** Default memory budget: 256 MiB. */
    public static final long DEFAULT_MEMORY_BYTES = 256L << 20;

    final PixelType pixelType;
    final int channels;
    final int tileSize;
    final Map<String, Object> attributes;
    final double[] background;
    final BlendMode blend;
    final int featherWidth;
    final long memoryBytes;
    final int maxOpenFiles;
    final int threads;
    final MissingPolicy missing;
    final int bandHeight;

    private StitchOptions(PixelType pixelType, int channels, int tileSize,
            Map<String, Object> attributes, double[] background, BlendMode blend, int featherWidth,
            long memoryBytes, int maxOpenFiles, int threads, MissingPolicy missing, int bandHeight) {
        this.pixelType = pixelType;
        this.channels = channels;
        this.tileSize = tileSize;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.background = background.clone();
        this.blend = blend;
        this.featherWidth = featherWidth;
        this.memoryBytes = memoryBytes;
        this.maxOpenFiles = maxOpenFiles;
        this.threads = threads;
        this.missing = missing;
        this.bandHeight = bandHeight;
    }

    /** The defaults. */
    public static StitchOptions defaults() {
        return new StitchOptions(null, 0, -1, Map.of(), new double[0], BlendMode.LATER, 0,
                DEFAULT_MEMORY_BYTES, 64, 0, MissingPolicy.FAIL, 0);
    }

    private StitchOptions copy(PixelType t, int ch, int tile, Map<String, Object> attrs, double[] bg,
            BlendMode b, int feather, long memory, int files, int thr, MissingPolicy miss) {
        return new StitchOptions(t, ch, tile, attrs, bg, b, feather, memory, files, thr, miss,
                bandHeight);
    }

    /** Output pixel type; null picks the widest input type. */
    public StitchOptions withPixelType(PixelType type) {
        return copy(type, channels, tileSize, attributes, background, blend, featherWidth, memoryBytes,
                maxOpenFiles, threads, missing);
    }

    /** Output channels; 0 picks the inputs' largest count. */
    public StitchOptions withChannels(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("channels must be 0 (automatic) or more");
        }
        return copy(pixelType, count, tileSize, attributes, background, blend, featherWidth,
                memoryBytes, maxOpenFiles, threads, missing);
    }

    /** Square tile size; 0 writes scanlines, -1 (default) the format's usual tiles. */
    public StitchOptions withTileSize(int size) {
        if (size < -1) {
            throw new IllegalArgumentException("tile size must be -1 (automatic), 0 or more");
        }
        return copy(pixelType, channels, size, attributes, background, blend, featherWidth,
                memoryBytes, maxOpenFiles, threads, missing);
    }

    /** An OIIO output attribute ("compression" = "zip:4", "tiff:bigtiff" = 1…). */
    public StitchOptions withAttribute(String name, Object value) {
        Map<String, Object> attrs = new LinkedHashMap<>(attributes);
        attrs.put(name, value);
        return copy(pixelType, channels, tileSize, attrs, background, blend, featherWidth,
                memoryBytes, maxOpenFiles, threads, missing);
    }

    /** Compression, as OIIO names it: "zip:4", "lzw", "piz", "dwaa"… */
    public StitchOptions withCompression(String compression) {
        return withAttribute("compression", compression);
    }

    /**
     * Background per output channel in normalised units (0–1 for integer types); missing
     * channels are 0, so alpha is transparent where no input covers.
     */
    public StitchOptions withBackground(double... values) {
        return copy(pixelType, channels, tileSize, attributes, values, blend, featherWidth,
                memoryBytes, maxOpenFiles, threads, missing);
    }

    /** How overlaps combine; {@code featherWidth} is the ramp width for FEATHER. */
    public StitchOptions withBlend(BlendMode mode, int featherWidth) {
        if (featherWidth < 0) {
            throw new IllegalArgumentException("feather width must not be negative");
        }
        return copy(pixelType, channels, tileSize, attributes, background, mode, featherWidth,
                memoryBytes, maxOpenFiles, threads, missing);
    }

    /** How overlaps combine. */
    public StitchOptions withBlend(BlendMode mode) {
        return withBlend(mode, featherWidth);
    }

    /** Memory budget in bytes for bands, accumulators, decoded pieces and open inputs. */
    public StitchOptions withMemoryBudget(long bytes) {
        if (bytes < (16L << 20)) {
            throw new IllegalArgumentException("the memory budget must be at least 16 MB");
        }
        return copy(pixelType, channels, tileSize, attributes, background, blend, featherWidth,
                bytes, maxOpenFiles, threads, missing);
    }

    /** Most inputs open at once (least recently used are closed). */
    public StitchOptions withMaxOpenFiles(int files) {
        if (files < 1) {
            throw new IllegalArgumentException("at least one input must be allowed open");
        }
        return copy(pixelType, channels, tileSize, attributes, background, blend, featherWidth,
                memoryBytes, files, threads, missing);
    }

    /** Decoding threads; 0 means one per core. */
    public StitchOptions withThreads(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("threads must be 0 (all cores) or more");
        }
        return copy(pixelType, channels, tileSize, attributes, background, blend, featherWidth,
                memoryBytes, maxOpenFiles, count, missing);
    }

    /** What to do with unreadable inputs. */
    public StitchOptions withMissingPolicy(MissingPolicy policy) {
        return copy(pixelType, channels, tileSize, attributes, background, blend, featherWidth,
                memoryBytes, maxOpenFiles, threads, policy);
    }

    /**
     * Rows per band, overriding what the memory budget gives (rounded up to whole tile rows);
     * 0 (default) lets the budget decide.
     */
    public StitchOptions withBandHeight(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("band height must be 0 (from the budget) or more");
        }
        return new StitchOptions(pixelType, channels, tileSize, attributes, background, blend,
                featherWidth, memoryBytes, maxOpenFiles, threads, missing, rows);
    }

    /** Output attributes ("compression", "tiff:bigtiff"…). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The blend mode. */
    public BlendMode blend() {
        return blend;
    }

    /** The missing-input policy. */
    public MissingPolicy missingPolicy() {
        return missing;
    }

    /** Worker threads this job will use. */
    int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    @Override
    public String toString() {
        return "StitchOptions[type=" + pixelType + ", channels=" + channels + ", tile=" + tileSize
                + ", attributes=" + attributes + ", background=" + Arrays.toString(background)
                + ", blend=" + blend + ", feather=" + featherWidth + ", memory=" + memoryBytes
                + ", maxOpenFiles=" + maxOpenFiles + ", threads=" + threads + ", missing=" + missing
                + ", bandHeight=" + bandHeight + "]";
    }
}
