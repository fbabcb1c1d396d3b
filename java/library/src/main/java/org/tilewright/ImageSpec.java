package org.tilewright;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an image is: size, channels and their names, pixel type, data window origin, full
 * (display) window, tile size (0 = scanlines) and format attributes. Immutable; build one with
 * {@link #builder(int, int, int, PixelType)}.
 *
 * <p>Attributes are OIIO's: {@code "compression"} ("zip:4", "zstd", "lzw", "piz", "dwaa"…),
 * {@code "tiff:bigtiff"}, {@code "png:compressionLevel"}, metadata such as {@code
 * "Software"}. Values are {@link Integer}, {@link Float} or {@link String}.
 */
public final class ImageSpec {
    private final int width;
    private final int height;
    private final int channels;
    private final List<String> channelNames;
    private final int alphaChannel;
    private final PixelType pixelType;
    private final List<PixelType> channelTypes;
    private final boolean deep;
    private final long decodeBytes;
    private final int x;
    private final int y;
    private final int fullX;
    private final int fullY;
    private final int fullWidth;
    private final int fullHeight;
    private final int tileWidth;
    private final int tileHeight;
    private final Map<String, Object> attributes;

    private ImageSpec(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.channels = b.channels;
        this.pixelType = b.pixelType;
        this.channelNames = Collections.unmodifiableList(new ArrayList<>(
                b.channelNames != null ? b.channelNames : defaultChannelNames(b.channels)));
        this.alphaChannel = b.alphaChannel != null ? b.alphaChannel : this.channelNames.indexOf("A");
        this.deep = b.deep;
        this.decodeBytes = b.decodeBytes;
        this.channelTypes = Collections.unmodifiableList(new ArrayList<>(b.channelTypes != null
                ? b.channelTypes : Collections.nCopies(b.channels, b.pixelType)));
        this.x = b.x;
        this.y = b.y;
        this.fullX = b.fullX != null ? b.fullX : b.x;
        this.fullY = b.fullY != null ? b.fullY : b.y;
        this.fullWidth = b.fullWidth != null ? b.fullWidth : b.width;
        this.fullHeight = b.fullHeight != null ? b.fullHeight : b.height;
        this.tileWidth = b.tileWidth;
        this.tileHeight = b.tileHeight;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
    }

    /** Starts a spec of {@code width} x {@code height} pixels of {@code channels} channels. */
    public static Builder builder(int width, int height, int channels, PixelType pixelType) {
        return new Builder(width, height, channels, pixelType);
    }

    /** A builder holding this spec's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(width, height, channels, pixelType)
                .origin(x, y)
                .fullWindow(fullX, fullY, fullWidth, fullHeight)
                .tileSize(tileWidth, tileHeight)
                .channelNames(channelNames)
                .channelTypes(channelTypes)
                .alphaChannel(alphaChannel)
                .deep(deep)
                .decodeBytes(decodeBytes);
        attributes.forEach(b::attribute);
        return b;
    }

    /** Y for one channel; R, G, B, A for up to four; then "channel4", "channel5"… */
    static List<String> defaultChannelNames(int channels) {
        List<String> names = new ArrayList<>();
        if (channels == 1) {
            names.add("Y");
            return names;
        }
        String[] rgba = {"R", "G", "B", "A"};
        for (int c = 0; c < channels; c++) {
            names.add(c < 4 ? rgba[c] : "channel" + c);
        }
        return names;
    }

    /** Width of the data window in pixels. */
    public int width() {
        return width;
    }

    /** Height of the data window in pixels. */
    public int height() {
        return height;
    }

    /** Number of channels per pixel. */
    public int channels() {
        return channels;
    }

    /** Channel names, one per channel. */
    public List<String> channelNames() {
        return channelNames;
    }

    /** Index of the alpha channel, or -1. */
    public int alphaChannel() {
        return alphaChannel;
    }

    /**
     * Type of the channel values: the type pixels are passed in, and the one stored unless
     * {@link #channelTypes()} says otherwise for some channel.
     */
    public PixelType pixelType() {
        return pixelType;
    }

    /** The type each channel is stored as (EXR may keep half RGBA beside a float Z). */
    public List<PixelType> channelTypes() {
        return channelTypes;
    }

    /** Whether the image is deep: a varying number of samples per pixel (deep OpenEXR). */
    public boolean isDeep() {
        return deep;
    }

    /**
     * How many parts the file holds when it is a multi-part OpenEXR file (each part a layer
     * or view with its own channels), else 1. This spec describes the first part.
     */
    public int parts() {
        Object n = attributes.get("oiio:subimages");
        return n instanceof Integer && attributes.containsKey("oiio:subimagename") ? (Integer) n : 1;
    }

    /**
     * Whether the image has alpha and its colour is not multiplied by it ("straight" or
     * unassociated alpha, as PNG stores and TIFF's ExtraSamples = 2 says). OpenEXR, and TIFF
     * with ExtraSamples = 1, store colour premultiplied (associated).
     */
    public boolean hasStraightAlpha() {
        return alphaChannel >= 0 && Integer.valueOf(1).equals(attributes.get("oiio:UnassociatedAlpha"));
    }

    /**
     * Bytes decoding the file holds at once — one tile, strip or chunk of rows, or the whole
     * image for files their reader decodes whole (interlaced PNG, progressive JPEG, DDS…) —
     * as read from its header; 0 for a spec not read from a file.
     */
    public long decodeBytes() {
        return decodeBytes;
    }

    /** Whether channels are stored in more than one type. */
    public boolean hasMixedChannelTypes() {
        return channelTypes.stream().anyMatch(t -> t != pixelType);
    }

    /** Left edge of the data window (EXR data window, TIFF x position). */
    public int x() {
        return x;
    }

    /** Top edge of the data window. */
    public int y() {
        return y;
    }

    /** Left edge of the full (display) window. */
    public int fullX() {
        return fullX;
    }

    /** Top edge of the full (display) window. */
    public int fullY() {
        return fullY;
    }

    /** Width of the full (display) window. */
    public int fullWidth() {
        return fullWidth;
    }

    /** Height of the full (display) window. */
    public int fullHeight() {
        return fullHeight;
    }

    /** Tile width, or 0 for a scanline image. */
    public int tileWidth() {
        return tileWidth;
    }

    /** Tile height, or 0 for a scanline image. */
    public int tileHeight() {
        return tileHeight;
    }

    /** Whether the image is stored in tiles. */
    public boolean isTiled() {
        return tileWidth > 0 && tileHeight > 0;
    }

    /** Attribute names no format uses, refused so that nobody mistakes them for options. */
    static final String RESERVED_PREFIX = "tilewright:";

    /** Format attributes, in insertion order. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** An attribute's value, or null. */
    public Object attribute(String name) {
        return attributes.get(name);
    }

    /** Bytes of one pixel (all channels). */
    public long pixelBytes() {
        return (long) channels * pixelType.bytes();
    }

    /** Bytes of one row of the data window. */
    public long rowBytes() {
        return width * pixelBytes();
    }

    /** Bytes of the whole data window, uncompressed. */
    public long imageBytes() {
        return height * rowBytes();
    }

    @Override
    public String toString() {
        return width + "x" + height + " " + channels + "ch " + pixelType.name().toLowerCase()
                + (isTiled() ? " tiles " + tileWidth + "x" + tileHeight : " scanlines")
                + (x != 0 || y != 0 ? " origin " + x + "," + y : "")
                + (attributes.isEmpty() ? "" : " " + attributes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ImageSpec)) {
            return false;
        }
        ImageSpec s = (ImageSpec) o;
        return width == s.width && height == s.height && channels == s.channels
                && pixelType == s.pixelType && x == s.x && y == s.y && fullX == s.fullX
                && fullY == s.fullY && fullWidth == s.fullWidth && fullHeight == s.fullHeight
                && tileWidth == s.tileWidth && tileHeight == s.tileHeight
                && alphaChannel == s.alphaChannel && channelNames.equals(s.channelNames)
                && channelTypes.equals(s.channelTypes)
                && attributes.equals(s.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, channels, pixelType, x, y, tileWidth, tileHeight);
    }

    /** Collects a spec's values; {@link #build()} checks them. */
    public static final class Builder {
        private final int width;
        private final int height;
        private final int channels;
        private final PixelType pixelType;
        private List<String> channelNames;
        private List<PixelType> channelTypes;
        private boolean deep;
        private long decodeBytes;
        private Integer alphaChannel;
        private int x;
        private int y;
        private Integer fullX;
        private Integer fullY;
        private Integer fullWidth;
        private Integer fullHeight;
        private int tileWidth;
        private int tileHeight;
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder(int width, int height, int channels, PixelType pixelType) {
            this.width = width;
            this.height = height;
            this.channels = channels;
            this.pixelType = Objects.requireNonNull(pixelType, "pixelType");
        }

        /** Top-left corner of the data window (may be negative). */
        public Builder origin(int x, int y) {
            this.x = x;
            this.y = y;
            return this;
        }

        /** The full (display) window; defaults to the data window. */
        public Builder fullWindow(int x, int y, int width, int height) {
            this.fullX = x;
            this.fullY = y;
            this.fullWidth = width;
            this.fullHeight = height;
            return this;
        }

        /** Tile size; 0, 0 means scanlines (the default). */
        public Builder tileSize(int width, int height) {
            this.tileWidth = width;
            this.tileHeight = height;
            return this;
        }

        /** Channel names, one per channel. */
        public Builder channelNames(List<String> names) {
            this.channelNames = new ArrayList<>(names);
            return this;
        }

        /** Marks the image as deep (as read from a deep file; no writer takes it). */
        Builder deep(boolean deep) {
            this.deep = deep;
            return this;
        }

        /** What decoding the file holds at once (as measured when it is read). */
        Builder decodeBytes(long bytes) {
            this.decodeBytes = bytes;
            return this;
        }

        /**
         * The type each channel is stored as, one per channel (default: all the pixel type).
         * Pixels are still written and read in the pixel type; the file converts.
         */
        public Builder channelTypes(List<PixelType> types) {
            this.channelTypes = new ArrayList<>(types);
            return this;
        }

        /** Index of the alpha channel, or -1 for none (default: the channel named "A"). */
        public Builder alphaChannel(int channel) {
            this.alphaChannel = channel;
            return this;
        }

        /** Compression as OIIO names it, optionally with a level: "zip:4", "zstd", "piz". */
        public Builder compression(String compression) {
            return attribute("compression", compression);
        }

        /** Any OIIO format attribute; {@code value} is an Integer, Float or String. */
        public Builder attribute(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
                // Tilewright's own requests are typed (WriteOptions); the map is OIIO's alone.
                throw new IllegalArgumentException("attribute names starting with '" + RESERVED_PREFIX
                        + "' are reserved; pyramids, Deep Zoom tiles and threads are WriteOptions, not attributes, got "
                        + name);
            }
            if (value instanceof Double) {
                value = ((Double) value).floatValue();
            } else if (value instanceof Boolean) {
                value = ((Boolean) value) ? 1 : 0;
            }
            if (!(value instanceof Integer || value instanceof Float || value instanceof String)) {
                throw new IllegalArgumentException("attribute '" + name
                        + "' must be an Integer, Float or String, got " + value);
            }
            attributes.put(name, value);
            return this;
        }

        /** Checks the values and makes the spec. */
        public ImageSpec build() {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException(
                        "image size must be positive, got " + width + " x " + height);
            }
            if (channels <= 0) {
                throw new IllegalArgumentException(
                        "an image needs at least one channel, got " + channels);
            }
            if (tileWidth < 0 || tileHeight < 0 || (tileWidth == 0) != (tileHeight == 0)) {
                throw new IllegalArgumentException("tile size must be 0x0 (scanlines) or positive,"
                        + " got " + tileWidth + "x" + tileHeight);
            }
            if (channelNames != null && channelNames.size() != channels) {
                throw new IllegalArgumentException(channelNames.size() + " channel names given for "
                        + channels + " channels");
            }
            if (channelTypes != null && channelTypes.size() != channels) {
                throw new IllegalArgumentException(channelTypes.size() + " channel types given for "
                        + channels + " channels");
            }
            if (channelTypes != null && channelTypes.contains(null)) {
                throw new IllegalArgumentException("a channel type is null");
            }
            if (alphaChannel != null && (alphaChannel < -1 || alphaChannel >= channels)) {
                throw new IllegalArgumentException("alpha channel " + alphaChannel
                        + " does not exist in " + channels + " channels");
            }
            if ((long) x + width > Integer.MAX_VALUE || (long) y + height > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the data window ends past 2^31 pixels");
            }
            return new ImageSpec(this);
        }
    }
}
