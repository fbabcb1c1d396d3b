package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stitch inputs that are not files: {@link PixelSource}s placed next to files made by an
 * independent producer (Python's tifffile), read back through OIIO and tifffile; each source is
 * asked for band-sized rectangles only, each pixel once, from the stitch's threads; its
 * exception fails the job with it as the cause, or under "skip" becomes a reported problem.
 */
class PixelSourceIT {
    @TempDir
    Path dir;

    /** A procedural uint16 RGB source that records what it was asked for. */
    static class Ramp implements PixelSource {
        final int width;
        final int height;
        final int seed;
        final AtomicLong pixelsAsked = new AtomicLong();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        volatile int tallest;
        volatile RuntimeException failWith;

        Ramp(int width, int height, int seed) {
            this.width = width;
            this.height = height;
            this.seed = seed;
        }

        static int value(int seed, int x, int y, int c) {
            return (x * 37 + y * 101 + c * 7919 + seed * 65) & 0xFFFF;
        }

        @Override
        public ImageSpec spec() {
            return ImageSpec.builder(width, height, 3, PixelType.UINT16).build();
        }

        @Override
        public String name() {
            return "ramp " + seed;
        }

        @Override
        public void read(int x, int y, int w, int h, ByteBuffer into) {
            if (failWith != null) {
                throw failWith;
            }
            threads.add(Thread.currentThread().getName());
            pixelsAsked.addAndGet((long) w * h);
            tallest = Math.max(tallest, h);
            for (int row = y; row < y + h; row++) {
                for (int col = x; col < x + w; col++) {
                    for (int c = 0; c < 3; c++) {
                        into.putShort((short) value(seed, col, row, c));
                    }
                }
            }
        }
    }

    /** Two 8-bit RGB files by tifffile: gradients a reader nobody here wrote made. */
    private List<Path> tifffileInputs() throws Exception {
        String script = String.join("\n",
                "import sys, numpy as np, tifffile",
                "for k in range(2):",
                "    y, x = np.mgrid[0:700, 0:900]",
                "    a = np.stack([(x + 40 * k) % 256, (y * 3) % 256, (x ^ y) % 256], axis=-1).astype(np.uint8)",
                "    tifffile.imwrite(f'{sys.argv[1]}/file{k}.tif', a, photometric='rgb')");
        ProcessBuilder b = new ProcessBuilder("/usr/bin/python3", "-c", script, dir.toString());
        b.environment().remove("LD_PRELOAD");
        Processes.Output o = Processes.run(b, "");
        assertEquals(0, o.exit(), o.err());
        return List.of(dir.resolve("file0.tif"), dir.resolve("file1.tif"));
    }

    @Test
    void sourcesAndFilesStitchIntoOneImageEachPixelAskedOnce() throws Exception {
        List<Path> files = tifffileInputs();
        Ramp left = new Ramp(1100, 1000, 1);
        Ramp right = new Ramp(800, 900, 2);
        Layout layout = Layout.placementsOnCanvas(List.of(new Placement(files.get(0), 0, 0),
                new Placement(files.get(1), 1000, 1300)), 2000, 2200)
                .withSource(left, 800, 100)      // over file0's right part: later wins
                .withSource(right, 1200, 1500);   // clipped by the canvas at the bottom
        Path out = dir.resolve("mixed.tif");
        StitchReport report = StitchJob.plan(out, layout,
                StitchOptions.defaults().withPixelType(PixelType.UINT16).withBandHeight(256).withThreads(2)).run();
        assertEquals(List.of(), report.problems());

        // Each pixel of each source inside the canvas was asked for exactly once, a band at a time.
        assertEquals(1100L * 1000, left.pixelsAsked.get());
        assertEquals(800L * 700, right.pixelsAsked.get());
        assertTrue(left.tallest <= 256 && right.tallest <= 256, "rectangles of a band: " + left.tallest);

        try (ImageReader in = ImageReader.open(out)) {
            assertEquals(2000, in.spec().width());
            short[] px = new short[3];
            in.readRegion(850, 150, 1, 1, px);     // the left source, over file0
            for (int c = 0; c < 3; c++) {
                assertEquals(Ramp.value(1, 50, 50, c), px[c] & 0xFFFF);
            }
            in.readRegion(1999, 2199, 1, 1, px);   // the right source's last visible pixel
            for (int c = 0; c < 3; c++) {
                assertEquals(Ramp.value(2, 799, 699, c), px[c] & 0xFFFF);
            }
            in.readRegion(10, 10, 1, 1, px);       // file0, 8 bits widened to 16
            assertEquals(10 * 257, px[0] & 0xFFFF);
            assertEquals(30 * 257, px[1] & 0xFFFF);
        }
        // A second reader: tifffile sees file1's pixels (x + 40) where no source covers them.
        String check = String.join("\n",
                "import sys, numpy as np, tifffile",
                "out = tifffile.imread(sys.argv[1])",
                "src = tifffile.imread(sys.argv[2]).astype(np.uint16) * 257",
                "assert out.shape == (2200, 2000, 3), out.shape",
                "assert np.array_equal(out[1300:1500, 1000:1200], src[0:200, 0:200]), 'file1 differs'",
                "print('ok')");
        ProcessBuilder b = new ProcessBuilder("/usr/bin/python3", "-c", check, out.toString(), files.get(1).toString());
        b.environment().remove("LD_PRELOAD");
        Processes.Output o = Processes.run(b, "");
        assertEquals("ok", o.out().strip(), o.err());
    }

    @Test
    void aSourceThatThrowsFailsTheJobWithItsExceptionAsCause() throws Exception {
        Ramp broken = new Ramp(500, 500, 3);
        IllegalStateException cause = new IllegalStateException("the camera dropped frame 17");
        broken.failWith = cause;
        Layout layout = Layout.canvas(1000, 800).withSource(new Ramp(500, 800, 4), 0, 0).withSource(broken, 500, 100);
        Path out = dir.resolve("failed.tif");
        TilewrightException e = assertThrows(TilewrightException.class,
                () -> StitchJob.plan(out, layout, StitchOptions.defaults()).run());
        assertEquals(TilewrightException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("ramp 3: its pixel source failed"), e.getMessage());
        assertTrue(e.getMessage().contains("the camera dropped frame 17"), e.getMessage());
        assertSame(cause, e.getCause());
        assertFalse(Files.exists(out));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "nothing is left of the failed job");
        }
    }

    @Test
    void underSkipAFailingSourceIsAReportedProblemAndLeavesBackground() throws Exception {
        Ramp broken = new Ramp(300, 300, 5);
        broken.failWith = new IllegalArgumentException("tile 5 is not in the acquisition");
        Ramp fine = new Ramp(300, 300, 6);
        Layout layout = Layout.canvas(600, 300).withSource(fine, 0, 0).withSource(broken, 300, 0);
        Path out = dir.resolve("skipped.tif");
        StitchReport report = StitchJob.plan(out, layout, StitchOptions.defaults().withPixelType(PixelType.UINT16)
                .withMissingPolicy(MissingPolicy.SKIP).withBackground(1000 / 65535.0, 2000 / 65535.0, 3000 / 65535.0)).run();
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).toString().contains("tile 5 is not in the acquisition"),
                report.problems().toString());
        try (ImageReader in = ImageReader.open(out)) {
            short[] px = new short[3];
            in.readRegion(450, 150, 1, 1, px);
            assertEquals(List.of(1000, 2000, 3000), List.of(px[0] & 0xFFFF, px[1] & 0xFFFF, px[2] & 0xFFFF));
            in.readRegion(100, 100, 1, 1, px);
            assertEquals(Ramp.value(6, 100, 100, 0), px[0] & 0xFFFF);
        }
    }

    @Test
    void aSourceNeedNotFitInMemoryItIsAskedForBandsOnly() throws Exception {
        // 30000 x 20000 x 3 x 2 bytes = 3.6 GB if it were ever held; asked a band at a time instead.
        Ramp huge = new Ramp(30000, 20000, 7) {
            @Override
            public void read(int x, int y, int w, int h, ByteBuffer into) {
                pixelsAsked.addAndGet((long) w * h);
                tallest = Math.max(tallest, h);
                // constant rows keep the test fast; what matters is the shape of the requests
                while (into.remaining() >= 2) {
                    into.putShort((short) (y & 0xFFFF));
                }
            }
        };
        Path out = dir.resolve("huge.tif");
        StitchPlan plan = StitchJob.plan(out, Layout.canvas(30000, 20000).withSource(huge, 0, 0),
                StitchOptions.defaults().withCompression("zip:1").withPixelType(PixelType.UINT8)).plan();
        assertTrue(plan.estimatedPeakBytes() < 400L << 20, "estimate " + plan.estimatedPeakBytes());
        StitchJob.plan(out, Layout.canvas(30000, 20000).withSource(huge, 0, 0),
                StitchOptions.defaults().withCompression("zip:1").withPixelType(PixelType.UINT8)).run();
        assertEquals(30000L * 20000, huge.pixelsAsked.get());
        assertTrue(huge.tallest <= plan.bandHeight(), huge.tallest + " > " + plan.bandHeight());
        assertEquals(20000, ImageReader.readSpec(out).height());
    }

    @Test
    void sourcesFromTheStitchsThreads() throws Exception {
        List<Ramp> ramps = new ArrayList<>();
        Layout layout = Layout.canvas(2000, 2000);
        for (int i = 0; i < 4; i++) {
            Ramp r = new Ramp(1000, 1000, 10 + i);
            ramps.add(r);
            layout = layout.withSource(r, i % 2 * 1000, i / 2 * 1000);
        }
        StitchJob.plan(dir.resolve("grid.tif"), layout, StitchOptions.defaults().withThreads(2)).run();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ramps.forEach(r -> threads.addAll(r.threads));
        assertTrue(threads.size() >= 2, "read on the stitch's threads: " + threads);
    }
}
