package org.tilewright;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The simplest way to stream an image: one row at a time, top to bottom, as pyaitk's
 * {@code StreamingWriter(path, width, height, bpp=24).write_row(row)} does. Writing the last
 * row saves the file; closing before that removes it.
 *
 * <pre>{@code
 * try (StreamingWriter sw = new StreamingWriter("gradient.png", 4000, 4000, 24)) {
 *     int[] row = new int[4000];
 *     for (int y = 0; y < 4000; y++) {
 *         for (int x = 0; x < 4000; x++) row[x] = (r << 16) | (g << 8) | b;
 *         sw.writePackedRow(row);
 *     }
 * }
 * }</pre>
 */
public final class StreamingWriter implements AutoCloseable {
    private final ImageWriter writer;
    private final NativeBuffer rowMemory;
    private final ByteBuffer row;
    private int nextRow;

    /**
     * Opens {@code path} (format from the extension) for an image of {@code bitsPerPixel}:
     * 8 gray, 16 gray 16-bit, 24 RGB, 32 RGBA, 48 RGB 16-bit, 64 RGBA 16-bit.
     */
    public StreamingWriter(String path, int width, int height, int bitsPerPixel) {
        this(Path.of(path), specFor(width, height, bitsPerPixel));
    }

    /** Opens {@code path} for rows of {@code spec}, which may carry compression and tiling. */
    public StreamingWriter(Path path, ImageSpec spec) {
        this.writer = ImageWriter.open(path, spec);
        this.rowMemory = new NativeBuffer(spec.rowBytes());
        this.row = rowMemory.buffer();
    }

    static ImageSpec specFor(int width, int height, int bitsPerPixel) {
        switch (bitsPerPixel) {
            case 8: return ImageSpec.builder(width, height, 1, PixelType.UINT8).build();
            case 16: return ImageSpec.builder(width, height, 1, PixelType.UINT16).build();
            case 24: return ImageSpec.builder(width, height, 3, PixelType.UINT8).build();
            case 32: return ImageSpec.builder(width, height, 4, PixelType.UINT8).build();
            case 48: return ImageSpec.builder(width, height, 3, PixelType.UINT16).build();
            case 64: return ImageSpec.builder(width, height, 4, PixelType.UINT16).build();
            default:
                throw new IllegalArgumentException("bits per pixel must be 8, 16, 24, 32, 48 or 64,"
                        + " got " + bitsPerPixel);
        }
    }

    /** The image being written. */
    public ImageSpec spec() {
        return writer.spec();
    }

    /** Rows written so far. */
    public int rowsWritten() {
        return nextRow;
    }

    /**
     * Writes the next row of an 8-bit image as packed pixels, one {@code int} a pixel:
     * {@code 0xRRGGBB} for RGB, {@code 0xAARRGGBB} for RGBA (straight alpha, as
     * {@code BufferedImage.TYPE_INT_ARGB} holds it), the low byte for gray. (An {@code int[]}
     * given to {@link ImageWriter} is one 32-bit value a channel instead.)
     */
    public void writePackedRow(int[] packed) {
        ImageSpec spec = writer.spec();
        if (spec.pixelType() != PixelType.UINT8) {
            throw new IllegalStateException(writer.path()
                    + ": packed int rows are for 8-bit images; use writeRow(short[])");
        }
        requireLength(packed.length);
        row.clear();
        int channels = spec.channels();
        for (int x = 0; x < spec.width(); x++) {
            int p = packed[x];
            if (channels == 1) {
                row.put((byte) p);
            } else {
                row.put((byte) (p >>> 16)).put((byte) (p >>> 8)).put((byte) p);
                if (channels == 4) {
                    row.put((byte) (p >>> 24));
                }
            }
        }
        row.flip();
        writeNext(row);
    }

    /**
     * The seed article's name for {@link #writePackedRow}.
     *
     * @param packed one packed pixel an {@code int}
     * @deprecated an {@code int[]} means one value a channel everywhere else in the API; say
     *     {@link #writePackedRow} to make the packed form plain
     */
    @Deprecated
    public void writeRow(int[] packed) {
        writePackedRow(packed);
    }

    /** Writes the next row of an 8-bit image: channel values interleaved. */
    public void writeRow(byte[] values) {
        requireType(PixelType.UINT8, "byte");
        requireLength(values.length / writer.spec().channels());
        row.clear();
        row.put(values, 0, Math.toIntExact(writer.spec().rowBytes()));
        row.flip();
        writeNext(row);
    }

    /** Writes the next row of a 16-bit image: channel values interleaved. */
    public void writeRow(short[] values) {
        requireType(PixelType.UINT16, "short");
        requireLength(values.length / writer.spec().channels());
        row.clear();
        row.asShortBuffer().put(values, 0, writer.spec().width() * writer.spec().channels());
        writeNext(row);
    }

    private void writeNext(ByteBuffer data) {
        ImageSpec spec = writer.spec();
        if (nextRow >= spec.height()) {
            throw new IllegalStateException(writer.path() + ": all " + spec.height()
                    + " rows were already written");
        }
        writer.writeScanlines(spec.y() + nextRow, spec.y() + nextRow + 1, data);
        nextRow++;
        if (nextRow == spec.height()) {
            writer.finish();
        }
    }

    private void requireType(PixelType type, String arrayType) {
        if (writer.spec().pixelType() != type) {
            throw new IllegalStateException(writer.path() + ": " + arrayType + " rows are for "
                    + type.name().toLowerCase() + " images, this one is "
                    + writer.spec().pixelType().name().toLowerCase());
        }
    }

    private void requireLength(int pixels) {
        if (pixels < writer.spec().width()) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, writer.path() + ": a row needs " + writer.spec().width()
                    + " pixels, got " + pixels);
        }
    }

    /** Whether every row was written and the file saved. */
    public boolean isComplete() {
        return writer.isFinished();
    }

    /** Releases the writer; if rows are missing, the partial file is removed. Never throws. */
    @Override
    public void close() {
        writer.close();
        rowMemory.close();
    }
}
