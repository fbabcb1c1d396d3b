package org.tilewright;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    PixelType pixelType;
    int channels;
    int tileSize;
    Map<String, Object> attributes;
    double[] background;
    /// A colour (gray, gray+alpha, RGB or RGBA) mapped to the output's channels at planning; null: none given.
    double[] backgroundColor;
    BlendMode blend;
    int featherWidth;
    long memoryBytes;
    int maxOpenFiles;
    WriteOptions write;
    MissingPolicy missing;
    int bandHeight;
    /// The output's channel names as given; null: the inputs'.
    List<String> channelNames;

    private StitchOptions() {}

    /** The defaults. */
    public static StitchOptions defaults() {
        StitchOptions o = new StitchOptions();
        o.pixelType = null;
        o.channels = 0;
        o.tileSize = -1;
        o.attributes = Map.of();
        o.background = new double[0];
        o.blend = BlendMode.LATER;
        o.featherWidth = 0;
        o.memoryBytes = DEFAULT_MEMORY_BYTES;
        o.maxOpenFiles = 64;
        o.write = WriteOptions.defaults();
        o.missing = MissingPolicy.FAIL;
        o.bandHeight = 0;
        return o;
    }

    /** A copy to change one value of before handing it out; instances never change after. */
    private StitchOptions copy() {
        StitchOptions o = new StitchOptions();
        o.pixelType = pixelType;
        o.channels = channels;
        o.tileSize = tileSize;
        o.attributes = attributes;
        o.background = background;
        o.backgroundColor = backgroundColor;
        o.blend = blend;
        o.featherWidth = featherWidth;
        o.memoryBytes = memoryBytes;
        o.maxOpenFiles = maxOpenFiles;
        o.write = write;
        o.missing = missing;
        o.bandHeight = bandHeight;
        o.channelNames = channelNames;
        return o;
    }

    /**
     * Makes the stitch resumable ({@link WriteOptions#withResume}, TIFF and BigTIFF outputs):
     * killed or failed, it keeps what it made durable, and the same stitch run again continues
     * from there, writing the bytes an uninterrupted run would. Its key is made from the inputs
     * as they are on disk (path, size, modification time, placement) and these options, so a
     * changed input or option starts the job over.
     */
    public StitchOptions withResume(boolean resume) {
        StitchOptions o = copy();
        o.write = write.withResume(resume ? "" : null);
        return o;
    }

    /** The physical size of a pixel, recorded in an OME-TIFF's OME-XML; null for none. */
    public StitchOptions withPixelSize(PixelSize size) {
        StitchOptions o = copy();
        o.write = write.withPixelSize(size);
        return o;
    }

    /**
     * The output's channel names (e.g. DAPI, GFP, mCherry for an OME-TIFF's planes), one per
     * output channel; null keeps the inputs'.
     */
    public StitchOptions withChannelNames(List<String> names) {
        StitchOptions o = copy();
        o.channelNames = names == null ? null : List.copyOf(names);
        return o;
    }

    /** The channel names given, or null. */
    public List<String> channelNames() {
        return channelNames;
    }

    /** Output pixel type; null picks the widest input type. */
    public StitchOptions withPixelType(PixelType type) {
        StitchOptions o = copy();
        o.pixelType = type;
        return o;
    }

    /** Output channels; 0 picks the inputs' largest count. */
    public StitchOptions withChannels(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("channels must be 0 (automatic) or more");
        }
        StitchOptions o = copy();
        o.channels = count;
        return o;
    }

    /** Square tile size; 0 writes scanlines, -1 (default) the format's usual tiles. */
    public StitchOptions withTileSize(int size) {
        if (size < -1) {
            throw new IllegalArgumentException("tile size must be -1 (automatic), 0 or more");
        }
        StitchOptions o = copy();
        o.tileSize = size;
        return o;
    }

    /** An OIIO output attribute ("compression" = "zip:4", "tiff:bigtiff" = 1…). */
    public StitchOptions withAttribute(String name, Object value) {
        Map<String, Object> attrs = new LinkedHashMap<>(attributes);
        attrs.put(name, value);
        StitchOptions o = copy();
        o.attributes = Collections.unmodifiableMap(attrs);
        return o;
    }

    /** These options for the band of a larger OME-Zarr image from its row {@code top} (BandedStitch). */
    StitchOptions withBandTop(int top) {
        StitchOptions o = copy();
        o.write = write.withBandTop(top);
        return o;
    }

    /** Reduced levels made in the same pass (see {@link Pyramid}); null for none. */
    public StitchOptions withPyramid(Pyramid pyramid) {
        StitchOptions o = copy();
        o.write = write.withPyramid(pyramid);
        return o;
    }

    /** Tiles of a {@code .dzi} output (see {@link DeepZoom}). */
    public StitchOptions withDeepZoom(DeepZoom deepZoom) {
        StitchOptions o = copy();
        o.write = write.withDeepZoom(deepZoom);
        return o;
    }

    /** Whether the output may replace an existing file (see {@link WriteOptions#withReplaceExisting}). */
    public StitchOptions withReplaceExisting(boolean replace) {
        StitchOptions o = copy();
        o.write = write.withReplaceExisting(replace);
        return o;
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
        StitchOptions o = copy();
        o.background = values.clone();
        o.backgroundColor = null;
        return o;
    }

    /**
     * The background as a colour: one value (gray), two (gray, alpha), three (RGB) or four
     * (RGBA), from 0 to 1. A colour without alpha is opaque. It is mapped to the output's
     * channels when the stitch is planned (gray outputs take the colour's luminance).
     */
    public StitchOptions withBackgroundColor(double... color) {
        if (color.length < 1 || color.length > 4) {
            throw new IllegalArgumentException("a colour has 1 to 4 values (gray, gray+alpha, RGB, RGBA), got "
                    + color.length);
        }
        StitchOptions o = copy();
        o.backgroundColor = color.clone();
        o.background = new double[0];
        return o;
    }

    /** How overlaps combine; {@code featherWidth} is the ramp width for FEATHER. */
    public StitchOptions withBlend(BlendMode mode, int featherWidth) {
        if (featherWidth < 0) {
            throw new IllegalArgumentException("feather width must not be negative");
        }
        StitchOptions o = copy();
        o.blend = mode;
        o.featherWidth = featherWidth;
        return o;
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
        StitchOptions o = copy();
        o.memoryBytes = bytes;
        return o;
    }

    /** Most inputs open at once (least recently used are closed). */
    public StitchOptions withMaxOpenFiles(int files) {
        if (files < 1) {
            throw new IllegalArgumentException("at least one input must be allowed open");
        }
        StitchOptions o = copy();
        o.maxOpenFiles = files;
        return o;
    }

    /**
     * The job's thread budget — decoding, compositing and encoding together use at most this
     * many threads at once; 0 means one per core.
     */
    public StitchOptions withThreads(int count) {
        StitchOptions o = copy();
        o.write = write.withThreads(count);
        return o;
    }

    /** What to do with unreadable inputs. */
    public StitchOptions withMissingPolicy(MissingPolicy policy) {
        StitchOptions o = copy();
        o.missing = policy;
        return o;
    }

    /**
     * Rows per band, overriding what the memory budget gives (rounded up to whole tile rows);
     * 0 (default) lets the budget decide.
     */
    public StitchOptions withBandHeight(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("band height must be 0 (from the budget) or more");
        }
        StitchOptions o = copy();
        o.bandHeight = rows;
        return o;
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

    /** How the output is written: threads, pyramid, Deep Zoom tiles. */
    public WriteOptions writeOptions() {
        return write;
    }

    @Override
    public String toString() {
        return "StitchOptions[type=" + pixelType + ", channels=" + channels + ", tile=" + tileSize
                + ", attributes=" + attributes + ", background=" + Arrays.toString(background)
                + ", blend=" + blend + ", feather=" + featherWidth + ", memory=" + memoryBytes
                + ", maxOpenFiles=" + maxOpenFiles + ", write=" + write + ", missing=" + missing
                + ", bandHeight=" + bandHeight + "]";
    }
}
