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
        Path out = dir.resolve("demo.tif");
        Run run = TilewrightProcess.run("demo", "--size", "64x64", "--compression", "zstd", "-o", out.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.err().contains("tilewright: error: " + out), run.err());
        assertTrue(run.err().contains("compression 'zstd' is not available"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
        assertEquals(List.of(), listing());
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
