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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stitcher, checked the way OIIO's testsuite and OpenCV's StitchingIT check theirs: a
 * reference image computed in code is cut into tiles (odd sizes, overlaps, ragged edges),
 * stitched back, and the output's decoded pixels compared with the reference.
 */
class StitchIT {
    @TempDir
    Path dir;

    /** Writes the [x0, x0+w) x [y0, y0+h) part of field f to {@code file}. */
    static void writePart(Path file, PixelType type, int channels, int x0, int y0, int w, int h,
            TestPattern.Field f) {
        ImageSpec spec = ImageSpec.builder(w, h, channels, type).build();
        try (ImageWriter out = ImageWriter.open(file, spec)) {
            TestPattern.writeScanlines(out, 0, h,
                    TestPattern.region(type, channels, x0, y0, w, h, f));
            out.finish();
        }
    }

    /** Cuts a W x H reference into a grid of tiles (the last row and column smaller). */
    List<Path> cutIntoTiles(String ext, PixelType type, int channels, int width, int height,
            int tileW, int tileH, TestPattern.Field f) {
        List<Path> tiles = new ArrayList<>();
        for (int y = 0; y < height; y += tileH) {
            for (int x = 0; x < width; x += tileW) {
                Path file = dir.resolve(String.format("tile_%05d_%05d.%s", y, x, ext));
                writePart(file, type, channels, x, y, Math.min(tileW, width - x),
                        Math.min(tileH, height - y), f);
                tiles.add(file);
            }
        }
        return tiles;
    }

    @Test
    void aGridOfRaggedTilesStitchesBackExactlyInSmallBands() throws java.io.IOException {
        TestPattern.Field f = (x, y, c) -> TestPattern.exact(PixelType.UINT8, x, y, c);
        List<Path> tiles = cutIntoTiles("png", PixelType.UINT8, 3, 1000, 700, 230, 190, f);
        Path out = dir.resolve("out/mosaic.tif");
        Files.createDirectories(out.getParent());
        StitchJob job = StitchJob.plan(out, Layout.grid(tiles, Grid.of(5, 0).withAlign(
                Grid.Align.START, Grid.Align.START)), StitchOptions.defaults()
                .withTileSize(64).withCompression("zip").withBandHeight(100));
        // The grid's cells are as large as the largest tile; the ragged last column and row
        // sit at the start of theirs, so the canvas is 5 x 230 by 4 x 190.
        assertEquals(1150, job.plan().outputSpec().width());
        assertEquals(760, job.plan().outputSpec().height());
        assertEquals(128, job.plan().bandHeight(), "whole tile rows, so several bands");
        StitchReport report = job.run();
        assertEquals(760, report.rows());
        assertTrue(report.problems().isEmpty());
        try (ImageReader r = ImageReader.open(out)) {
            TestPattern.assertRegion(r, PixelType.UINT8, 0, 0, 1000, 700, f, 0);
            // The empty strip right of the ragged column and below the ragged row is background.
            byte[] strip = new byte[150 * 60 * 3];
            r.readRegion(1000, 700, 150, 60, strip);
            for (byte b : strip) {
                assertEquals(0, b);
            }
        }
        TestPattern.assertFolderHolds(out.getParent(), "mosaic.tif");
    }

    /** Overlapping tiles of a smooth reference, placed in shuffled order. */
    List<Placement> overlappingTiles(PixelType type, int channels, int width, int height, int step,
            int overlap, TestPattern.Field f) {
        List<Placement> placements = new ArrayList<>();
        for (int y = 0; y < height; y += step) {
            for (int x = 0; x < width; x += step) {
                int w = Math.min(step + overlap, width - x);
                int h = Math.min(step + overlap, height - y);
                Path file = dir.resolve("o_" + x + "_" + y + ".tif");
                writePart(file, type, channels, x, y, w, h, f);
                placements.add(new Placement(file, x, y));
            }
        }
        Collections.shuffle(placements, new Random(3));
        return placements;
    }

    @Test
    void featheredOverlapsBlendBackWithoutASeam() {
        TestPattern.Field f = (x, y, c) -> 0.5 + 0.4 * Math.sin(x / 40.0 + c) * Math.cos(y / 31.0);
        List<Placement> tiles = overlappingTiles(PixelType.FLOAT, 3, 520, 410, 128, 40, f);
        Path out = dir.resolve("feathered.exr");
        StitchJob.plan(out, Layout.placements(tiles), StitchOptions.defaults()
                .withPixelType(PixelType.FLOAT).withBlend(BlendMode.FEATHER, 40)
                .withMemoryBudget(24L << 20)).run();
        try (ImageReader r = ImageReader.open(out)) {
            TestPattern.assertRegion(r, PixelType.FLOAT, 0, 0, 520, 410, f, 1e-5);
        }
    }

    @Test
    void sixteenBitOverlapsAverageBackWithinOneLevel() {
        TestPattern.Field f = (x, y, c) -> TestPattern.smooth(PixelType.UINT16, x, y, c);
        List<Placement> tiles = overlappingTiles(PixelType.UINT16, 1, 300, 257, 100, 17, f);
        for (BlendMode mode : List.of(BlendMode.AVERAGE, BlendMode.FEATHER, BlendMode.LATER)) {
            Path out = dir.resolve("gray16-" + mode + ".tif");
            StitchJob.plan(out, Layout.placements(tiles),
                    StitchOptions.defaults().withBlend(mode, 17)).run();
            try (ImageReader r = ImageReader.open(out)) {
                assertEquals(PixelType.UINT16, r.spec().pixelType());
                TestPattern.assertRegion(r, PixelType.UINT16, 0, 0, 300, 257, f,
                        mode == BlendMode.LATER ? 0 : 1);
            }
        }
    }

    @Test
    void overlapRulesDecideWhichInputShows() {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        writePart(a, PixelType.UINT8, 1, 0, 0, 40, 40, (x, y, c) -> 100);
        writePart(b, PixelType.UINT8, 1, 0, 0, 40, 40, (x, y, c) -> 200);
        // b (z 1) overlaps a (z 0) on x [20, 40), y [10, 40); listed b first to test z.
        List<Placement> placements = List.of(new Placement(b, 20, 10, 1), new Placement(a, 0, 0, 0));
        int[][] expectations = {  // mode -> value at (30, 20) in the overlap
            {BlendMode.LATER.ordinal(), 200}, {BlendMode.FIRST.ordinal(), 100},
            {BlendMode.MAX.ordinal(), 200}, {BlendMode.AVERAGE.ordinal(), 150},
            {BlendMode.OVER.ordinal(), 200}};
        for (int[] e : expectations) {
            BlendMode mode = BlendMode.values()[e[0]];
            Path out = dir.resolve("rule-" + mode + ".png");
            StitchJob.plan(out, Layout.placements(placements),
                    StitchOptions.defaults().withBlend(mode)).run();
            byte[] px = new byte[60 * 50];
            try (ImageReader r = ImageReader.open(out)) {
                assertEquals(60, r.spec().width());
                assertEquals(50, r.spec().height());
                r.readRegion(0, 0, 60, 50, px);
            }
            assertEquals(e[1], px[20 * 60 + 30] & 0xFF, mode + " in the overlap");
            assertEquals(100, px[5 * 60 + 5] & 0xFF, mode + " where only a lies");
            assertEquals(200, px[45 * 60 + 55] & 0xFF, mode + " where only b lies");
            assertEquals(0, px[45 * 60 + 5] & 0xFF, mode + " where nothing lies");
        }
    }

    @Test
    void negativePositionsShiftTheCanvasToTheBoundingBox() {
        Path a = dir.resolve("neg.tif");
        writePart(a, PixelType.UINT8, 3, 0, 0, 30, 20, (x, y, c) -> TestPattern.exact(PixelType.UINT8, x, y, c));
        Path out = dir.resolve("shifted.tif");
        StitchJob job = StitchJob.plan(out, Layout.placements(List.of(new Placement(a, -50, -30),
                new Placement(a, 10, 5))), StitchOptions.defaults());
        assertEquals(90, job.plan().outputSpec().width());
        assertEquals(55, job.plan().outputSpec().height());
        job.run();
        try (ImageReader r = ImageReader.open(out)) {
            assertEquals(0, r.spec().x());
            TestPattern.assertRegion(r, PixelType.UINT8, 60, 35, 30, 20,
                    (x, y, c) -> TestPattern.exact(PixelType.UINT8, x - 60, y - 35, c), 0);
        }
    }

    @Test
    void bucketsAssembleByTheirDataWindowsIntoTheFullFrame() {
        TestPattern.Field f = (x, y, c) -> TestPattern.exact(PixelType.HALF, x, y, c);
        List<Path> buckets = new ArrayList<>();
        for (int by = 0; by < 480; by += 128) {
            for (int bx = 0; bx < 640; bx += 128) {
                if (bx == 256 && by == 128) {
                    continue;  // a bucket the farm never rendered
                }
                int w = Math.min(128, 640 - bx);
                int h = Math.min(128, 480 - by);
                Path file = dir.resolve("bucket_" + bx + "_" + by + ".exr");
                ImageSpec spec = ImageSpec.builder(w, h, 4, PixelType.HALF).origin(bx, by)
                        .fullWindow(0, 0, 640, 480).compression("zip").build();
                try (ImageWriter out = ImageWriter.open(file, spec)) {
                    out.writeScanlines(by, by + h, (float[]) TestPattern.region(PixelType.HALF, 4,
                            bx, by, w, h, f));
                    out.finish();
                }
                buckets.add(file);
            }
        }
        Collections.reverse(buckets);
        Path frame = dir.resolve("frame.exr");
        StitchJob.plan(frame, Layout.dataWindows(buckets), StitchOptions.defaults()).run();
        try (ImageReader r = ImageReader.open(frame)) {
            ImageSpec s = r.spec();
            assertEquals(PixelType.HALF, s.pixelType());
            assertEquals(640, s.fullWidth());
            assertEquals(480, s.fullHeight());
            assertEquals(640, s.width());
            TestPattern.assertRegion(r, PixelType.FLOAT, 0, 0, 256, 480, f, 0);
            TestPattern.assertRegion(r, PixelType.FLOAT, 384, 0, 256, 480, f, 0);
            float[] hole = new float[128 * 128 * 4];
            r.readRegion(256, 128, 128, 128, hole);
            for (float v : hole) {
                assertEquals(0f, v, "the missing bucket is transparent black");
            }
        }
    }

    @Test
    void mixedTypesAndChannelsConvertWithoutFloatSurprises() {
        Path gray = dir.resolve("gray.png");
        Path rgb16 = dir.resolve("rgb16.tif");
        Path rgba = dir.resolve("rgba.png");
        writePart(gray, PixelType.UINT8, 1, 0, 0, 10, 10, (x, y, c) -> 200);
        writePart(rgb16, PixelType.UINT16, 3, 0, 0, 10, 10, (x, y, c) -> 1000 * (c + 1));
        writePart(rgba, PixelType.UINT8, 4, 0, 0, 10, 10, (x, y, c) -> c == 3 ? 51 : 255);
        Path out = dir.resolve("mixed.tif");
        StitchJob job = StitchJob.plan(out, Layout.grid(List.of(gray, rgb16, rgba), Grid.of(3, 1)),
                StitchOptions.defaults().withChannels(3).withBackground(0, 0, 1));
        assertEquals(PixelType.UINT16, job.plan().outputSpec().pixelType());
        job.run();
        short[] px = new short[30 * 10 * 3];
        try (ImageReader r = ImageReader.open(out)) {
            r.readRegion(0, 0, 30, 10, px);
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(200 * 257, px[c] & 0xFFFF, "gray 200 scales to 16 bits in every channel");
            assertEquals(1000 * (c + 1), px[10 * 3 + c] & 0xFFFF, "16-bit RGB unchanged");
        }
        // White at alpha 0.2 over a blue background.
        assertEquals(Math.round(0.2 * 65535), px[20 * 3] & 0xFFFF, 1);
        assertEquals(Math.round(0.2 * 65535), px[20 * 3 + 1] & 0xFFFF, 1);
        assertEquals(65535, px[20 * 3 + 2] & 0xFFFF, 1);
    }

    @Test
    void channelsThatCannotConvertAreRefusedBeforeAnyOutput() {
        Path five = dir.resolve("five.tif");
        writePart(five, PixelType.UINT8, 5, 0, 0, 8, 8, (x, y, c) -> c);
        Path out = dir.resolve("out.tif");
        TilewrightException e = assertThrows(TilewrightException.class, () -> StitchJob.plan(out,
                Layout.grid(List.of(five), Grid.of(1, 1)), StitchOptions.defaults().withChannels(3)));
        assertTrue(e.getMessage().contains("five.tif: has 5 channels, which cannot become the output's 3"),
                e.getMessage());
        TestPattern.assertFolderHolds(dir, "five.tif");
    }

    private List<Path> grayTiles(int count, int size) {
        List<Path> tiles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("t%05d.png", i));
            int value = i % 250 + 1;
            writePart(file, PixelType.UINT8, 1, 0, 0, size, size, (x, y, c) -> value);
            tiles.add(file);
        }
        return tiles;
    }

    @Test
    void missingAndCorruptInputsFollowThePolicy() throws Exception {
        List<Path> tiles = new ArrayList<>(grayTiles(4, 16));
        Path missing = dir.resolve("never-rendered.png");
        Path corrupt = Files.write(dir.resolve("corrupt.png"), new byte[] {1, 2, 3, 4, 5});
        tiles.add(1, missing);
        tiles.add(3, corrupt);
        Layout layout = Layout.grid(tiles, Grid.of(3, 2));
        assertEquals(2, layout.unreadable().size());

        Path out = dir.resolve("policy.png");
        TilewrightException e = assertThrows(TilewrightException.class,
                () -> StitchJob.plan(out, layout, StitchOptions.defaults()));
        assertTrue(e.getMessage().contains("never-rendered.png: no such file"), e.getMessage());
        assertTrue(!Files.exists(out));

        StitchReport report = StitchJob.plan(out, layout, StitchOptions.defaults()
                .withMissingPolicy(MissingPolicy.SKIP).withBackground(0.2)).run();
        assertEquals(2, report.problems().size());
        assertEquals(missing, report.problems().get(0).path());
        assertEquals("skipped", report.problems().get(0).action());
        assertTrue(report.problems().get(1).reason().contains("corrupt.png"), report.problems().get(1).reason());
        byte[] px = new byte[48 * 32];
        try (ImageReader r = ImageReader.open(out)) {
            r.readRegion(0, 0, 48, 32, px);
        }
        assertEquals(1, px[0]);                      // tile 0
        assertEquals(51, px[5 * 48 + 20] & 0xFF);    // cell 1: background 0.2
        assertEquals(2, px[5 * 48 + 40]);            // tile 1 in cell 2
        assertEquals(51, px[20 * 48 + 5] & 0xFF);    // cell 3: background
    }

    @Test
    void anInputThatVanishesAfterPlanningIsNamed() throws Exception {
        List<Path> tiles = grayTiles(6, 16);
        Layout layout = Layout.grid(tiles, Grid.of(3, 2));
        Files.delete(tiles.get(4));
        Path out = dir.resolve("vanished.tif");
        TilewrightException e = assertThrows(TilewrightException.class,
                () -> StitchJob.plan(out, layout, StitchOptions.defaults()).run());
        assertTrue(e.getMessage().contains(tiles.get(4).getFileName() + ": no such file"), e.getMessage());
        assertEquals(TilewrightException.Kind.BAD_INPUT, e.kind());
        assertTrue(!Files.exists(out));
        assertTrue(TestPattern.filesIn(dir).stream().noneMatch(n -> n.contains(".tw-partial-")));
    }

    @Test
    void fillPaintsBackgroundOverWhatAVanishedInputWouldHaveCoveredAndSkipDoesNot() throws Exception {
        // b (value 2) lies on top of a's right half; it vanishes after planning.
        List<Path> tiles = grayTiles(2, 16);
        List<Placement> placements = List.of(new Placement(tiles.get(0), 0, 0, 0),
                new Placement(tiles.get(1), 8, 0, 1));
        Layout layout = Layout.placements(placements);
        Files.delete(tiles.get(1));
        int[] expectedAt10 = {51, 1};  // FILL: background 0.2 covers a; SKIP: a shows through
        MissingPolicy[] policies = {MissingPolicy.FILL, MissingPolicy.SKIP};
        for (int i = 0; i < policies.length; i++) {
            Path out = dir.resolve("vanished-" + policies[i] + ".tif");
            StitchReport report = StitchJob.plan(out, layout, StitchOptions.defaults()
                    .withMissingPolicy(policies[i]).withBackground(0.2)).run();
            assertEquals(1, report.problems().size());
            assertEquals(policies[i].action(), report.problems().get(0).action());
            byte[] px = new byte[24 * 16];
            try (ImageReader r = ImageReader.open(out)) {
                assertEquals(24, r.spec().width());
                r.readRegion(0, 0, 24, 16, px);
            }
            for (int y = 0; y < 16; y++) {
                assertEquals(1, px[y * 24 + 3], policies[i] + ": a where b never lay");
                assertEquals(expectedAt10[i], px[y * 24 + 10] & 0xFF, policies[i] + ": where a and b overlap");
                assertEquals(51, px[y * 24 + 20] & 0xFF, policies[i] + ": where only b lay");
            }
        }
    }

    @Test
    void thousandsOfInputsWithAFewOpenFiles() {
        List<Path> tiles = grayTiles(2000, 8);
        Path out = dir.resolve("many.tif");
        StitchReport report = StitchJob.plan(out, Layout.grid(tiles, Grid.of(50, 40)),
                StitchOptions.defaults().withMaxOpenFiles(16).withTileSize(0)).run();
        assertTrue(report.peakOpenFiles() <= 16, "peak open " + report.peakOpenFiles());
        byte[] px = new byte[400 * 320];
        try (ImageReader r = ImageReader.open(out)) {
            r.readRegion(0, 0, 400, 320, px);
        }
        for (int i = 0; i < 2000; i++) {
            int x = i % 50 * 8 + 3;
            int y = i / 50 * 8 + 5;
            assertEquals(i % 250 + 1, px[y * 400 + x] & 0xFF, "tile " + i);
        }
    }

    @Test
    void progressIsReportedInOrderAndCompletes() {
        List<Path> tiles = grayTiles(40, 64);
        List<long[]> seen = new CopyOnWriteArrayList<>();
        AtomicReference<StitchPlan> started = new AtomicReference<>();
        AtomicReference<StitchReport> completed = new AtomicReference<>();
        Path out = dir.resolve("progress.tif");
        StitchJob.plan(out, Layout.grid(tiles, Grid.of(8, 5)), StitchOptions.defaults().withTileSize(0)
                .withMemoryBudget(16L << 20)).run(new ProgressListener() {
                    @Override
                    public void started(StitchPlan plan) {
                        started.set(plan);
                    }

                    @Override
                    public void progress(long rows, long total, long bytes) {
                        seen.add(new long[] {rows, total, bytes});
                    }

                    @Override
                    public void completed(StitchReport report) {
                        completed.set(report);
                    }
                });
        assertEquals(320, started.get().outputSpec().height());
        long[] last = seen.get(seen.size() - 1);
        assertEquals(320, last[0]);
        assertEquals(320, last[1]);
        assertEquals(512L * 320, last[2]);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0], "rows only grow");
        }
        assertEquals(out, completed.get().output());
    }

    @Test
    @Timeout(120)
    void cancellingFromAnotherThreadStopsWithinABandAndSavesNothing() throws Exception {
        List<Path> tiles = cutIntoTiles("png", PixelType.UINT8, 3, 4000, 4000, 250, 250,
                (x, y, c) -> TestPattern.exact(PixelType.UINT8, x, y, c));
        Path out = dir.resolve("cancelled.tif");
        int bandHeight = 8;
        StitchJob job = StitchJob.plan(out, Layout.grid(tiles, Grid.of(16, 16)),
                StitchOptions.defaults().withTileSize(0).withBandHeight(bandHeight).withThreads(1));
        AtomicLong rowsAtCancel = new AtomicLong();
        AtomicLong rowsLastSeen = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                job.run(new ProgressListener() {
                    @Override
                    public void progress(long rows, long total, long bytes) {
                        rowsLastSeen.set(rows);
                        if (rows > 0 && rowsAtCancel.get() == 0) {
                            rowsAtCancel.set(rows);
                            job.cancel();
                        }
                    }
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        runner.start();
        runner.join();
        Throwable t = failure.get();
        assertTrue(t instanceof TilewrightException, "failed with " + t);
        assertEquals(TilewrightException.Kind.CANCELLED, ((TilewrightException) t).kind());
        assertTrue(t.getMessage().contains("cancelled"), t.getMessage());
        // The band being composed and the one being written may finish; nothing after them.
        assertTrue(rowsLastSeen.get() <= rowsAtCancel.get() + 2 * bandHeight,
                "stopped within a band: cancelled at row " + rowsAtCancel.get() + ", saw " + rowsLastSeen.get());
        assertTrue(!Files.exists(out));
        assertTrue(TestPattern.filesIn(dir).stream().noneMatch(n -> n.contains(".tw-partial-")));
    }

    @Test
    @Timeout(120)
    void interruptingTheRunningThreadStopsTheStitch() throws Exception {
        List<Path> tiles = cutIntoTiles("png", PixelType.UINT8, 3, 6000, 3000, 250, 250,
                (x, y, c) -> TestPattern.exact(PixelType.UINT8, x, y, c));
        Path out = dir.resolve("interrupted.tif");
        // LZW through OIIO's writer, on one thread: slow enough that the job is still running
        // when the monitor (which polls every 200 ms) sees the interrupt; a 3000² stitch to our
        // own deflate TIFF could finish first.
        StitchJob job = StitchJob.plan(out, Layout.grid(tiles, Grid.of(24, 12)),
                StitchOptions.defaults().withTileSize(0).withBandHeight(4).withThreads(1).withCompression("lzw"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch firstRows = new CountDownLatch(1);
        AtomicLong rowsLastSeen = new AtomicLong();
        Thread runner = new Thread(() -> {
            try {
                job.run(new ProgressListener() {
                    @Override
                    public void progress(long rows, long total, long bytes) {
                        rowsLastSeen.set(rows);
                        if (rows > 0) {
                            firstRows.countDown();
                        }
                    }
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        runner.start();
        firstRows.await();  // the stitch is under way: rows have been written
        runner.interrupt();
        runner.join();
        Throwable t = failure.get();
        assertTrue(t instanceof TilewrightException, "failed with " + t);
        assertEquals(TilewrightException.Kind.INTERRUPTED, ((TilewrightException) t).kind());
        assertTrue(t.getMessage().contains("interrupted"), t.getMessage());
        assertTrue(rowsLastSeen.get() < 3000, "stopped before the end, at row " + rowsLastSeen.get());
        assertTrue(!Files.exists(out));
        assertTrue(TestPattern.filesIn(dir).stream().noneMatch(n -> n.contains(".tw-partial-")));
    }

    @Test
    void aBudgetTooSmallForOneBandIsRefusedWithTheNumbers() {
        List<Path> tiles = grayTiles(1, 8);
        Path out = dir.resolve("tiny-budget.tif");
        Layout wide = Layout.grid(tiles, Grid.of(1, 1)).withCanvas(0, 0, 2_000_000, 100);
        TilewrightException e = assertThrows(TilewrightException.class, () -> StitchJob.plan(out, wide,
                StitchOptions.defaults().withMemoryBudget(16L << 20).withPixelType(PixelType.FLOAT)
                        .withChannels(4)));
        assertTrue(e.getMessage().contains("tiny-budget.tif: a memory budget of 16.8 MB is too small"),
                e.getMessage());
        assertTrue(e.getMessage().contains("smaller tiles"), e.getMessage());
    }
}
