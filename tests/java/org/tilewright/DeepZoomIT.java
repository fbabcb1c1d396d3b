package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deep Zoom output: the descriptor, every tile of every level (count, size and pixels against
 * a reduction computed here), atomic replacement of the folder, and the viewer page opened in
 * headless Chromium.
 */
class DeepZoomIT {
    @TempDir
    Path dir;

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static void writeRows(Path file, ImageSpec spec, TestPattern.Field f) {
        writeRows(file, spec, DeepZoom.defaults(), f);
    }

    static void writeRows(Path file, ImageSpec spec, DeepZoom tiles, TestPattern.Field f) {
        try (ImageWriter w = ImageWriter.open(file, spec, WriteOptions.defaults().withDeepZoom(tiles))) {
            for (int y = 0; y < spec.height(); y += 37) {
                int rows = Math.min(37, spec.height() - y);
                TestPattern.writeScanlines(w, y, y + rows,
                        TestPattern.region(PixelType.UINT8, spec.channels(), 0, y, spec.width(), rows, f));
            }
            w.finish();
        }
    }

    static PyramidIT.Level pattern(int width, int height, int channels, TestPattern.Field f) {
        double[] values = new double[width * height * channels];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++, i++) {
                    values[i] = f.value(x, y, c);
                }
            }
        }
        return new PyramidIT.Level(0, 0, width, height, channels, values);
    }

    @Test
    void everyTileOfEveryLevelHasTheReferencePixels() throws IOException {
        int width = 1000;
        int height = 700;
        int size = 128;
        int overlap = 2;
        TestPattern.Field f = (x, y, c) -> TestPattern.exact(PixelType.UINT8, x, y, c);
        Path dzi = dir.resolve("z.dzi");
        writeRows(dzi, ImageSpec.builder(width, height, 3, PixelType.UINT8).build(),
                DeepZoom.defaults().withTileSize(size).withOverlap(overlap).withFormat("png"), f);

        String descriptor = Files.readString(dzi);
        assertTrue(descriptor.contains("Format=\"png\" Overlap=\"2\" TileSize=\"128\""), descriptor);
        assertTrue(descriptor.contains("<Size Width=\"1000\" Height=\"700\"/>"), descriptor);
        TestPattern.assertFolderHolds(dir, "z.dzi", "z.html", "z_files");

        int maxLevel = 10;  // ceil(log2(1000))
        assertEquals(maxLevel + 1, TestPattern.filesIn(dir.resolve("z_files")).size());
        PyramidIT.Level level = pattern(width, height, 3, f);
        for (int l = maxLevel; l >= 0; l--) {
            int w = level.width();
            int h = level.height();
            assertEquals((int) Math.ceil(width / Math.pow(2, maxLevel - l)), w, "level " + l);
            int columns = (w + size - 1) / size;
            int rows = (h + size - 1) / size;
            Path folder = dir.resolve("z_files/" + l);
            assertEquals(columns * rows, TestPattern.filesIn(folder).size(), "tiles of level " + l);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    int x0 = Math.max(0, c * size - overlap);
                    int y0 = Math.max(0, r * size - overlap);
                    int x1 = Math.min(w, (c + 1) * size + overlap);
                    int y1 = Math.min(h, (r + 1) * size + overlap);
                    final PyramidIT.Level source = level;
                    try (ImageReader tile = ImageReader.open(folder.resolve(c + "_" + r + ".png"))) {
                        assertEquals(x1 - x0, tile.spec().width(), "tile " + l + "/" + c + "_" + r);
                        assertEquals(y1 - y0, tile.spec().height(), "tile " + l + "/" + c + "_" + r);
                        TestPattern.assertRegion(tile, PixelType.UINT8, 0, 0, x1 - x0, y1 - y0,
                                (x, y, ch) -> source.at(x0 + x, y0 + y, ch), 0);
                    }
                }
            }
            if (l > 0) {
                double[] next = PyramidIT.reduce(level, true, PyramidFilter.BOX);
                level = new PyramidIT.Level(0, 0, (w + 1) / 2, (h + 1) / 2, 3, next);
            }
        }
    }

    @Test
    void aStitchedDeepZoomOpensInTheViewerWithNoConsoleErrors() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "Chromium is not installed; scripts/test.sh installs it (apt package chromium)");
        int width = 1500;
        int height = 900;
        // The seed's gradient: red grows to the right, green downwards, blue to the left.
        TestPattern.Field f = (x, y, c) -> c == 0 ? Math.floor(255.0 * x / width)
                : c == 1 ? Math.floor(255.0 * y / height) : Math.floor(255.0 * (width - x) / width);
        List<Path> tiles = new ArrayList<>();
        for (int ty = 0; ty < 3; ty++) {
            for (int tx = 0; tx < 3; tx++) {
                Path tile = dir.resolve("in/t" + ty + tx + ".png");
                tile.getParent().toFile().mkdirs();
                int ox = tx * 500;
                int oy = ty * 300;
                try (ImageWriter w = ImageWriter.open(tile, ImageSpec.builder(500, 300, 3, PixelType.UINT8).build())) {
                    w.writeScanlines(0, 300, (byte[]) TestPattern.region(PixelType.UINT8, 3, 0, 0, 500, 300,
                            (x, y, c) -> f.value(x + ox, y + oy, c)));
                    w.finish();
                }
                tiles.add(tile);
            }
        }
        Path dzi = dir.resolve("view/mosaic.dzi");
        dzi.getParent().toFile().mkdirs();
        StitchJob.plan(dzi, Layout.grid(tiles, Grid.of(3, 3)), StitchOptions.defaults()
                .withDeepZoom(DeepZoom.defaults())).run();
        TestPattern.assertFolderHolds(dzi.getParent(), "mosaic.dzi", "mosaic.html", "mosaic_files");
        try (ImageReader corner = ImageReader.open(dir.resolve("view/mosaic_files/11/0_0.jpeg"))) {
            TestPattern.assertRegion(corner, PixelType.UINT8, 0, 0, 255, 255, f, 6);  // JPEG at quality 85
        }
        String page = Files.readString(dir.resolve("view/mosaic.html"));
        assertTrue(page.contains("Url: \"mosaic_files/\""), "the page points at the final folder");
        assertTrue(page.contains("Redistribution and use in source and binary forms"), "OpenSeadragon's licence");

        Path shot = dir.resolve("shot.png");
        List<String> console = screenshot(dir.resolve("view/mosaic.html"), shot);
        assertEquals(List.of(), console, "console messages of the viewer page");
        try (ImageReader r = ImageReader.open(shot)) {
            int channels = r.spec().channels();
            byte[] px = new byte[r.spec().width() * r.spec().height() * channels];
            r.readRegion(0, 0, r.spec().width(), r.spec().height(), px);
            // The image fills the 800 x 600 window's width, centred: sample across its middle row.
            for (double fraction : new double[] {0.25, 0.5, 0.75}) {
                int sx = (int) (800 * fraction);
                int i = (300 * r.spec().width() + sx) * channels;
                int[] got = {px[i] & 0xFF, px[i + 1] & 0xFF, px[i + 2] & 0xFF};
                double[] expected = {255 * fraction, 127, 255 * (1 - fraction)};
                for (int c = 0; c < 3; c++) {
                    if (Math.abs(got[c] - expected[c]) > 30) {
                        fail("screenshot pixel " + sx + ",300 is " + java.util.Arrays.toString(got)
                                + ", expected about " + java.util.Arrays.toString(expected));
                    }
                }
            }
        }
    }

    /** Opens {@code page} in headless Chromium, saves a screenshot; returns console lines. */
    static List<String> screenshot(Path page, Path png) throws Exception {
        Path profile = Files.createTempDirectory(png.getParent(), "chromium-profile");
        List<String> command = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0", "--window-size=800,600", "--virtual-time-budget=10000",
                "--screenshot=" + png, page.toUri().toString());
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "Chromium finished");
        assertTrue(Files.size(png) > 0, "a screenshot was written: " + err);
        return err.lines().filter(l -> l.contains("CONSOLE")).collect(Collectors.toList());
    }

    @Test
    void rewritingReplacesTheWholeFolderAndAnAbandonedOneLeavesNothing() {
        Path dzi = dir.resolve("r.dzi");
        TestPattern.Field f = (x, y, c) -> TestPattern.smooth(PixelType.UINT8, x, y, c);
        writeRows(dzi, ImageSpec.builder(600, 400, 3, PixelType.UINT8).build(), DeepZoom.defaults().withTileSize(64), f);
        assertEquals(10 * 7, TestPattern.filesIn(dir.resolve("r_files/10")).size());
        writeRows(dzi, ImageSpec.builder(600, 400, 3, PixelType.UINT8).build(), DeepZoom.defaults().withTileSize(256), f);
        assertEquals(3 * 2, TestPattern.filesIn(dir.resolve("r_files/10")).size(), "no tile of the old folder left");
        TestPattern.assertFolderHolds(dir, "r.dzi", "r.html", "r_files");

        Path half = dir.resolve("half.dzi");
        try (ImageWriter w = ImageWriter.open(half, ImageSpec.builder(600, 400, 3, PixelType.UINT8).build())) {
            w.writeScanlines(0, 300, new byte[600 * 300 * 3]);
            assertTrue(TestPattern.filesIn(dir).stream().anyMatch(n -> n.startsWith("half.dzi.tw-partial-")
                    && n.endsWith("_files")), "tiles go to a temporary folder while written");
        }
        TestPattern.assertFolderHolds(dir, "r.dzi", "r.html", "r_files");
        assertFalse(Files.exists(half));
    }
}
