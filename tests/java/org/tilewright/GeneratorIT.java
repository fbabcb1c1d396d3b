package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The procedural generator: pixels and rows, bands that do not divide the height, failures. */
class GeneratorIT {
    @TempDir
    Path dir;

    @Test
    void seedGradientPixelByPixelToPng() {
        int w = 123;
        int h = 77;
        ImageSpec spec = ImageSpec.builder(w, h, 3, PixelType.UINT8).build();
        Path file = dir.resolve("gradient.png");
        PixelFunction gradient = (x, y, rgb) -> {
            rgb[0] = (int) (255.0 * x / w);
            rgb[1] = (int) (255.0 * y / h);
            rgb[2] = (int) (255.0 * (1 - (double) x / w));
        };
        new ImageGenerator(spec).threads(3).bandRows(10).generate(file, gradient);
        double[] v = new double[3];
        try (ImageReader r = ImageReader.open(file)) {
            TestPattern.assertRegion(r, PixelType.UINT8, 0, 0, w, h, (x, y, c) -> {
                gradient.pixel(x, y, v);
                return v[c];
            }, 0);
        }
        TestPattern.assertFolderHolds(dir, "gradient.png");
    }

    @Test
    void rowsIntoATiledSixteenBitTiffWithRaggedEdges() {
        ImageSpec spec = ImageSpec.builder(300, 250, 1, PixelType.UINT16).tileSize(64, 64)
                .compression("zip").build();
        Path file = dir.resolve("rows.tif");
        ImageGenerator generator = new ImageGenerator(spec).threads(2);
        assertEquals(0, generator.effectiveBandRows() % 64);
        generator.generate(file, (y, row) -> {
            for (int x = 0; x < 300; x++) {
                row.putShort((short) TestPattern.exact(PixelType.UINT16, x, y, 0));
            }
        });
        try (ImageReader r = ImageReader.open(file)) {
            assertEquals(64, r.spec().tileWidth());
            TestPattern.assertRegion(r, PixelType.UINT16, 0, 0, 300, 250,
                    (x, y, c) -> TestPattern.exact(PixelType.UINT16, x, y, c), 0);
        }
    }

    @Test
    void halfExrFromFloatsWithAnOrigin() {
        ImageSpec spec = ImageSpec.builder(90, 61, 4, PixelType.HALF).origin(-10, 7)
                .compression("zip").build();
        assertEquals(PixelType.FLOAT, ImageGenerator.rowType(spec));
        Path file = dir.resolve("half.exr");
        new ImageGenerator(spec).bandRows(8).generate(file, (x, y, px) -> {
            for (int c = 0; c < 4; c++) {
                px[c] = TestPattern.exact(PixelType.HALF, x, y, c);
            }
        });
        try (ImageReader r = ImageReader.open(file)) {
            assertEquals(PixelType.HALF, r.spec().pixelType());
            TestPattern.assertRegion(r, PixelType.FLOAT, -10, 7, 90, 61,
                    (x, y, c) -> TestPattern.exact(PixelType.HALF, x, y, c), 0);
        }
    }

    @Test
    void valuesAreRoundedAndClampedToTheType() {
        ImageSpec spec = ImageSpec.builder(4, 1, 1, PixelType.UINT8).build();
        Path file = dir.resolve("clamp.tif");
        double[] values = {-20, 3.6, 254.5, 1e9};
        new ImageGenerator(spec).generate(file, (x, y, px) -> px[0] = values[x]);
        byte[] read = new byte[4];
        try (ImageReader r = ImageReader.open(file)) {
            r.readScanlines(0, 1, read);
        }
        assertEquals(0, read[0] & 0xFF);
        assertEquals(4, read[1] & 0xFF);
        assertEquals(255, read[2] & 0xFF);
        assertEquals(255, read[3] & 0xFF);
    }

    @Test
    void aFailingRowFunctionNamesTheRowAndSavesNothing() {
        ImageSpec spec = ImageSpec.builder(50, 200, 3, PixelType.UINT8).build();
        Path file = dir.resolve("broken.tif");
        TilewrightException e = assertThrows(TilewrightException.class,
                () -> new ImageGenerator(spec).bandRows(16).generate(file, (y, row) -> {
                    if (y == 150) {
                        throw new IllegalStateException("sensor offline");
                    }
                    row.put(new byte[150]);
                }));
        assertTrue(e.getMessage().contains("broken.tif"), e.getMessage());
        assertTrue(e.getMessage().contains("row 150"), e.getMessage());
        assertTrue(e.getMessage().contains("sensor offline"), e.getMessage());
        TestPattern.assertFolderHolds(dir);
    }

    @Test
    @Timeout(60)
    void anInterruptedGenerationStopsAndSavesNothing() throws Exception {
        ImageSpec spec = ImageSpec.builder(2000, 20000, 3, PixelType.UINT8).build();
        Path file = dir.resolve("interrupted.tif");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch underWay = new CountDownLatch(1);
        AtomicInteger rowsAfterInterrupt = new AtomicInteger();
        Thread job = new Thread(() -> {
            try {
                new ImageGenerator(spec).bandRows(4).threads(1).generate(file, (y, row) -> {
                    if (Thread.currentThread().isInterrupted()) {
                        rowsAfterInterrupt.incrementAndGet();
                    }
                    if (y == 100) {
                        underWay.countDown();
                        // Wait here until the test has interrupted this thread.
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.onSpinWait();
                        }
                    }
                    row.put(new byte[6000]);
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        job.start();
        underWay.await();
        job.interrupt();
        job.join();
        assertTrue(failure.get() instanceof TilewrightException, "failed with " + failure.get());
        assertEquals(TilewrightException.Kind.INTERRUPTED, ((TilewrightException) failure.get()).kind());
        assertTrue(failure.get().getMessage().contains("interrupted"), failure.get().getMessage());
        // The band holding row 100 may be finished; no further band is started.
        assertTrue(rowsAfterInterrupt.get() <= 4, rowsAfterInterrupt.get() + " rows after the interrupt");
        TestPattern.assertFolderHolds(dir);
    }
}
