package org.tilewright;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes an image from rectangles that arrive in any order, from any number of threads at
 * once — render buckets finishing in a spiral, tiles from a pool of model workers — to any
 * format Tilewright writes, pyramids and Deep Zoom included.
 *
 * <p>Rectangles are cut into bands (a row of tiles for a tiled file, else a few MB of rows)
 * and held until their band is whole; whole bands go to the encoder in order, on whichever
 * thread completed them. Held pixels stay within {@code bufferBytes}: beyond it, pieces go to
 * a temporary spill file beside the output ({@code name.tw-partial-….spill}) and are read back
 * when their band is written. A pixel may be written once; {@link #finish()} fails naming
 * every rectangle still missing, and then, as on {@link #close()} without finishing, nothing
 * remains under the output's name.
 *
 * <p>Data is the rectangle's rows, channels interleaved, in the file's own type: {@code byte[]}
 * for uint8, {@code short[]} for uint16, {@code int[]} for uint32, {@code float[]} for float
 * and half, or a {@link ByteBuffer} of that type's native-order bytes.
 *
 * <pre>{@code
 * try (RegionWriter out = RegionWriter.open(Path.of("frame.exr"), spec, WriteOptions.defaults(), 512L << 20)) {
 *     buckets.parallelStream().forEach(b -> out.writeRegion(b.x, b.y, b.w, b.h, render(b)));
 *     out.finish();
 * }
 * }</pre>
 */
public final class RegionWriter implements AutoCloseable {
    /// Rows per band of a scanline file: about this many bytes, so a band is one encoder call.
    private static final long SCANLINE_BAND_BYTES = 4L << 20;
    /// The longest list of missing rectangles a message spells out.
    private static final int MESSAGE_LIMIT = 12;

    private final ImageWriter writer;
    private final ImageSpec spec;
    /// The type pieces and bands are held in: the file's, but float for half (Java has no half).
    private final PixelType bufferType;
    private final long pixelBytes;
    private final int bandRows;
    private final int bandCount;
    private final Band[] bands;
    private final long bufferBytes;
    private final Path spillPath;
    private final ReentrantLock state = new ReentrantLock();
    private final ReentrantLock drain = new ReentrantLock();
    private final AtomicLong spillEnd = new AtomicLong();
    private FileChannel spill;
    private ByteBuffer bandBuffer;
    private long heldBytes;
    private int nextBand;
    private boolean closed;

    private RegionWriter(ImageWriter writer, long bufferBytes) {
        this.writer = writer;
        this.spec = writer.spec();
        this.bufferType = ImageGenerator.rowType(spec);
        this.pixelBytes = (long) spec.channels() * bufferType.bytes();
        this.bandRows = spec.isTiled() ? spec.tileHeight()
                : (int) Math.max(1, Math.min(spec.height(), SCANLINE_BAND_BYTES / spec.rowBytes()));
        this.bandCount = (spec.height() + bandRows - 1) / bandRows;
        this.bands = new Band[bandCount];
        this.bufferBytes = bufferBytes;
        this.spillPath = writer.temporaryPath().resolveSibling(writer.temporaryPath().getFileName() + ".spill");
    }

    /**
     * Opens {@code path} for an image of {@code spec}, holding at most {@code bufferBytes} of
     * pixels that cannot be written yet (the rest spills to disk).
     */
    public static RegionWriter open(Path path, ImageSpec spec, WriteOptions options, long bufferBytes) {
        if (bufferBytes < 0) {
            throw new IllegalArgumentException("the buffer must be 0 bytes or more, got " + bufferBytes);
        }
        return new RegionWriter(ImageWriter.open(path, spec, options), bufferBytes);
    }

    /** The image being written. */
    public ImageSpec spec() {
        return spec;
    }

    /** Writes the rectangle of 8-bit values at {@code x, y}; any thread, any order. */
    public void writeRegion(int x, int y, int width, int height, byte[] data) {
        requireType(PixelType.UINT8, "byte[]");
        writeRegion(x, y, width, height, ByteBuffer.wrap(data));
    }

    /** Writes the rectangle of 16-bit unsigned values. */
    public void writeRegion(int x, int y, int width, int height, short[] data) {
        requireType(PixelType.UINT16, "short[]");
        ByteBuffer bytes = ByteBuffer.allocate(data.length * 2).order(ByteOrder.nativeOrder());
        bytes.asShortBuffer().put(data);
        writeRegion(x, y, width, height, bytes);
    }

    /** Writes the rectangle of 32-bit unsigned values. */
    public void writeRegion(int x, int y, int width, int height, int[] data) {
        requireType(PixelType.UINT32, "int[]");
        ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.nativeOrder());
        bytes.asIntBuffer().put(data);
        writeRegion(x, y, width, height, bytes);
    }

    /** Writes the rectangle of float values (for a float or half image). */
    public void writeRegion(int x, int y, int width, int height, float[] data) {
        requireType(PixelType.FLOAT, "float[]");
        ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.nativeOrder());
        bytes.asFloatBuffer().put(data);
        writeRegion(x, y, width, height, bytes);
    }

    /**
     * Writes the rectangle from {@code data}: its rows, contiguous, values of the file's type
     * (float for half) in native byte order, from the buffer's position. Safe from any
     * thread, in any order.
     */
    public void writeRegion(int x, int y, int width, int height, ByteBuffer data) {
        requireInside(x, y, width, height);
        long rowBytes = width * pixelBytes;
        if (data.remaining() < rowBytes * height) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, writer.path() + ": "
                    + describe(x, y, width, height) + " needs " + rowBytes * height + " bytes, the data has "
                    + data.remaining());
        }
        int top = y - spec.y();
        for (int band = top / bandRows; band <= (top + height - 1) / bandRows; band++) {
            int y0 = Math.max(top, band * bandRows);
            int y1 = Math.min(top + height, (band + 1) * bandRows);
            byte[] rows = new byte[Math.toIntExact(rowBytes * (y1 - y0))];
            ByteBuffer source = data.duplicate();
            source.position(Math.toIntExact(data.position() + rowBytes * (y0 - top)));
            source.get(rows);
            add(band, new Piece(x - spec.x(), y0, width, y1 - y0), rows);
        }
        drainWholeBands();
    }

    /**
     * The rectangles not written yet, counted from the data window's top-left pixel (add
     * {@code spec().x()}, {@code y()} for file coordinates), within one band each, identical
     * gaps of consecutive rows merged.
     */
    public List<Region> missing() {
        state.lock();
        try {
            List<Region> gaps = new ArrayList<>();
            for (int b = nextBand; b < bandCount; b++) {
                int y0 = b * bandRows;
                int rows = Math.min(bandRows, spec.height() - y0);
                Band band = bands[b];
                // Identical gaps on consecutive rows become one rectangle.
                List<int[]> open = new ArrayList<>();
                for (int r = 0; r <= rows; r++) {
                    List<int[]> gapsOfRow = r == rows ? List.of() : band == null
                            ? List.of(new int[] {0, spec.width()}) : band.gaps(r, spec.width());
                    List<int[]> stillOpen = new ArrayList<>();
                    for (int[] g : open) {
                        boolean continues = gapsOfRow.stream().anyMatch(n -> n[0] == g[0] && n[1] == g[1]);
                        if (continues) {
                            stillOpen.add(g);
                        } else {
                            gaps.add(new Region(g[0], g[2], g[1] - g[0], y0 + r - g[2]));
                        }
                    }
                    for (int[] n : gapsOfRow) {
                        if (stillOpen.stream().noneMatch(g -> g[0] == n[0] && g[1] == n[1])) {
                            stillOpen.add(new int[] {n[0], n[1], y0 + r});
                        }
                    }
                    open = stillOpen;
                }
            }
            return gaps;
        } finally {
            state.unlock();
        }
    }

    /**
     * Writes what is left and moves the image into place; throws naming every rectangle never
     * written (the output is then discarded when the writer is closed).
     */
    public void finish() {
        drain.lock();  // every producer has returned: what is whole is written now
        try {
            drainWholeBands();
        } finally {
            drain.unlock();
        }
        List<Region> gaps = missing();
        if (!gaps.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < Math.min(MESSAGE_LIMIT, gaps.size()); i++) {
                Region g = gaps.get(i);
                list.append(i == 0 ? "" : ", ").append(describe(g.x() + spec.x(), g.y() + spec.y(), g.width(),
                        g.height()));
            }
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, writer.path() + ": "
                    + gaps.size() + " region(s) were never written: " + list
                    + (gaps.size() > MESSAGE_LIMIT ? ", …" : "") + " (RegionWriter.missing() lists them all)");
        }
        closeSpill();
        writer.finish();
    }

    /** Removes the output unless {@link #finish()} moved it into place, and the spill file. */
    @Override
    public void close() {
        state.lock();
        try {
            closed = true;
        } finally {
            state.unlock();
        }
        try {
            writer.close();
        } finally {
            closeSpill();
        }
    }

    // ---- bands ------------------------------------------------------------------------------

    /** A rectangle of one band, in file-relative coordinates (rows absolute within the image). */
    private record Piece(int x, int y, int width, int height) {}

    /** Where a piece's bytes are: in memory, or at an offset of the spill file. */
    private record Stored(Piece piece, byte[] inMemory, long spillOffset, int length) {}

    /** The pieces a band holds and which pixels of each of its rows they cover. */
    private static final class Band {
        final List<Stored> pieces = new ArrayList<>();
        /// Per row: covered intervals, start → end, disjoint.
        final List<TreeMap<Integer, Integer>> covered = new ArrayList<>();
        long coveredPixels;
        /// Pieces whose pixels are counted as covered but whose bytes are still on their way
        /// to the spill file: the band is not whole until they are registered.
        int arriving;

        Band(int rows) {
            for (int r = 0; r < rows; r++) {
                covered.add(new TreeMap<>());
            }
        }

        /// True if [x0, x1) on row r touches a covered interval.
        boolean overlaps(int r, int x0, int x1) {
            TreeMap<Integer, Integer> row = covered.get(r);
            Map.Entry<Integer, Integer> before = row.floorEntry(x0);
            if (before != null && before.getValue() > x0) {
                return true;
            }
            Integer after = row.ceilingKey(x0);
            return after != null && after < x1;
        }

        void cover(int r, int x0, int x1) {
            TreeMap<Integer, Integer> row = covered.get(r);
            int start = x0;
            int end = x1;
            Map.Entry<Integer, Integer> left = row.floorEntry(x0);
            if (left != null && left.getValue() == x0) {
                start = left.getKey();
                row.remove(left.getKey());
            }
            Integer right = row.get(x1) == null ? null : x1;
            if (right != null) {
                end = row.remove(right);
            }
            row.put(start, end);
            coveredPixels += x1 - x0;
        }

        List<int[]> gaps(int r, int width) {
            List<int[]> gaps = new ArrayList<>();
            int at = 0;
            for (Map.Entry<Integer, Integer> e : covered.get(r).entrySet()) {
                if (e.getKey() > at) {
                    gaps.add(new int[] {at, e.getKey()});
                }
                at = e.getValue();
            }
            if (at < width) {
                gaps.add(new int[] {at, width});
            }
            return gaps;
        }
    }

    private void add(int index, Piece piece, byte[] rows) {
        int bandTop = index * bandRows;
        int bandHeight = Math.min(bandRows, spec.height() - bandTop);
        boolean toMemory;
        state.lock();
        try {
            requireOpen();
            if (index < nextBand) {
                throw alreadyWritten(piece);
            }
            Band band = bands[index] == null ? (bands[index] = new Band(bandHeight)) : bands[index];
            for (int r = piece.y() - bandTop; r < piece.y() - bandTop + piece.height(); r++) {
                if (band.overlaps(r, piece.x(), piece.x() + piece.width())) {
                    throw alreadyWritten(piece);
                }
            }
            for (int r = piece.y() - bandTop; r < piece.y() - bandTop + piece.height(); r++) {
                band.cover(r, piece.x(), piece.x() + piece.width());
            }
            toMemory = heldBytes + rows.length <= bufferBytes || index == nextBand;
            if (toMemory) {
                heldBytes += rows.length;
                band.pieces.add(new Stored(piece, rows, -1, rows.length));
                return;
            }
            band.arriving++;
        } finally {
            state.unlock();
        }
        // Over the budget: to the spill file, written outside the lock, then registered.
        long offset = spillEnd.getAndAdd(rows.length);
        try {
            ByteBuffer out = ByteBuffer.wrap(rows);
            while (out.hasRemaining()) {
                spillChannel().write(out, offset + out.position());
            }
        } catch (IOException e) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT, writer.path()
                    + ": cannot hold pixels in the spill file " + spillPath + ": " + e.getMessage(), e);
        }
        state.lock();
        try {
            bands[index].pieces.add(new Stored(piece, null, offset, rows.length));
            bands[index].arriving--;
        } finally {
            state.unlock();
        }
    }

    /// Writes every whole band from the next one on; one thread at a time does, the others
    /// return at once (the drainer looks again before it lets go).
    private void drainWholeBands() {
        while (nextBandIsWhole() && drain.tryLock()) {
            try {
                while (true) {
                    Band band;
                    int index;
                    state.lock();
                    try {
                        if (closed || nextBand >= bandCount || !isWhole(nextBand)) {
                            break;
                        }
                        index = nextBand;
                        band = bands[index];
                    } finally {
                        state.unlock();
                    }
                    writeBand(index, band);
                    state.lock();
                    try {
                        for (Stored s : band.pieces) {
                            if (s.inMemory() != null) {
                                heldBytes -= s.length();
                            }
                        }
                        bands[index] = null;
                        nextBand = index + 1;
                    } finally {
                        state.unlock();
                    }
                }
            } finally {
                drain.unlock();
            }
        }
    }

    private boolean nextBandIsWhole() {
        state.lock();
        try {
            return !closed && nextBand < bandCount && isWhole(nextBand);
        } finally {
            state.unlock();
        }
    }

    private boolean isWhole(int index) {
        Band band = bands[index];
        int rows = Math.min(bandRows, spec.height() - index * bandRows);
        return band != null && band.arriving == 0 && band.coveredPixels == (long) rows * spec.width();
    }

    /// Assembles the band's pieces (complete now: no thread adds to it) and hands it over in order.
    private void writeBand(int index, Band band) {
        int y0 = index * bandRows;
        int rows = Math.min(bandRows, spec.height() - y0);
        long rowBytes = spec.width() * pixelBytes;
        if (bandBuffer == null) {
            // One band's pixels, reused: only the thread holding `drain` fills it, and a whole
            // band's pieces cover every pixel once, so nothing of the last band shows through.
            bandBuffer = ByteBuffer.allocateDirect(Math.toIntExact(rowBytes * bandRows)).order(ByteOrder.nativeOrder());
        }
        ByteBuffer pixels = bandBuffer;
        pixels.clear();
        List<Stored> pieces;
        state.lock();
        try {
            pieces = new ArrayList<>(band.pieces);
        } finally {
            state.unlock();
        }
        for (Stored s : pieces) {
            byte[] data = s.inMemory() != null ? s.inMemory() : readSpilled(s);
            Piece p = s.piece();
            int pieceRowBytes = Math.toIntExact(p.width() * pixelBytes);
            for (int r = 0; r < p.height(); r++) {
                pixels.position(Math.toIntExact((p.y() - y0 + r) * rowBytes + p.x() * pixelBytes));
                pixels.put(data, r * pieceRowBytes, pieceRowBytes);
            }
        }
        pixels.clear().limit(Math.toIntExact(rowBytes * rows));
        int fileY0 = spec.y() + y0;
        if (spec.isTiled()) {
            writer.writeTiles(spec.x(), spec.x() + spec.width(), fileY0, fileY0 + rows, pixels, bufferType);
        } else {
            writer.writeScanlines(fileY0, fileY0 + rows, pixels, bufferType);
        }
    }

    private byte[] readSpilled(Stored s) {
        byte[] data = new byte[s.length()];
        ByteBuffer into = ByteBuffer.wrap(data);
        try {
            while (into.hasRemaining()) {
                if (spillChannel().read(into, s.spillOffset() + into.position()) < 0) {
                    throw new IOException("the spill file ends early");
                }
            }
        } catch (IOException e) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT, writer.path()
                    + ": cannot read back the spill file " + spillPath + ": " + e.getMessage(), e);
        }
        return data;
    }

    private synchronized FileChannel spillChannel() throws IOException {
        if (spill == null) {
            spill = FileChannel.open(spillPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        return spill;
    }

    private synchronized void closeSpill() {
        try {
            if (spill != null) {
                spill.close();
            }
            Files.deleteIfExists(spillPath);
        } catch (IOException e) {
            // a leftover spill file is swept as a stale partial by the next job
        }
        spill = null;
    }

    // ---- checks -----------------------------------------------------------------------------

    private void requireType(PixelType type, String array) {
        if (bufferType != type) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, writer.path() + ": a " + array
                    + " holds " + type.name().toLowerCase(java.util.Locale.ROOT) + " values, the file takes "
                    + bufferType.name().toLowerCase(java.util.Locale.ROOT) + "; pass that, or a ByteBuffer of it");
        }
    }

    private void requireInside(int x, int y, int width, int height) {
        if (width <= 0 || height <= 0 || x < spec.x() || y < spec.y()
                || (long) x + width > (long) spec.x() + spec.width() || (long) y + height > (long) spec.y() + spec.height()) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, writer.path() + ": "
                    + describe(x, y, width, height) + " is not inside the image " + describe(spec.x(), spec.y(),
                    spec.width(), spec.height()));
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(writer.path() + ": the writer is closed");
        }
    }

    private TilewrightException alreadyWritten(Piece p) {
        return new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, writer.path() + ": "
                + describe(p.x() + spec.x(), p.y() + spec.y(), p.width(), p.height())
                + " overlaps pixels already written");
    }

    private static String describe(long x, long y, long width, long height) {
        return "x [" + x + ", " + (x + width) + ") y [" + y + ", " + (y + height) + ")";
    }
}
