package org.tilewright;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.tilewright.jni.NativeImageWriter;
import org.tilewright.jni.NativeOutputOptions;
import org.tilewright.jni.NativeOutputTarget;
import org.tilewright.jni.NativeSpec;

/**
 * Streams one image to disk, rows or tiles at a time, through OpenImageIO; the format comes
 * from the file's extension. Memory does not grow with the image: what you pass is handed to
 * the encoder and released.
 *
 * <p>Coordinates are absolute data-window pixels (rows {@code y .. y+height} for a spec with
 * origin {@code y}); ranges are half-open. Rows arrive top to bottom and tiles in raster order
 * unless {@link #supports supports("random_access")}. Rows may be written to a tiled file:
 * they are gathered one row of tiles at a time.
 *
 * <p>The file is written under a temporary name beside the target and renamed by {@link
 * #finish()}; {@link #close()} without {@code finish()} removes it. Use one thread at a time;
 * {@code close()} may be called from any thread.
 *
 * <pre>{@code
 * ImageSpec spec = ImageSpec.builder(25000, 25000, 3, PixelType.UINT8).compression("zip:4").build();
 * try (ImageWriter out = ImageWriter.open(Path.of("huge.tif"), spec)) {
 *     for (int y = 0; y < spec.height(); y++) out.writeScanlines(y, y + 1, row(y));
 *     out.finish();
 * }
 * }</pre>
 */
public final class ImageWriter implements AutoCloseable {
    private final Path path;
    private final ImageSpec spec;
    private final OutputTarget output;
    private final PixelBuffers buffers = new PixelBuffers();
    private NativeImageWriter peer;
    private boolean finished;
    /// Writes from any thread hold it shared; close and finish hold it alone, so the peer is
    /// never released under a write in flight.
    private final java.util.concurrent.locks.ReentrantReadWriteLock inFlight =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    private ImageWriter(Path path, ImageSpec spec, OutputTarget output, NativeImageWriter peer) {
        this.path = path;
        this.spec = spec;
        this.output = output;
        this.peer = peer;
    }

    /**
     * Opens {@code path} for writing {@code spec} on every core. A TIFF that could reach 4 GiB
     * is made a BigTIFF unless the spec sets {@code tiff:bigtiff} itself. The caller closes
     * the writer.
     */
    public static ImageWriter open(Path path, ImageSpec spec) {
        return open(path, spec, WriteOptions.defaults());
    }

    /**
     * Opens {@code path} for writing {@code spec} with {@code options}: the thread budget of the
     * encoder, reduced levels made as rows pass, Deep Zoom tiles. The caller closes the writer.
     */
    public static ImageWriter open(Path path, ImageSpec spec, WriteOptions options) {
        ImageSpec effective = OutputSpecs.forOutput(path, spec, options);
        OutputTarget output = OutputTarget.create(path, effective, options);
        try (NativeSpec nativeSpec = NativeSpecs.toNative(effective);
             NativeOutputTarget nativeTarget = output.toNative();
             NativeOutputOptions nativeOptions = options.toNative(effective)) {
            NativeImageWriter peer = new NativeImageWriter(nativeTarget, nativeSpec, nativeOptions);
            return new ImageWriter(path, effective, output, peer);
        } catch (RuntimeException e) {
            output.discard();
            throw e;
        }
    }

    /**
     * Whether the colour given with an alpha channel is expected straight (not multiplied by
     * alpha), else premultiplied. PNG and Deep Zoom store straight alpha, OpenEXR
     * premultiplied; TIFF and the rest store what the spec says, straight when it sets
     * {@code oiio:UnassociatedAlpha = 1} (TIFF's ExtraSamples = 2), else premultiplied.
     * False without an alpha channel.
     */
    public boolean expectsStraightAlpha() {
        if (spec.alphaChannel() < 0) {
            return false;
        }
        return switch (output.kind()) {
            case PNG, DEEP_ZOOM -> true;
            case OPENEXR -> false;
            default -> Integer.valueOf(1).equals(spec.attribute("oiio:UnassociatedAlpha"));
        };
    }

    /** The spec being written, including attributes Tilewright added (tiff:bigtiff). */
    public ImageSpec spec() {
        return spec;
    }

    /**
     * The first row to write: the data window's top, or for a resumable job ({@link
     * WriteOptions#withResume}) the row after those an earlier run of the same job made
     * durable — write from there on, in order; the rows above are kept.
     */
    public int resumeRow() {
        return live().resumeRow();
    }

    /**
     * For a resumable job, one line on what became of an earlier run — continued from which
     * row, or why its journal was not used — and "" when there was nothing to continue.
     */
    public String resumeNotice() {
        return live().resumeNotice();
    }

    /** The temporary file being written (companion files sit beside it and share its name). */
    Path temporaryPath() {
        return output.temporary();
    }

    /** The final path of the image. */
    public Path path() {
        return path;
    }

    /** OIIO's feature query: "tiles", "random_access", "alpha", "negativeorigin"… */
    public synchronized boolean supports(String feature) {
        return live().supports(feature);
    }

    /** OIIO's name of the format being written ("tiff", "openexr", "png"…). */
    public synchronized String formatName() {
        return live().formatName();
    }

    /** Writes rows [yBegin, yEnd) of 8-bit values, all channels interleaved. */
    public void writeScanlines(int yBegin, int yEnd, byte[] data) {
        writeScanlinesFromArray(yBegin, yEnd, data);
    }

    /** Writes rows of 16-bit values: half bits for a half image, else unsigned 16-bit. */
    public void writeScanlines(int yBegin, int yEnd, short[] data) {
        writeScanlinesFromArray(yBegin, yEnd, data);
    }

    /** Writes rows of 32-bit integer values. */
    public void writeScanlines(int yBegin, int yEnd, int[] data) {
        writeScanlinesFromArray(yBegin, yEnd, data);
    }

    /** Writes rows of float values; converted to the file's type (half, 8-bit…) on the way. */
    public void writeScanlines(int yBegin, int yEnd, float[] data) {
        writeScanlinesFromArray(yBegin, yEnd, data);
    }

    /**
     * Writes rows from {@code data}'s remaining bytes, values of {@code type} in native byte
     * order. A direct buffer is read in place, without a copy.
     */
    public synchronized void writeScanlines(int yBegin, int yEnd, ByteBuffer data, PixelType type) {
        NativeImageWriter w = live();
        requireBytes(data.remaining(), (long) (yEnd - yBegin) * spec.width(), type,
                "rows [" + yBegin + ", " + yEnd + ")");
        ByteBuffer direct = buffers.direct(data);
        w.writeScanlines(yBegin, yEnd, type.code(), direct, direct.remaining());
    }

    /** Writes rows from a buffer of the image's own pixel type. */
    public void writeScanlines(int yBegin, int yEnd, ByteBuffer data) {
        writeScanlines(yBegin, yEnd, data, spec.pixelType());
    }

    private synchronized void writeScanlinesFromArray(int yBegin, int yEnd, Object array) {
        NativeImageWriter w = live();
        PixelType type = PixelBuffers.typeOfArray(array, spec.pixelType());
        long bytes = requireArray(array, (long) (yEnd - yBegin) * spec.width(), type,
                "rows [" + yBegin + ", " + yEnd + ")");
        w.writeScanlines(yBegin, yEnd, type.code(), buffers.fromArray(array, bytes), bytes);
    }

    /** Writes the tiles covering [xBegin, xEnd) x [yBegin, yEnd) from 8-bit values. */
    public void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, byte[] data) {
        writeTilesFromArray(xBegin, xEnd, yBegin, yEnd, data);
    }

    /** Writes tiles of 16-bit values: half bits for a half image, else unsigned 16-bit. */
    public void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, short[] data) {
        writeTilesFromArray(xBegin, xEnd, yBegin, yEnd, data);
    }

    /** Writes tiles of 32-bit integer values. */
    public void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, int[] data) {
        writeTilesFromArray(xBegin, xEnd, yBegin, yEnd, data);
    }

    /** Writes tiles of float values, converted to the file's type. */
    public void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, float[] data) {
        writeTilesFromArray(xBegin, xEnd, yBegin, yEnd, data);
    }

    /**
     * Writes the tiles covering the region from {@code data} (the region's rows, contiguous,
     * values of {@code type} in native byte order). Begins lie on tile boundaries; ends on a
     * boundary or the image's edge. A direct buffer is read in place.
     */
    public synchronized void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd,
            ByteBuffer data, PixelType type) {
        NativeImageWriter w = live();
        requireBytes(data.remaining(), regionPixels(xBegin, xEnd, yBegin, yEnd), type,
                regionText(xBegin, xEnd, yBegin, yEnd));
        ByteBuffer direct = buffers.direct(data);
        w.writeTiles(xBegin, xEnd, yBegin, yEnd, type.code(), direct, direct.remaining());
    }

    /** Writes tiles from a buffer of the image's own pixel type. */
    public void writeTiles(int xBegin, int xEnd, int yBegin, int yEnd, ByteBuffer data) {
        writeTiles(xBegin, xEnd, yBegin, yEnd, data, spec.pixelType());
    }

    private synchronized void writeTilesFromArray(int xBegin, int xEnd, int yBegin, int yEnd,
            Object array) {
        NativeImageWriter w = live();
        PixelType type = PixelBuffers.typeOfArray(array, spec.pixelType());
        long bytes = requireArray(array, regionPixels(xBegin, xEnd, yBegin, yEnd), type,
                regionText(xBegin, xEnd, yBegin, yEnd));
        w.writeTiles(xBegin, xEnd, yBegin, yEnd, type.code(), buffers.fromArray(array, bytes),
                bytes);
    }

    /**
     * Whether {@link #writeTilesFromAnyThread} is available: a tiled TIFF with zip or no
     * compression, 8 or 16 bits, 1 to 4 channels and no pyramid, written by Tilewright's own
     * TIFF encoder.
     */
    public synchronized boolean acceptsTilesFromAnyThread() {
        return live().acceptsTilesFromAnyThread();
    }

    /**
     * Writes whole tiles (as {@link #writeTiles(int, int, int, int, ByteBuffer, PixelType)})
     * from any number of threads at once, in any order: each call converts and compresses its
     * tiles on the calling thread, and TIFF's tile offsets let them land anywhere in the file.
     * A tile is written once; this and the ordered writes are not mixed in one file. Pixels
     * are identical to an ordered write's; the tiles' places in the file follow arrival.
     * {@code data} should be a direct buffer (a heap buffer is copied).
     */
    public void writeTilesFromAnyThread(int xBegin, int xEnd, int yBegin, int yEnd, ByteBuffer data, PixelType type) {
        requireBytes(data.remaining(), regionPixels(xBegin, xEnd, yBegin, yEnd), type,
                regionText(xBegin, xEnd, yBegin, yEnd));
        ByteBuffer direct = data;
        if (!data.isDirect()) {
            direct = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
            direct.put(data.duplicate()).flip();
        }
        inFlight.readLock().lock();
        try {
            NativeImageWriter w = peer;
            if (w == null) {
                throw new IllegalStateException(path + ": the writer is closed");
            }
            w.writeTilesFromAnyThread(xBegin, xEnd, yBegin, yEnd, type.code(), direct.slice(), direct.remaining());
        } finally {
            inFlight.readLock().unlock();
        }
    }

    /**
     * Completes the image and moves it to its final name, replacing any file there unless
     * {@link WriteOptions#withReplaceExisting} said not to. Throws if
     * rows or tiles are missing or the disk refuses; the writer is closed either way.
     */
    public synchronized void finish() {
        NativeImageWriter w = live();
        inFlight.writeLock().lock();
        try {
            w.finish();
            output.commit();
            finished = true;
        } finally {
            inFlight.writeLock().unlock();
            close();
        }
    }

    /** Whether {@link #finish()} completed and the file is in place. */
    public synchronized boolean isFinished() {
        return finished;
    }

    /** Rows (scanline files) or tiles (tiled files) written so far. */
    public synchronized long unitsWritten() {
        return live().unitsWritten();
    }

    /** Rows or tiles the complete image has. */
    public synchronized long unitsTotal() {
        return live().unitsTotal();
    }

    /**
     * Releases the native writer. Without a successful {@link #finish()}, the partial file is
     * removed and nothing appears under the final name. Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (peer == null) {
            return;
        }
        inFlight.writeLock().lock();
        try {
            peer.close();  // the destructor aborts an unfinished file
        } catch (RuntimeException ignored) {
            // close() must not throw; the partial file is still removed below.
        } finally {
            peer = null;
            inFlight.writeLock().unlock();
            buffers.close();
            output.discard();
        }
    }

    private NativeImageWriter live() {
        if (peer == null) {
            throw new IllegalStateException(path + ": the writer is closed");
        }
        return peer;
    }

    private long regionPixels(int xBegin, int xEnd, int yBegin, int yEnd) {
        return Math.max(0L, (long) xEnd - xBegin) * Math.max(0L, (long) yEnd - yBegin);
    }

    private static String regionText(int xBegin, int xEnd, int yBegin, int yEnd) {
        return "tiles x [" + xBegin + ", " + xEnd + "), y [" + yBegin + ", " + yEnd + ")";
    }

    private long requireArray(Object array, long pixels, PixelType type, String what) {
        long needed = Math.max(0, pixels) * spec.channels();
        long have = PixelBuffers.lengthOf(array);
        if (have < needed) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, path + ": the array holds " + have + " values but "
                    + what + " need " + needed + " (" + spec.channels() + " per pixel)");
        }
        return needed * type.bytes();
    }

    private void requireBytes(long have, long pixels, PixelType type, String what) {
        long needed = Math.max(0, pixels) * spec.channels() * type.bytes();
        if (have < needed) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, path + ": the buffer holds " + have + " bytes but "
                    + what + " need " + needed);
        }
    }
}
