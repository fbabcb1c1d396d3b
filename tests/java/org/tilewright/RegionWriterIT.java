package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rectangles from many threads in any order: the file is the one an ordered write makes, byte
 * for byte (both feed the encoder the same bands), memory stays within the buffer, and a
 * missing rectangle is named, never filled in silently.
 */
class RegionWriterIT {
    @TempDir
    Path dir;

    private static final int CHANNELS = 3;

    /// The pattern every test writes: varied enough that a misplaced piece shows.
    private static byte value(int x, int y, int c) {
        return (byte) ((x * 7 + y * 13 + c * 85) ^ (x >> 5) ^ (y >> 3));
    }

    private static byte[] pixels(int x0, int y0, int w, int h) {
        byte[] data = new byte[w * h * CHANNELS];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < CHANNELS; c++) {
                    data[(y * w + x) * CHANNELS + c] = value(x0 + x, y0 + y, c);
                }
            }
        }
        return data;
    }

    private Path ordered(String name, ImageSpec spec, WriteOptions options) {
        Path file = dir.resolve(name);
        try (ImageWriter w = ImageWriter.open(file, spec, options)) {
            w.writeScanlines(0, spec.height(), pixels(0, 0, spec.width(), spec.height()));
            w.finish();
        }
        return file;
    }

    /// Writes `rectangles` (x, y, w, h) shuffled, from `threads` threads, holding `buffer` bytes.
    private Path shuffled(String name, ImageSpec spec, WriteOptions options, List<int[]> rectangles, int threads,
            long buffer) throws Exception {
        Path file = dir.resolve(name);
        List<int[]> order = new ArrayList<>(rectangles);
        Collections.shuffle(order, new Random(7));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (RegionWriter w = RegionWriter.open(file, spec, options, buffer)) {
            List<Future<?>> done = new ArrayList<>();
            for (int[] r : order) {
                done.add(pool.submit(() -> w.writeRegion(r[0], r[1], r[2], r[3], pixels(r[0], r[1], r[2], r[3]))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            w.finish();
        } finally {
            pool.shutdown();
        }
        return file;
    }

    /**
     * A second reader, Python's, finds the pattern in `file`: tifffile for TIFF, the pure-Python
     * png module for PNG (neither shares code with Tilewright).
     */
    private static void assertPythonReadsThePattern(Path file) throws Exception {
        String script = String.join("\n",
                "import sys, numpy as np",
                "path = sys.argv[1]",
                "if path.endswith('.png'):",
                "    import png",
                "    w, h, rows, info = png.Reader(filename=path).asDirect()",
                "    a = np.array([list(r) for r in rows], dtype=np.int64).reshape(h, w, info['planes'])",
                "else:",
                "    import tifffile",
                "    a = tifffile.imread(path).astype(np.int64)",
                "y, x = np.mgrid[0:a.shape[0], 0:a.shape[1]]",
                "want = np.stack([((x * 7 + y * 13 + c * 85) ^ (x >> 5) ^ (y >> 3)) & 0xFF for c in range(3)], axis=-1)",
                "bad = np.argwhere(a != want)",
                "sys.exit(0 if len(bad) == 0 else 'differs at (y, x, c) %s' % (bad[0],))");
        Processes.Output o = Processes.run(new ProcessBuilder("/usr/bin/python3", "-c", script, file.toString()), "");
        assertEquals(0, o.exit(), file.getFileName() + " as Python reads it: " + o.out() + o.err());
    }

    private static List<int[]> tiles(int width, int height, int tile) {
        List<int[]> tiles = new ArrayList<>();
        for (int y = 0; y < height; y += tile) {
            for (int x = 0; x < width; x += tile) {
                tiles.add(new int[] {x, y, Math.min(tile, width - x), Math.min(tile, height - y)});
            }
        }
        return tiles;
    }

    private static void assertSameBytes(Path expected, Path actual) throws Exception {
        assertEquals(-1, Files.mismatch(expected, actual), actual.getFileName() + " differs from " + expected.getFileName());
    }

    private List<String> listing() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Both images hold the same pixels, compared a band of rows at a time. */
    private static void assertSamePixels(Path expected, Path actual) {
        try (ImageReader a = ImageReader.open(expected); ImageReader b = ImageReader.open(actual)) {
            ImageSpec spec = a.spec();
            assertEquals(spec.width(), b.spec().width());
            assertEquals(spec.height(), b.spec().height());
            int band = 512;
            byte[] x = new byte[Math.toIntExact(spec.rowBytes() * band)];
            byte[] y = new byte[x.length];
            for (int row = 0; row < spec.height(); row += band) {
                int end = Math.min(spec.height(), row + band);
                a.readScanlines(row, end, x);
                b.readScanlines(row, end, y);
                assertEquals(-1, java.util.Arrays.mismatch(x, 0, Math.toIntExact(spec.rowBytes() * (end - row)), y, 0,
                        Math.toIntExact(spec.rowBytes() * (end - row))), "rows [" + row + ", " + end + ")");
            }
        }
    }

    /**
     * 8 threads write the 256² tiles of a 20000² TIFF in a shuffled order, in a JVM of their
     * own measured by GNU time: each tile is compressed on its producer's thread and placed
     * as it comes, so nothing waits in the 64 MB buffer; the pixels equal an ordered write's
     * and the peak stays far below the 1.2 GB of pixels.
     */
    @Test
    void shuffledTilesOfAHugeImageFromEightThreads() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        String probe = Path.of("tests/probes/ShuffledTiles.java").toAbsolutePath().toString();
        long[] peakKb = new long[2];
        String[] modes = {"shuffled", "ordered"};
        for (int i = 0; i < 2; i++) {
            Path time = dir.resolve(modes[i] + ".time");
            ProcessBuilder b = new ProcessBuilder("/usr/bin/time", "-f", "%M", "-o", time.toString(), java, "-Xmx256m",
                    "-cp", jar, probe, dir.resolve(modes[i] + ".tif").toString(), "20000", "256", "8", "64", modes[i]);
            b.environment().remove("LD_PRELOAD");  // measured as users run it
            Processes.Output o = Processes.run(b, "");
            assertEquals(0, o.exit(), modes[i] + ": " + o.err());
            peakKb[i] = Long.parseLong(Files.readString(time).strip());
        }
        assertSamePixels(dir.resolve("ordered.tif"), dir.resolve("shuffled.tif"));
        byte[] corner = new byte[3];
        try (ImageReader r = ImageReader.open(dir.resolve("shuffled.tif"))) {
            r.readRegion(19_999, 19_999, 1, 1, corner);
        }
        assertEquals(value(19_999, 19_999, 2), corner[2]);
        System.out.printf("RegionWriterIT: 20000² shuffled from 8 threads, 64 MB buffer: peak %d MB; ordered: %d MB%n",
                peakKb[0] / 1024, peakKb[1] / 1024);
        assertTrue(peakKb[0] < 700_000, "peak RSS " + peakKb[0] / 1024 + " MB with a 64 MB buffer (ordered: "
                + peakKb[1] / 1024 + " MB); the pixels are 1144 MB");
        assertEquals(List.of("ordered.tif", "ordered.time", "shuffled.tif", "shuffled.time"), listing(),
                "the spill file is gone");
    }

    /** Rectangles on no grid at all, into a scanline PNG (which needs order), spilling. */
    @Test
    void unalignedRectanglesIntoAFormatThatNeedsOrder() throws Exception {
        int width = 1531;
        int height = 977;
        Random random = new Random(3);
        TreeSet<Integer> xs = new TreeSet<>(List.of(0, width));
        TreeSet<Integer> ys = new TreeSet<>(List.of(0, height));
        while (xs.size() < 14) {
            xs.add(1 + random.nextInt(width - 1));
        }
        while (ys.size() < 11) {
            ys.add(1 + random.nextInt(height - 1));
        }
        List<int[]> cells = new ArrayList<>();
        Integer[] x = xs.toArray(Integer[]::new);
        Integer[] y = ys.toArray(Integer[]::new);
        for (int j = 0; j + 1 < y.length; j++) {
            for (int i = 0; i + 1 < x.length; i++) {
                cells.add(new int[] {x[i], y[j], x[i + 1] - x[i], y[j + 1] - y[j]});
            }
        }
        ImageSpec spec = ImageSpec.builder(width, height, CHANNELS, PixelType.UINT8).build();
        Path expected = ordered("ordered.png", spec, WriteOptions.defaults());
        Path actual = shuffled("shuffled.png", spec, WriteOptions.defaults(), cells, 4, 256 << 10);
        assertSameBytes(expected, actual);
        assertPythonReadsThePattern(actual);
    }

    /**
     * Rectangles on no grid, into a tiled TIFF whose tiles land in any order: a tile is
     * written when its last piece arrives; the pixels equal an ordered write's.
     */
    @Test
    void unalignedRectanglesIntoTilesInAnyOrder() throws Exception {
        int width = 1531;
        int height = 977;
        List<int[]> cells = new ArrayList<>();
        int[] xs = {0, 100, 333, 334, 700, 1000, 1531};
        int[] ys = {0, 77, 300, 512, 977};
        for (int j = 0; j + 1 < ys.length; j++) {
            for (int i = 0; i + 1 < xs.length; i++) {
                cells.add(new int[] {xs[i], ys[j], xs[i + 1] - xs[i], ys[j + 1] - ys[j]});
            }
        }
        ImageSpec spec = ImageSpec.builder(width, height, CHANNELS, PixelType.UINT8).tileSize(128, 128).build();
        Path expected = ordered("ordered.tif", spec, WriteOptions.defaults());
        Path actual = dir.resolve("shuffled.tif");
        try (RegionWriter probe = RegionWriter.open(dir.resolve("probe.tif"), spec, WriteOptions.defaults(), 0)) {
            assertTrue(probe.writesTilesInAnyOrder());
        }
        shuffled("shuffled.tif", spec, WriteOptions.defaults(), cells, 4, 64 << 10);
        assertSamePixels(expected, actual);
        assertPythonReadsThePattern(actual);
        assertEquals(List.of("ordered.tif", "shuffled.tif"), listing(), "no spill file is left");
    }

    /** A pyramid TIFF and Deep Zoom, from shuffled tiles: identical to ordered writes. */
    @Test
    void pyramidsAndDeepZoomFromShuffledTiles() throws Exception {
        ImageSpec spec = ImageSpec.builder(2100, 1300, CHANNELS, PixelType.UINT8).tileSize(256, 256).build();
        WriteOptions pyramid = WriteOptions.defaults().withPyramid(Pyramid.automatic());
        try (RegionWriter probe = RegionWriter.open(dir.resolve("probe.tif"), spec, pyramid, 0)) {
            assertTrue(!probe.writesTilesInAnyOrder(), "levels are made from rows in order");
        }
        assertSameBytes(ordered("ordered.tif", spec, pyramid),
                shuffled("shuffled.tif", spec, pyramid, tiles(2100, 1300, 256), 8, 1 << 20));
        try (ImageReader level = ImageReader.open(dir.resolve("shuffled.tif"), 0, 2)) {
            assertEquals(525, level.spec().width());
        }
        ImageSpec flat = ImageSpec.builder(2100, 1300, CHANNELS, PixelType.UINT8).build();
        WriteOptions deepZoom = WriteOptions.defaults().withDeepZoom(DeepZoom.defaults());
        ordered("ordered.dzi", flat, deepZoom);
        shuffled("shuffled.dzi", flat, deepZoom, tiles(2100, 1300, 300), 8, 1 << 20);
        for (String tile : List.of("12/0_0.jpeg", "12/8_5.jpeg", "9/1_0.jpeg", "0/0_0.jpeg")) {
            assertSameBytes(dir.resolve("ordered_files/" + tile), dir.resolve("shuffled_files/" + tile));
        }
    }

    /** What was never written is named, exactly; nothing appears under the name, no spill is left. */
    @Test
    void missingTilesAreNamedAndNothingIsLeft() throws Exception {
        ImageSpec spec = ImageSpec.builder(1000, 700, CHANNELS, PixelType.UINT8).tileSize(256, 256).build();
        Path file = dir.resolve("holes.tif");
        List<int[]> all = tiles(1000, 700, 256);
        try (RegionWriter w = RegionWriter.open(file, spec, WriteOptions.defaults(), 0)) {
            for (int[] t : all) {
                boolean hole = t[0] == 256 && t[1] == 0 || t[0] == 768 && t[1] == 512 || t[0] == 0 && t[1] == 512;
                if (!hole) {
                    w.writeRegion(t[0], t[1], t[2], t[3], pixels(t[0], t[1], t[2], t[3]));
                }
            }
            assertEquals(List.of(new Region(256, 0, 256, 256), new Region(0, 512, 256, 188),
                    new Region(768, 512, 232, 188)), w.missing());
            TilewrightException e = assertThrows(TilewrightException.class, w::finish);
            assertEquals(TilewrightException.Kind.BAD_ARGUMENT, e.kind());
            assertTrue(e.getMessage().contains("holes.tif: 3 region(s) were never written: x [256, 512) y [0, 256),"
                    + " x [0, 256) y [512, 700), x [768, 1000) y [512, 700)"), e.getMessage());
        }
        assertEquals(List.of(), listing());
    }

    /** A pixel is written once: an overlapping rectangle is refused, naming it. */
    @Test
    void overlapsAreRefused() throws Exception {
        ImageSpec spec = ImageSpec.builder(100, 80, CHANNELS, PixelType.UINT8).build();
        try (RegionWriter w = RegionWriter.open(dir.resolve("o.png"), spec, WriteOptions.defaults(), 1 << 20)) {
            w.writeRegion(10, 10, 30, 20, pixels(10, 10, 30, 20));
            TilewrightException e = assertThrows(TilewrightException.class,
                    () -> w.writeRegion(39, 29, 5, 5, pixels(39, 29, 5, 5)));
            assertTrue(e.getMessage().contains("x [39, 44) y [29, 34) overlaps pixels already written"), e.getMessage());
            w.writeRegion(40, 10, 5, 5, pixels(40, 10, 5, 5));  // touching is fine
        }
        // A refused rectangle across tiles takes none of them: the second tile is still free.
        ImageSpec tiled = ImageSpec.builder(128, 64, CHANNELS, PixelType.UINT8).tileSize(64, 64).build();
        try (RegionWriter w = RegionWriter.open(dir.resolve("t.tif"), tiled, WriteOptions.defaults(), 1 << 20)) {
            w.writeRegion(0, 0, 64, 64, pixels(0, 0, 64, 64));
            assertThrows(TilewrightException.class, () -> w.writeRegion(32, 0, 96, 64, pixels(32, 0, 96, 64)));
            w.writeRegion(64, 0, 64, 64, pixels(64, 0, 64, 64));
            w.finish();
        }
        try (ImageReader r = ImageReader.open(dir.resolve("t.tif"))) {
            byte[] px = new byte[3];
            r.readRegion(100, 50, 1, 1, px);
            assertEquals(value(100, 50, 0), px[0]);
        }
    }

    /** Float tiles of a half OpenEXR with a negative data window, shuffled: equal to the ordered file. */
    @Test
    void halfExrWithANegativeOrigin() throws Exception {
        ImageSpec spec = ImageSpec.builder(300, 200, 1, PixelType.HALF).origin(-50, -20).tileSize(64, 64).build();
        float[] all = new float[300 * 200];
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) Math.sin(i * 0.001) * 100;
        }
        Path expected = dir.resolve("ordered.exr");
        try (ImageWriter w = ImageWriter.open(expected, spec)) {
            w.writeScanlines(-20, 180, all);
            w.finish();
        }
        Path actual = dir.resolve("shuffled.exr");
        List<int[]> tiles = tiles(300, 200, 64);
        Collections.shuffle(tiles, new Random(5));
        try (RegionWriter w = RegionWriter.open(actual, spec, WriteOptions.defaults(), 0)) {
            tiles.parallelStream().forEach(t -> {
                float[] part = new float[t[2] * t[3]];
                for (int r = 0; r < t[3]; r++) {
                    System.arraycopy(all, (t[1] + r) * 300 + t[0], part, r * t[2], t[2]);
                }
                w.writeRegion(t[0] - 50, t[1] - 20, t[2], t[3], part);
            });
            w.finish();
        }
        assertSameBytes(expected, actual);
    }
}
