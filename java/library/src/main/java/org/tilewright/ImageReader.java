package org.tilewright;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.tilewright.jni.NativeImageReader;
import org.tilewright.jni.NativeLibrary;
import org.tilewright.jni.NativeSpec;

/**
 * Reads one image (its first subimage at full resolution, or a level chosen at open) by rows, tiles or any region,
 * converting to the pixel type asked for. A region read holds only a bounded chunk of the file
 * at a time, so images far larger than RAM can be read piece by piece; OIIO's size guard for
 * huge images is lifted for Tilewright's reads.
 *
 * <p>Coordinates are absolute data-window pixels; ranges are half-open. Arrays receive all
 * channels interleaved; {@code short[]} receives the image's own 16-bit type (half bits for a
 * half image), else unsigned 16-bit. Use one thread at a time; the caller closes the reader.
 */
public final class ImageReader implements AutoCloseable {
    private final Path path;
    private final ImageSpec spec;
    private final PixelBuffers buffers = new PixelBuffers();
    private NativeImageReader peer;

    private ImageReader(Path path, ImageSpec spec, NativeImageReader peer) {
        this.path = path;
        this.spec = spec;
        this.peer = peer;
    }

    /** Opens {@code path}; throws naming it if it is missing, a folder, or not an image. */
    public static ImageReader open(Path path) {
        return open(path, 0, 0);
    }

    /**
     * Opens one level of {@code path}: a subimage (TIFF directory, EXR part) and a MIP level
     * of it, as in a pyramid Tilewright writes (its levels are MIP levels of subimage 0).
     */
    public static ImageReader open(Path path, int subimage, int mipLevel) {
        NativeLoading.require();
        NativeImageReader peer = new NativeImageReader(path.toString());
        try {
            if (subimage != 0 || mipLevel != 0) {
                peer.selectLevel(subimage, mipLevel);
            }
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        try (NativeSpec nativeSpec = peer.spec()) {
            ImageSpec spec = NativeSpecs.fromNative(nativeSpec, path.toString()).toBuilder()
                    .decodeBytes(peer.decodeBytesAtOnce()).build();
            return new ImageReader(path, spec, peer);
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    /** Reads the spec of {@code path} without keeping it open. */
    public static ImageSpec readSpec(Path path) {
        try (ImageReader reader = open(path)) {
            return reader.spec();
        }
    }

    /** The image's description as stored. */
    public ImageSpec spec() {
        return spec;
    }

    /** The file being read. */
    public Path path() {
        return path;
    }

    /** OIIO's format name ("tiff", "openexr", "png"…). */
    public synchronized String formatName() {
        return live().formatName();
    }

    /** How many subimages (pyramid levels, EXR parts) the file holds. */
    public synchronized int subimageCount() {
        return live().subimageCount();
    }

    /** How many MIP levels (pyramid levels) the open subimage has; 1 for a plain image. */
    public synchronized int mipLevelCount() {
        return live().mipLevelCount();
    }

    /**
     * The sizes (width, height) of the reduced levels a TIFF keeps as SubIFDs of its first
     * directory — an OME-TIFF's pyramid, which OpenImageIO does not list as MIP levels; empty
     * for other files.
     */
    public List<int[]> subIfdSizes() {
        String sizes = NativeLibrary.subIfdSizes(path.toString());
        List<int[]> levels = new java.util.ArrayList<>();
        for (String size : sizes.isEmpty() ? new String[0] : sizes.split(",")) {
            String[] wh = size.split("x");
            levels.add(new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])});
        }
        return levels;
    }

    /** Reads rows [yBegin, yEnd), all channels, into {@code out} as 8-bit values. */
    public void readScanlines(int yBegin, int yEnd, byte[] out) {
        readScanlinesToArray(yBegin, yEnd, out);
    }

    /** Reads rows as 16-bit values. */
    public void readScanlines(int yBegin, int yEnd, short[] out) {
        readScanlinesToArray(yBegin, yEnd, out);
    }

    /** Reads rows as 32-bit integers. */
    public void readScanlines(int yBegin, int yEnd, int[] out) {
        readScanlinesToArray(yBegin, yEnd, out);
    }

    /** Reads rows as floats (integers scaled to 0–1, as OIIO converts). */
    public void readScanlines(int yBegin, int yEnd, float[] out) {
        readScanlinesToArray(yBegin, yEnd, out);
    }

    /**
     * Reads rows, channels [chBegin, chEnd), as {@code type} into {@code out} from its
     * position, in native byte order; a direct buffer is filled in place.
     */
    public synchronized void readScanlines(int yBegin, int yEnd, int chBegin, int chEnd,
            PixelType type, ByteBuffer out) {
        long bytes = (long) (yEnd - yBegin) * spec.width() * (chEnd - chBegin) * type.bytes();
        readInto(out, bytes, target -> live().readScanlines(yBegin, yEnd, chBegin, chEnd,
                type.code(), target, target.remaining()));
    }

    private synchronized void readScanlinesToArray(int yBegin, int yEnd, Object out) {
        PixelType type = PixelBuffers.typeOfArray(out, spec.pixelType());
        long bytes = arrayBytes(out, (long) (yEnd - yBegin) * spec.width(), type);
        ByteBuffer staging = buffers.staging(bytes);
        live().readScanlines(yBegin, yEnd, 0, spec.channels(), type.code(), staging, bytes);
        PixelBuffers.toArray(staging, out, bytes);
    }

    /** Reads the tiles covering [xBegin, xEnd) x [yBegin, yEnd), all channels, as 8-bit. */
    public void readTiles(int xBegin, int xEnd, int yBegin, int yEnd, byte[] out) {
        readTilesToArray(xBegin, xEnd, yBegin, yEnd, out);
    }

    /** Reads tiles as 16-bit values. */
    public void readTiles(int xBegin, int xEnd, int yBegin, int yEnd, short[] out) {
        readTilesToArray(xBegin, xEnd, yBegin, yEnd, out);
    }

    /** Reads tiles as floats. */
    public void readTiles(int xBegin, int xEnd, int yBegin, int yEnd, float[] out) {
        readTilesToArray(xBegin, xEnd, yBegin, yEnd, out);
    }

    /** Reads tiles, channels [chBegin, chEnd), as {@code type} into {@code out}. */
    public synchronized void readTiles(int xBegin, int xEnd, int yBegin, int yEnd, int chBegin,
            int chEnd, PixelType type, ByteBuffer out) {
        long bytes = (long) (xEnd - xBegin) * (yEnd - yBegin) * (chEnd - chBegin) * type.bytes();
        readInto(out, bytes, target -> live().readTiles(xBegin, xEnd, yBegin, yEnd, chBegin, chEnd,
                type.code(), target, target.remaining()));
    }

    private synchronized void readTilesToArray(int xBegin, int xEnd, int yBegin, int yEnd,
            Object out) {
        PixelType type = PixelBuffers.typeOfArray(out, spec.pixelType());
        long bytes = arrayBytes(out, (long) (xEnd - xBegin) * (yEnd - yBegin), type);
        ByteBuffer staging = buffers.staging(bytes);
        live().readTiles(xBegin, xEnd, yBegin, yEnd, 0, spec.channels(), type.code(), staging,
                bytes);
        PixelBuffers.toArray(staging, out, bytes);
    }

    /** Reads the {@code width} x {@code height} region at x, y, all channels, as 8-bit. */
    public void readRegion(int x, int y, int width, int height, byte[] out) {
        readRegionToArray(x, y, width, height, out);
    }

    /** Reads a region as 16-bit values. */
    public void readRegion(int x, int y, int width, int height, short[] out) {
        readRegionToArray(x, y, width, height, out);
    }

    /** Reads a region as 32-bit integers. */
    public void readRegion(int x, int y, int width, int height, int[] out) {
        readRegionToArray(x, y, width, height, out);
    }

    /** Reads a region as floats. */
    public void readRegion(int x, int y, int width, int height, float[] out) {
        readRegionToArray(x, y, width, height, out);
    }

    /**
     * Reads any region inside the data window, channels [chBegin, chEnd), as {@code type}
     * into {@code out} (rows contiguous) from its position; tiled or not.
     */
    public synchronized void readRegion(int x, int y, int width, int height, int chBegin,
            int chEnd, PixelType type, ByteBuffer out) {
        long bytes = (long) width * height * (chEnd - chBegin) * type.bytes();
        readInto(out, bytes, target -> live().readRegion(x, y, width, height, chBegin, chEnd,
                type.code(), target, target.remaining()));
    }

    private synchronized void readRegionToArray(int x, int y, int width, int height, Object out) {
        PixelType type = PixelBuffers.typeOfArray(out, spec.pixelType());
        long bytes = arrayBytes(out, (long) width * height, type);
        ByteBuffer staging = buffers.staging(bytes);
        live().readRegion(x, y, width, height, 0, spec.channels(), type.code(), staging, bytes);
        PixelBuffers.toArray(staging, out, bytes);
    }

    /** Releases the file. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (peer == null) {
            return;
        }
        try {
            peer.close();
        } catch (RuntimeException ignored) {
            // close() must not throw.
        } finally {
            peer = null;
            buffers.close();
        }
    }

    private interface NativeRead {
        void into(ByteBuffer direct);
    }

    /** Runs a read into {@code out} directly, or through staging for a heap buffer. */
    private void readInto(ByteBuffer out, long bytes, NativeRead read) {
        live();
        if (bytes < 0 || out.remaining() < bytes) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, path + ": the buffer has " + out.remaining()
                    + " bytes left but the read needs " + bytes);
        }
        if (out.isDirect()) {
            read.into(out);
            return;
        }
        ByteBuffer staging = buffers.staging(bytes);
        read.into(staging);
        out.duplicate().put(staging);
    }

    private long arrayBytes(Object array, long pixels, PixelType type) {
        long needed = Math.max(0, pixels) * spec.channels();
        long have = PixelBuffers.lengthOf(array);
        if (have < needed) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, path + ": the array holds " + have
                    + " values but the read needs " + needed);
        }
        return needed * type.bytes();
    }

    private NativeImageReader live() {
        if (peer == null) {
            throw new IllegalStateException(path + ": the reader is closed");
        }
        return peer;
    }
}
