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
 * <p>Rectangles are cut into cells and held until their cell is whole. For a tiled TIFF that
 * Tilewright's own encoder writes (zip or no compression, 8 or 16 bits, no pyramid) a cell is
 * one tile, written the moment it is whole — compressed on the thread that completed it and
 * placed anywhere in the file, so aligned tiles are never held at all. For everything else a
 * cell is a band (a row of tiles, or a few MB of rows) and whole bands go to the encoder in
 * order, on whichever thread completed them. Held pixels stay within {@code bufferBytes}:
 * beyond it, pieces go to a temporary spill file beside the output
 * ({@code name.tw-partial-….spill}) and are read back when their cell is written. A pixel
 * may be written once (an overlapping rectangle is refused whole); {@link #finish()} fails
 * naming every rectangle still missing, and then, as on {@link #close()} without finishing,
 * nothing remains under the output's name.
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
    /// The type pieces and cells are held in: the file's, but float for half (Java has no half).
    private final PixelType bufferType;
    private final long pixelBytes;
    /// Whether whole cells (tiles) are written at once, in any order, from the completing thread.
    private final boolean anyOrder;
    private final int cellWidth;
    private final int cellHeight;
    private final int across;
    private final int cellCount;
    private final Cell[] cells;
    /// Cells written; in order mode exactly those before `nextCell`.
    private final java.util.BitSet written;
    private final long bufferBytes;
    private final Path spillPath;
    private final ReentrantLock state = new ReentrantLock();
    private final ReentrantLock drain = new ReentrantLock();
    private final AtomicLong spillEnd = new AtomicLong();
    /// One tile's pixels for each thread that writes tiles (any-order mode).
    private final ThreadLocal<ByteBuffer> tileBuffer;
    /// One band's pixels, filled only by the thread holding `drain` (order mode).
    private ByteBuffer bandBuffer;
    private FileChannel spill;
    private long heldBytes;
    private int nextCell;
    private boolean closed;

    private RegionWriter(ImageWriter writer, long bufferBytes) {
        this.writer = writer;
        this.spec = writer.spec();
        this.bufferType = ImageGenerator.rowType(spec);
        this.pixelBytes = (long) spec.channels() * bufferType.bytes();
        this.anyOrder = writer.acceptsTilesFromAnyThread();
        this.cellWidth = anyOrder ? spec.tileWidth() : spec.width();
        this.cellHeight = spec.isTiled() ? spec.tileHeight()
                : (int) Math.max(1, Math.min(spec.height(), SCANLINE_BAND_BYTES / spec.rowBytes()));
        this.across = (spec.width() + cellWidth - 1) / cellWidth;
        this.cellCount = Math.multiplyExact(across, (spec.height() + cellHeight - 1) / cellHeight);
        this.cells = new Cell[cellCount];
        this.written = new java.util.BitSet(cellCount);
        this.bufferBytes = bufferBytes;
        this.spillPath = writer.temporaryPath().resolveSibling(writer.temporaryPath().getFileName() + ".spill");
        this.tileBuffer = ThreadLocal.withInitial(this::newCellBuffer);
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

    /**
     * Whether whole tiles are written as soon as they are complete, in any order, compressed on
     * the thread that completed them (a tiled TIFF on Tilewright's own encoder), rather than
     * in order, band by band.
     */
    public boolean writesTilesInAnyOrder() {
        return anyOrder;
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
        int left = x - spec.x();
        int top = y - spec.y();
        requireUnwritten(left, top, width, height);
        ByteBuffer source = data.duplicate();
        forEachPiece(left, top, width, height, (index, piece) -> {
            long pieceRowBytes = piece.width() * pixelBytes;
            byte[] rows = new byte[Math.toIntExact(pieceRowBytes * piece.height())];
            for (int r = 0; r < piece.height(); r++) {
                source.position(Math.toIntExact(data.position() + rowBytes * (piece.y() + r - top)
                        + (piece.x() - left) * pixelBytes));
                source.get(rows, Math.toIntExact(pieceRowBytes * r), Math.toIntExact(pieceRowBytes));
            }
            add(index, piece, rows);
            if (anyOrder) {
                writeIfWhole(index);
            }
        });
        if (!anyOrder) {
            drainWholeCells();
        }
    }

    /**
     * The rectangles not written yet, counted from the data window's top-left pixel (add
     * {@code spec().x()}, {@code y()} for file coordinates), within one cell (band or tile)
     * each, identical gaps of consecutive rows merged.
     */
    public List<Region> missing() {
        state.lock();
        try {
            List<Region> gaps = new ArrayList<>();
            for (int i = written.nextClearBit(0); i < cellCount; i = written.nextClearBit(i + 1)) {
                int x0 = i % across * cellWidth;
                int y0 = i / across * cellHeight;
                int x1 = Math.min(spec.width(), x0 + cellWidth);
                int rows = Math.min(cellHeight, spec.height() - y0);
                Cell cell = cells[i];
                // Identical gaps on consecutive rows become one rectangle.
                List<int[]> open = new ArrayList<>();
                for (int r = 0; r <= rows; r++) {
                    List<int[]> gapsOfRow = r == rows ? List.of() : cell == null
                            ? List.of(new int[] {x0, x1}) : cell.gaps(r, x0, x1);
                    List<int[]> stillOpen = new ArrayList<>();
                    for (int[] g : open) {
                        if (gapsOfRow.stream().anyMatch(n -> n[0] == g[0] && n[1] == g[1])) {
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
            drainWholeCells();
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

    // ---- cells ------------------------------------------------------------------------------

    /** A rectangle of one cell, counted from the data window's top-left pixel. */
    private record Piece(int x, int y, int width, int height) {}

    /** Where a piece's bytes are: in memory, or at an offset of the spill file. */
    private record Stored(Piece piece, byte[] inMemory, long spillOffset, int length) {}

    /** The pieces a cell holds and which pixels of each of its rows they cover. */
    private static final class Cell {
        final List<Stored> pieces = new ArrayList<>();
        /// Per row: covered intervals, start → end, disjoint.
        final List<TreeMap<Integer, Integer>> covered = new ArrayList<>();
        long coveredPixels;
        /// Pieces whose pixels are counted as covered but whose bytes are still on their way
        /// to the spill file: the cell is not whole until they are registered.
        int arriving;
        /// Claimed by the thread writing it (any-order mode): nobody else writes it.
        boolean claimed;

        Cell(int rows) {
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
            Integer right = row.remove(x1);
            if (right != null) {
                end = right;
            }
            row.put(start, end);
            coveredPixels += x1 - x0;
        }

        /// The uncovered intervals of row r within [x0, x1).
        List<int[]> gaps(int r, int x0, int x1) {
            List<int[]> gaps = new ArrayList<>();
            int at = x0;
            for (Map.Entry<Integer, Integer> e : covered.get(r).entrySet()) {
                if (e.getKey() > at) {
                    gaps.add(new int[] {at, e.getKey()});
                }
                at = e.getValue();
            }
            if (at < x1) {
                gaps.add(new int[] {at, x1});
            }
            return gaps;
        }
    }

    private ByteBuffer newCellBuffer() {
        return ByteBuffer.allocateDirect(Math.toIntExact(cellWidth * pixelBytes * cellHeight)).order(ByteOrder.nativeOrder());
    }

    private int cellX(int index) {
        return index % across * cellWidth;
    }

    private int cellY(int index) {
        return index / across * cellHeight;
    }

    private int cellPixelsWide(int index) {
        return Math.min(cellWidth, spec.width() - cellX(index));
    }

    private int cellRows(int index) {
        return Math.min(cellHeight, spec.height() - cellY(index));
    }

    private void add(int index, Piece piece, byte[] rows) {
        int cellTop = cellY(index);
        state.lock();
        try {
            requireOpen();
            if (written.get(index)) {
                throw alreadyWritten(piece);
            }
            if (overlaps(cells[index], index, piece)) {
                throw alreadyWritten(piece);  // another thread took it since requireUnwritten looked
            }
            Cell cell = cells[index] == null ? (cells[index] = new Cell(cellRows(index))) : cells[index];
            for (int r = piece.y() - cellTop; r < piece.y() - cellTop + piece.height(); r++) {
                cell.cover(r, piece.x(), piece.x() + piece.width());
            }
            // Held in memory within the budget; so is anything the next write needs at once.
            boolean wholeNow = cell.coveredPixels == (long) cellPixelsWide(index) * cellRows(index);
            if (heldBytes + rows.length <= bufferBytes || (anyOrder ? wholeNow : index == nextCell)) {
                heldBytes += rows.length;
                cell.pieces.add(new Stored(piece, rows, -1, rows.length));
                return;
            }
            cell.arriving++;
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
            cells[index].pieces.add(new Stored(piece, null, offset, rows.length));
            cells[index].arriving--;
        } finally {
            state.unlock();
        }
    }

    /** What is done with one cell's piece of a rectangle. */
    private interface PieceVisitor {
        void visit(int cellIndex, Piece piece);
    }

    /// Cuts the rectangle (counted from the data window's corner) into its cells' pieces.
    private void forEachPiece(int left, int top, int width, int height, PieceVisitor visitor) {
        for (int row = top / cellHeight; row <= (top + height - 1) / cellHeight; row++) {
            int y0 = Math.max(top, row * cellHeight);
            int y1 = Math.min(top + height, (row + 1) * cellHeight);
            for (int column = left / cellWidth; column <= (left + width - 1) / cellWidth; column++) {
                int x0 = Math.max(left, column * cellWidth);
                int x1 = Math.min(left + width, (column + 1) * cellWidth);
                visitor.visit(row * across + column, new Piece(x0, y0, x1 - x0, y1 - y0));
            }
        }
    }

    /// Refuses the whole rectangle before any of it is taken if it overlaps what was written.
    private void requireUnwritten(int left, int top, int width, int height) {
        state.lock();
        try {
            forEachPiece(left, top, width, height, (index, piece) -> {
                if (written.get(index) || overlaps(cells[index], index, piece)) {
                    throw alreadyWritten(piece);
                }
            });
        } finally {
            state.unlock();
        }
    }

    /// Whether any row of `piece` touches what `cell` (null: nothing yet) already covers.
    private boolean overlaps(Cell cell, int index, Piece piece) {
        for (int r = piece.y() - cellY(index); cell != null && r < piece.y() - cellY(index) + piece.height(); r++) {
            if (cell.overlaps(r, piece.x(), piece.x() + piece.width())) {
                return true;
            }
        }
        return false;
    }

    private boolean isWhole(int index) {
        Cell cell = cells[index];
        return cell != null && cell.arriving == 0
                && cell.coveredPixels == (long) cellPixelsWide(index) * cellRows(index);
    }

    /// Any-order mode: writes the cell now if it is whole and nobody else has claimed it.
    private void writeIfWhole(int index) {
        Cell cell;
        state.lock();
        try {
            if (closed || written.get(index) || !isWhole(index) || cells[index].claimed) {
                return;
            }
            cell = cells[index];
            cell.claimed = true;
        } finally {
            state.unlock();
        }
        writeCell(index, cell);
        release(index, cell);
    }

    /// Order mode: writes every whole cell from the next one on; one thread at a time does,
    /// the others return at once (the drainer looks again before it lets go).
    private void drainWholeCells() {
        while (nextCellIsWhole() && drain.tryLock()) {
            try {
                while (true) {
                    Cell cell;
                    int index;
                    state.lock();
                    try {
                        if (closed || nextCell >= cellCount || !isWhole(nextCell)) {
                            break;
                        }
                        index = nextCell;
                        cell = cells[index];
                    } finally {
                        state.unlock();
                    }
                    writeCell(index, cell);
                    release(index, cell);
                }
            } finally {
                drain.unlock();
            }
        }
    }

    private boolean nextCellIsWhole() {
        state.lock();
        try {
            return !anyOrder && !closed && nextCell < cellCount && isWhole(nextCell);
        } finally {
            state.unlock();
        }
    }

    /// Marks the cell written and lets go of its pieces.
    private void release(int index, Cell cell) {
        state.lock();
        try {
            for (Stored s : cell.pieces) {
                if (s.inMemory() != null) {
                    heldBytes -= s.length();
                }
            }
            cells[index] = null;
            written.set(index);
            if (index == nextCell) {
                nextCell = written.nextClearBit(index);
            }
        } finally {
            state.unlock();
        }
    }

    /// Assembles the cell's pieces (it is whole: nobody adds to it) and hands it to the writer.
    private void writeCell(int index, Cell cell) {
        int x0 = cellX(index);
        int y0 = cellY(index);
        int wide = cellPixelsWide(index);
        int rows = cellRows(index);
        long rowBytes = wide * pixelBytes;
        List<Stored> pieces;
        state.lock();
        try {
            pieces = new ArrayList<>(cell.pieces);
        } finally {
            state.unlock();
        }
        // Reused: a whole cell's pieces cover every pixel once, so nothing of the last cell
        // shows through.
        ByteBuffer pixels;
        if (anyOrder) {
            pixels = tileBuffer.get();
        } else {
            if (bandBuffer == null) {
                bandBuffer = newCellBuffer();
            }
            pixels = bandBuffer;
        }
        pixels.clear();
        for (Stored s : pieces) {
            byte[] data = s.inMemory() != null ? s.inMemory() : readSpilled(s);
            Piece p = s.piece();
            int pieceRowBytes = Math.toIntExact(p.width() * pixelBytes);
            for (int r = 0; r < p.height(); r++) {
                pixels.position(Math.toIntExact((p.y() - y0 + r) * rowBytes + (p.x() - x0) * pixelBytes));
                pixels.put(data, r * pieceRowBytes, pieceRowBytes);
            }
        }
        pixels.clear().limit(Math.toIntExact(rowBytes * rows));
        int fileX0 = spec.x() + x0;
        int fileY0 = spec.y() + y0;
        if (anyOrder) {
            writer.writeTilesFromAnyThread(fileX0, fileX0 + wide, fileY0, fileY0 + rows, pixels, bufferType);
        } else if (spec.isTiled()) {
            writer.writeTiles(fileX0, fileX0 + wide, fileY0, fileY0 + rows, pixels, bufferType);
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
