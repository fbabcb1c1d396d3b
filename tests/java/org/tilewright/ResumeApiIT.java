package org.tilewright;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumable jobs through the API: a generator whose function fails part-way keeps what it made
 * durable, and the same job run again continues below it ({@link ImageWriter#resumeRow()}),
 * writing the bytes of an uninterrupted run; the listener hears one notice; another key starts
 * over. The pyramid's levels are read back through OIIO against the same job written at once.
 */
class ResumeApiIT {
    private static final int WIDTH = 5000;
    private static final int HEIGHT = 6000;

    @TempDir
    Path dir;

    private static ImageSpec spec() {
        return ImageSpec.builder(WIDTH, HEIGHT, 2, PixelType.UINT16).tileSize(256, 256).compression("zip:4").build();
    }

    /** A 16-bit pattern that deflates poorly enough to take a few seconds; fails at {@code failAt}. */
    private static RowFunction rows(int failAt) {
        return (y, row) -> {
            if (y == failAt) {
                throw new IllegalStateException("the renderer crashed at row " + y);
            }
            for (int x = 0; x < WIDTH; x++) {
                int hash = (int) ((x * 2654435761L + y * 40503L) % 65521);
                row.putShort((short) (hash ^ (x << 3)));
                row.putShort((short) (y * 11 + x));
            }
        };
    }

    private static WriteOptions options(String key) {
        return WriteOptions.defaults().withThreads(1).withPyramid(Pyramid.automatic()).withResume(key);
    }

    @Test
    void aFailedGeneratorKeepsItsRowsAndTheRerunContinuesToTheSameBytes() throws Exception {
        Path expected = dir.resolve("expected.tif");
        new ImageGenerator(spec()).writeOptions(options(null)).generate(expected, rows(-1));

        Path out = dir.resolve("out.tif");
        TilewrightException failed = assertThrows(TilewrightException.class,
                () -> new ImageGenerator(spec()).writeOptions(options("pattern v1")).generate(out, rows(5200)));
        assertTrue(failed.getMessage().contains("the renderer crashed at row 5200"), failed.getMessage());
        assertFalse(Files.exists(out));
        assertTrue(Files.exists(dir.resolve("out.tif.tw-partial-resume.journal")), "a failed resumable job keeps its journal");

        List<String> notices = new ArrayList<>();
        List<Long> firstProgress = new ArrayList<>();
        new ImageGenerator(spec()).writeOptions(options("pattern v1")).generate(out, rows(-1), new ProgressListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }

            @Override
            public void progress(long rowsDone, long rowsTotal, long bytesWritten) {
                if (firstProgress.isEmpty()) {
                    firstProgress.add(rowsDone);
                }
            }
        });
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).startsWith("continuing: "), notices.get(0));
        int kept = Integer.parseInt(notices.get(0).replaceAll("continuing: (\\d+) of.*", "$1"));
        assertTrue(kept > 0 && kept <= 5200 && kept % 256 == 0, "kept " + kept);
        assertTrue(firstProgress.get(0) > kept, "the rerun's first band comes after the rows kept");
        assertEquals(-1L, Files.mismatch(expected, out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("expected.tif", "out.tif"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // Every level, read back through OIIO.
        for (int level = 1; level < 5; level++) {
            try (ImageReader a = ImageReader.open(expected, 0, level); ImageReader b = ImageReader.open(out, 0, level)) {
                int w = a.spec().width(), h = a.spec().height();
                assertEquals(w, b.spec().width());
                short[] pa = new short[w * h * 2];
                short[] pb = new short[w * h * 2];
                a.readRegion(0, 0, w, h, pa);
                b.readRegion(0, 0, w, h, pb);
                assertTrue(java.util.Arrays.equals(pa, pb), "level " + level);
            }
        }
    }

    @Test
    void anotherKeyStartsOverAndSaysWhy() throws Exception {
        Path out = dir.resolve("out.tif");
        assertThrows(TilewrightException.class,
                () -> new ImageGenerator(spec()).writeOptions(options("pattern v1")).generate(out, rows(5200)));
        List<String> notices = new ArrayList<>();
        try (ImageWriter w = ImageWriter.open(out, spec(), options("pattern v2"))) {
            notices.add(w.resumeNotice());
            assertEquals(0, w.resumeRow());
        }
        assertEquals(List.of("starting over: its journal is for another job (the inputs, options or Tilewright's version differ)"),
                notices);
    }

    @Test
    void aCancelledStitchKeepsItsWorkAndTheRerunMatches() throws Exception {
        List<Path> tiles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path t = dir.resolve("t" + i + ".tif");
            int shade = i;
            new ImageGenerator(ImageSpec.builder(2500, 3000, 3, PixelType.UINT8).build())
                    .generate(t, (y, row) -> {
                        for (int x = 0; x < 2500; x++) {
                            int v = (x * 31 + y * 17 + shade * 71) ^ (x >> 3);
                            row.put((byte) v).put((byte) (v >> 2)).put((byte) (shade * 60));
                        }
                    });
            tiles.add(t);
        }
        Layout layout = Layout.grid(tiles, Grid.of(2, 2));
        StitchOptions plain = StitchOptions.defaults().withThreads(1).withCompression("zip:9").withBandHeight(256);
        Path expected = dir.resolve("expected.tif");
        StitchJob.plan(expected, layout, plain).run();

        Path out = dir.resolve("out.tif");
        StitchJob first = StitchJob.plan(out, layout, plain.withResume(true));
        TilewrightException stopped = assertThrows(TilewrightException.class, () -> first.run(new ProgressListener() {
            @Override
            public void progress(long rowsDone, long rowsTotal, long bytesWritten) {
                if (rowsDone >= rowsTotal / 2) {
                    first.cancel();
                }
            }
        }));
        assertEquals(TilewrightException.Kind.CANCELLED, stopped.kind());
        assertTrue(stopped.getMessage().contains("what was written is kept"), stopped.getMessage());
        List<String> notices = new ArrayList<>();
        StitchJob.plan(out, layout, plain.withResume(true)).run(new ProgressListener() {
            @Override
            public void notice(String message) {
                notices.add(message);
            }
        });
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).startsWith("continuing: "), notices.get(0));
        assertEquals(-1L, Files.mismatch(expected, out));
    }
}
