package org.tilewright.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;
import org.tilewright.ImageWriter;
import org.tilewright.PixelType;
import org.tilewright.cli.TilewrightProcess.Run;

/** The built CLI jar, run as users run it: a separate JVM, exit codes, stdout and stderr. */
class CliIT {
    @TempDir
    Path dir;

    @Test
    void demoWritesTheImageAndReportsWhereTimeAndMemory() throws Exception {
        Path out = dir.resolve("demo.tif");
        Run run = TilewrightProcess.run("demo", "--size", "1000x700", "-o", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("output:      " + out.toAbsolutePath()), run.out());
        assertTrue(run.out().matches("(?s).*time: +[0-9.]+ s.*"), run.out());
        assertTrue(run.out().matches("(?s).*peak memory: [0-9.]+ MB resident.*"), run.out());
        ImageSpec spec = ImageReader.readSpec(out);
        assertEquals(1000, spec.width());
        assertEquals(700, spec.height());
        assertEquals(3, spec.channels());
        byte[] corner = new byte[3];
        try (ImageReader r = ImageReader.open(out)) {
            r.readRegion(999, 699, 1, 1, corner);
        }
        assertEquals((int) (255.0 * 999 / 1000), corner[0] & 0xFF);
        assertEquals((int) (255.0 * 699 / 700), corner[1] & 0xFF);
        assertEquals((int) (255.0 * (1 - 999.0 / 1000)), corner[2] & 0xFF);
        assertEquals(List.of("demo.tif"), listing());
    }

    @Test
    void versionNamesTilewrightAndOpenImageIO() throws Exception {
        Run run = TilewrightProcess.run("--version");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("tilewright 0.1.0"), run.out());
        assertTrue(run.out().matches("(?s).*OpenImageIO 2\\.4\\.[0-9]+.*"), run.out());
    }

    @Test
    void usageErrorsExitTwoWithoutAStackTrace() throws Exception {
        Run unknown = TilewrightProcess.run("demo", "--no-such-option");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("Unknown option: '--no-such-option'"), unknown.err());
        Run badSize = TilewrightProcess.run("demo", "--size", "big");
        assertEquals(2, badSize.exit());
        assertTrue(badSize.err().contains("expected WIDTHxHEIGHT"), badSize.err());
        assertTrue(!badSize.err().contains("\tat "), "no stack trace: " + badSize.err());
    }

    @Test
    void aFailedJobExitsOneWithOneLineNamingTheFile() throws Exception {
        Path out = dir.resolve("gone").resolve("g.tif");
        Run run = TilewrightProcess.run("generate", "gradient", "--size", "64x64", "-o", out.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.err().contains("tilewright: error: " + out), run.err());
        assertTrue(run.err().contains("does not exist"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
        assertEquals(List.of(), listing());
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void runningOutOfJavaMemoryEndsAsOneLineAndExitOne() throws Exception {
        // A manifest of 1 000 000 inputs parsed in a 48 MB heap: an OutOfMemoryError, which
        // must end as one line and exit 1 (it used to print a stack trace and exit 130, the
        // signal hook taking the dying JVM for an interrupt).
        Path manifest = dir.resolve("huge.json");
        try (java.io.BufferedWriter w = Files.newBufferedWriter(manifest)) {
            w.write("[");
            for (int i = 0; i < 1_000_000; i++) {
                w.write((i == 0 ? "" : ",") + "{\"path\":\"tile_" + i + ".png\",\"x\":" + i + ",\"y\":0}");
            }
            w.write("]");
        }
        Path out = dir.resolve("never.tif");
        Run run = TilewrightProcess.runWithJvm(List.of("-Xmx48m"), "", "stitch", manifest.toString(), "-o", out.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("tilewright: error: out of Java memory"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(!Files.exists(out));
    }

    /**
     * Running out of heap while 150 000 placements' headers are read: the JVM died about one
     * run in four with a segfault in the JavaCPP peer (its string path filled the null array a
     * failed NewByteArray returned), or printed a worker thread's stack trace. Every run must
     * end with the one line and exit 1.
     */
    @Test
    void runningOutOfMemoryWhileReadingHeadersNeverCrashesTheJvm() throws Exception {
        try (ImageWriter w = ImageWriter.open(dir.resolve("t.png"), ImageSpec.builder(4, 4, 3, PixelType.UINT8).build())) {
            w.writeScanlines(0, 4, new byte[48]);
            w.finish();
        }
        Path manifest = dir.resolve("placements.json");
        try (java.io.BufferedWriter w = Files.newBufferedWriter(manifest)) {
            w.write("[");
            for (int i = 0; i < 150_000; i++) {
                w.write((i == 0 ? "" : ",") + "{\"path\":\"t.png\",\"x\":" + i % 400 * 4 + ",\"y\":" + i / 400 * 4 + "}");
            }
            w.write("]");
        }
        Path out = dir.resolve("never.tif");
        for (int run = 0; run < 4; run++) {
            Run r = TilewrightProcess.runWithJvm(List.of("-Xmx120m"), "", "stitch", manifest.toString(), "-o",
                    out.toString(), "--memory", "64G");
            assertEquals(1, r.exit(), "run " + run + ": " + r.err());
            assertEquals(1, r.err().lines().count(), "one line: " + r.err());
            assertTrue(r.err().startsWith("tilewright: error: out of Java memory ("), r.err());
            assertTrue(!Files.exists(out));
        }
    }
}
