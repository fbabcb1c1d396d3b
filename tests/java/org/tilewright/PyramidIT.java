package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pyramidal TIFF and MIP-mapped OpenEXR: every level read back through OIIO and compared with
 * a reduction computed here, independently of the native code, from the level above as
 * stored (exact for integer types, half's precision for half).
 */
class PyramidIT {
    @TempDir
    Path dir;

    /** A level as read back: size, origin and all channels as doubles. */
    record Level(int x, int y, int width, int height, int channels, double[] values) {
        double at(int px, int py, int c) {
            return values[(py * width + px) * channels + c];
        }
    }

    static Level readLevel(Path file, int mipLevel, PixelType type) {
        try (ImageReader r = ImageReader.open(file, 0, mipLevel)) {
            ImageSpec s = r.spec();
            Object array = TestPattern.newArray(type, s.width() * s.height() * s.channels());
            TestPattern.readRegion(r, s.x(), s.y(), s.width(), s.height(), array);
            double[] values = new double[s.width() * s.height() * s.channels()];
            for (int i = 0; i < values.length; i++) {
                values[i] = TestPattern.get(array, i);
            }
            return new Level(s.x(), s.y(), s.width(), s.height(), s.channels(), values);
        }
    }

    /**
     * The reference reduction: sizes rounded up; a pixel is the mean of the 2x2 block (2x1,
     * 1x2 or 1x1 at odd edges), rounded half up for integer types, or the block's top-left.
     */
    static double[] reduce(Level src, boolean integer, PyramidFilter filter) {
        int w = (src.width() + 1) / 2;
        int h = (src.height() + 1) / 2;
        int ch = src.channels();
        double[] out = new double[w * h * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < ch; c++) {
                    double v;
                    if (filter == PyramidFilter.NEAREST) {
                        v = src.at(2 * x, 2 * y, c);
                    } else {
                        double sum = 0;
                        int n = 0;
                        for (int dy = 0; dy < 2 && 2 * y + dy < src.height(); dy++) {
                            for (int dx = 0; dx < 2 && 2 * x + dx < src.width(); dx++) {
                                sum += src.at(2 * x + dx, 2 * y + dy, c);
                                n++;
                            }
                        }
                        v = integer ? Math.floor(sum / n + 0.5) : sum / n;
                    }
                    out[(y * w + x) * ch + c] = v;
                }
            }
        }
        return out;
    }

    /**
     * Checks the file's levels: their sizes, and each one against the reduction of the one
     * above within {@code tolerance} (relative for floats). Returns the levels' sizes.
     */
    static List<String> assertLevelsReduce(Path file, PixelType type, PyramidFilter filter, double tolerance) {
        int count;
        try (ImageReader r = ImageReader.open(file)) {
            count = r.mipLevelCount();
        }
        boolean integer = type == PixelType.UINT8 || type == PixelType.UINT16 || type == PixelType.UINT32;
        List<String> sizes = new ArrayList<>();
        Level above = readLevel(file, 0, type);
        sizes.add(above.width() + "x" + above.height());
        for (int k = 1; k < count; k++) {
            Level level = readLevel(file, k, type);
            sizes.add(level.width() + "x" + level.height());
            assertEquals((above.width() + 1) / 2, level.width(), "level " + k + " width");
            assertEquals((above.height() + 1) / 2, level.height(), "level " + k + " height");
            double[] expected = reduce(above, integer, filter);
            for (int i = 0; i < expected.length; i++) {
                double allowed = tolerance * Math.max(1, Math.abs(expected[i]));
                if (Math.abs(level.values()[i] - expected[i]) > allowed) {
                    int pixel = i / level.channels();
                    fail(file.getFileName() + " level " + k + ": pixel " + pixel % level.width() + ","
                            + pixel / level.width() + " channel " + i % level.channels() + " is "
                            + level.values()[i] + ", expected " + expected[i]);
                }
            }
            above = level;
        }
        return sizes;
    }

    /** Writes the exact pattern through ImageWriter in bands of {@code band} rows. */
    static void writeRows(Path file, ImageSpec spec, int band) {
        writeRows(file, spec, WriteOptions.defaults().withPyramid(Pyramid.automatic()), band);
    }

    static void writeRows(Path file, ImageSpec spec, WriteOptions options, int band) {
        try (ImageWriter w = ImageWriter.open(file, spec, options)) {
            for (int y = spec.y(); y < spec.y() + spec.height(); y += band) {
                int rows = Math.min(band, spec.y() + spec.height() - y);
                TestPattern.writeScanlines(w, y, y + rows, TestPattern.region(spec.pixelType(), spec.channels(),
                        spec.x(), y, spec.width(), rows, (x, yy, c) -> TestPattern.exact(spec.pixelType(), x, yy, c)));
            }
            w.finish();
        }
    }

    @Test
    void eightBitRgbTiffHasEveryLevelDownToOneTileAsExactBoxReductions() {
        Path file = dir.resolve("p.tif");
        ImageSpec spec = ImageSpec.builder(1001, 603, 3, PixelType.UINT8).tileSize(64, 64).compression("zip").build();
        writeRows(file, spec, 50);  // bands that do not divide the tile height
        try (ImageReader r = ImageReader.open(file)) {
            TestPattern.assertRegion(r, PixelType.UINT8, 0, 0, 1001, 603,
                    (x, y, c) -> TestPattern.exact(PixelType.UINT8, x, y, c), 0);
        }
        assertEquals(List.of("1001x603", "501x302", "251x151", "126x76", "63x38"),
                assertLevelsReduce(file, PixelType.UINT8, PyramidFilter.BOX, 0));
        TestPattern.assertFolderHolds(dir, "p.tif");  // no temporary level files left
    }

    @Test
    void tifffileReadsThePyramidAsOneSeriesWithItsLevels() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python)
                && new ProcessBuilder(python.toString(), "-c", "import tifffile").start().waitFor() == 0,
                "Python's tifffile is not installed; scripts/test.sh installs it (python3-tifffile)");
        Path file = dir.resolve("t.tif");
        ImageSpec spec = ImageSpec.builder(700, 500, 3, PixelType.UINT8).tileSize(64, 64).compression("zip").build();
        writeRows(file, spec, 100);
        Process p = new ProcessBuilder(python.toString(), "-c", String.join("\n",
                "import sys, tifffile",
                "s = tifffile.TiffFile(sys.argv[1]).series[0]",
                "print(' '.join('%dx%d' % (l.shape[1], l.shape[0]) for l in s.levels))",
                "print(*s.levels[2].asarray()[40, 70])"), file.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, p.waitFor(), String.join("\n", lines));
        assertEquals("700x500 350x250 175x125 88x63 44x32", lines.get(0));
        Level two = readLevel(file, 2, PixelType.UINT8);
        assertEquals((int) two.at(70, 40, 0) + " " + (int) two.at(70, 40, 1) + " " + (int) two.at(70, 40, 2),
                lines.get(1), "the same pixel through tifffile and through OIIO");
    }

    @Test
    void generatedSixteenBitGrayWithTheNearestFilterAndALevelCount() {
        Path file = dir.resolve("labels.tif");
        ImageSpec spec = ImageSpec.builder(777, 555, 1, PixelType.UINT16).tileSize(32, 32).compression("zip").build();
        new ImageGenerator(spec).writeOptions(WriteOptions.defaults().withThreads(2)
                .withPyramid(Pyramid.levels(3).withFilter(PyramidFilter.NEAREST))).generate(file, (y, row) -> {
            for (int x = 0; x < 777; x++) {
                row.putShort((short) TestPattern.exact(PixelType.UINT16, x, y, 0));
            }
        });
        assertEquals(List.of("777x555", "389x278", "195x139"),
                assertLevelsReduce(file, PixelType.UINT16, PyramidFilter.NEAREST, 0));
        // Nearest keeps source values: level 2's pixel (x, y) is level 0's (4x, 4y).
        Level two = readLevel(file, 2, PixelType.UINT16);
        assertEquals(TestPattern.exact(PixelType.UINT16, 4 * 100, 4 * 50, 0), two.at(100, 50, 0));
    }

    @Test
    void floatTiffGoesThroughOiiosWriterWithTheSameLevels() {
        Path file = dir.resolve("f.tif");
        ImageSpec spec = ImageSpec.builder(300, 211, 3, PixelType.FLOAT).tileSize(64, 64).compression("zip").build();
        writeRows(file, spec, 64);
        assertEquals(List.of("300x211", "150x106", "75x53", "38x27"), assertLevelsReduce(file, PixelType.FLOAT,
                PyramidFilter.BOX, 1e-6));
    }

    @Test
    void halfExrMipMapWithAnOriginGoesDownToOnePixel() {
        Path file = dir.resolve("tex.exr");
        ImageSpec spec = ImageSpec.builder(250, 123, 4, PixelType.HALF).origin(5, 7).tileSize(32, 32)
                .compression("zip").build();
        writeRows(file, spec, 40);
        List<String> sizes = assertLevelsReduce(file, PixelType.HALF, PyramidFilter.BOX, 2e-3);
        assertEquals(List.of("250x123", "125x62", "63x31", "32x16", "16x8", "8x4", "4x2", "2x1", "1x1"), sizes);
        assertEquals(5, readLevel(file, 0, PixelType.HALF).x());
        TilewrightException e = assertThrows(TilewrightException.class, () -> ImageReader.open(file, 0, 9));
        assertTrue(e.getMessage().contains("tex.exr") && e.getMessage().contains("no subimage 0, MIP level 9"),
                e.getMessage());
    }

    @Test
    void levelSizesOfAVeryWideOddImage() {
        Path file = dir.resolve("wide.tif");
        ImageSpec spec = ImageSpec.builder(25001, 3, 1, PixelType.UINT8).tileSize(256, 256).compression("zip").build();
        writeRows(file, spec, 2);
        assertEquals(List.of("25001x3", "12501x2", "6251x1", "3126x1", "1563x1", "782x1", "391x1", "196x1"),
                assertLevelsReduce(file, PixelType.UINT8, PyramidFilter.BOX, 0));
    }

    @Test
    void aStitchWritesItsPyramidInTheSamePass() {
        TestPattern.Field f = (x, y, c) -> TestPattern.exact(PixelType.UINT8, x, y, c);
        List<Path> tiles = new ArrayList<>();
        for (int ty = 0; ty < 2; ty++) {
            for (int tx = 0; tx < 3; tx++) {
                Path tile = dir.resolve("in/t" + ty + tx + ".png");
                tile.getParent().toFile().mkdirs();
                ImageSpec s = ImageSpec.builder(211, 157, 3, PixelType.UINT8).build();
                int ox = tx * 211;
                int oy = ty * 157;
                try (ImageWriter w = ImageWriter.open(tile, s)) {
                    w.writeScanlines(0, 157, (byte[]) TestPattern.region(PixelType.UINT8, 3, 0, 0, 211, 157,
                            (x, y, c) -> f.value(x + ox, y + oy, c)));
                    w.finish();
                }
                tiles.add(tile);
            }
        }
        Path out = dir.resolve("mosaic.tif");
        StitchJob.plan(out, Layout.grid(tiles, Grid.of(3, 2)), StitchOptions.defaults().withTileSize(64)
                .withCompression("zip").withBandHeight(64).withPyramid(Pyramid.automatic())).run();
        try (ImageReader r = ImageReader.open(out)) {
            TestPattern.assertRegion(r, PixelType.UINT8, 0, 0, 633, 314, f, 0);
        }
        assertEquals(List.of("633x314", "317x157", "159x79", "80x40", "40x20"),
                assertLevelsReduce(out, PixelType.UINT8, PyramidFilter.BOX, 0));
        assertEquals(List.of("mosaic.tif"), TestPattern.filesIn(dir).stream().filter(n -> !n.equals("in")).toList());
    }

    @Test
    void requestsAFormatCannotHoldAreRefusedBeforeAnyWork() {
        ImageSpec.Builder rgb = ImageSpec.builder(100, 100, 3, PixelType.UINT8);
        WriteOptions pyramid = WriteOptions.defaults().withPyramid(Pyramid.automatic());
        TilewrightException png = assertThrows(TilewrightException.class,
                () -> ImageWriter.open(dir.resolve("a.png"), rgb.build(), pyramid));
        assertTrue(png.getMessage().contains("a.png") && png.getMessage().contains("png files cannot hold pyramid levels"),
                png.getMessage());
        TilewrightException strips = assertThrows(TilewrightException.class,
                () -> ImageWriter.open(dir.resolve("b.tif"), rgb.build(), pyramid));
        assertTrue(strips.getMessage().contains("b.tif") && strips.getMessage().contains("give the output a tile size"),
                strips.getMessage());
        TilewrightException exrCount = assertThrows(TilewrightException.class, () -> ImageWriter.open(
                dir.resolve("c.exr"), rgb.tileSize(32, 32).build(), pyramid.withPyramid(Pyramid.levels(3))));
        assertTrue(exrCount.getMessage().contains("c.exr")
                && exrCount.getMessage().contains("every level down to one pixel, 8 for this size, not 3"),
                exrCount.getMessage());
        TilewrightException dzi = assertThrows(TilewrightException.class,
                () -> ImageWriter.open(dir.resolve("d.dzi"), rgb.build(), pyramid));
        assertEquals(TilewrightException.Kind.BAD_ARGUMENT, dzi.kind());
        assertTrue(dzi.getMessage().contains("d.dzi") && dzi.getMessage().contains("holds every level already"),
                dzi.getMessage());
        // Options are typed: the attribute map is OIIO's, and our old attribute names are refused.
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> rgb.attribute("tilewright:pyramid-filter", "lanczos"));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void tilesThatAreNotWholeRowsAreRefusedForAPyramid() {
        Path file = dir.resolve("t.tif");
        ImageSpec spec = ImageSpec.builder(128, 128, 1, PixelType.UINT8).tileSize(64, 64).build();
        try (ImageWriter w = ImageWriter.open(file, spec, WriteOptions.defaults().withPyramid(Pyramid.automatic()))) {
            TilewrightException e = assertThrows(TilewrightException.class,
                    () -> w.writeTiles(0, 64, 0, 64, new byte[64 * 64]));
            assertTrue(e.getMessage().contains("a pyramid is built from whole rows"), e.getMessage());
        }
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    void anAbandonedPyramidLeavesNoFileAndNoTemporaryLevels() {
        Path file = dir.resolve("half.tif");
        ImageSpec spec = ImageSpec.builder(500, 400, 3, PixelType.UINT8).tileSize(64, 64).build();
        try (ImageWriter w = ImageWriter.open(file, spec, WriteOptions.defaults().withPyramid(Pyramid.automatic()))) {
            w.writeScanlines(0, 200, new byte[500 * 200 * 3]);
            assertTrue(TestPattern.filesIn(dir).stream().anyMatch(n -> n.contains(".level1.")),
                    "levels are written beside the output while it streams: " + TestPattern.filesIn(dir));
        }
        TestPattern.assertFolderHolds(dir);
        assertFalse(Files.exists(file));
    }
}
