package org.tilewright.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Every subcommand, run as a user runs it: a separate JVM, files, exit codes, stdout, stderr. */
class CommandsIT {
    @TempDir
    Path dir;

    static Process start(String... args) throws IOException {
        return TilewrightProcess.start(args);
    }

    static Run runWithInput(String stdin, String... args) throws Exception {
        return TilewrightProcess.runWithInput(stdin, args);
    }

    static Run run(String... args) throws Exception {
        return TilewrightProcess.run(args);
    }

    /** value(x, y, c) of the reference mosaic. */
    static int value(int x, int y, int c) {
        return (x * 7 + y * 13 + c * 50) & 0xFF;
    }

    /** Six 40 x 30 RGB tiles of a 120 x 60 reference, row-major. */
    List<Path> tiles(String ext) {
        List<Path> tiles = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                Path file = dir.resolve("t" + r + c + "." + ext);
                byte[] px = new byte[40 * 30 * 3];
                for (int y = 0; y < 30; y++) {
                    for (int x = 0; x < 40; x++) {
                        for (int ch = 0; ch < 3; ch++) {
                            px[(y * 40 + x) * 3 + ch] = (byte) value(c * 40 + x, r * 30 + y, ch);
                        }
                    }
                }
                try (ImageWriter w = ImageWriter.open(file, ImageSpec.builder(40, 30, 3, PixelType.UINT8).build())) {
                    w.writeScanlines(0, 30, px);
                    w.finish();
                }
                tiles.add(file);
            }
        }
        return tiles;
    }

    static void assertMosaic(Path file, int width, int height) {
        assertMosaicPart(file, 0, 0, width, height);
    }

    /** {@code file} is {@code width} x {@code height} and holds the reference from x0, y0. */
    static void assertMosaicPart(Path file, int x0, int y0, int width, int height) {
        byte[] px = new byte[width * height * 3];
        try (ImageReader r = ImageReader.open(file)) {
            assertEquals(width, r.spec().width());
            assertEquals(height, r.spec().height());
            r.readRegion(0, 0, width, height, px);
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(value(x0 + x, y0 + y, c), px[(y * width + x) * 3 + c] & 0xFF, "pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void montageFromArgumentsAListFileAndStdin() throws Exception {
        List<Path> tiles = tiles("png");
        Path out1 = dir.resolve("a.tif");
        Run args = run("montage", "--grid", "3x", tiles.get(0).toString(), tiles.get(1).toString(),
                tiles.get(2).toString(), tiles.get(3).toString(), tiles.get(4).toString(),
                tiles.get(5).toString(), "-o", out1.toString(), "--progress", "none");
        assertEquals(0, args.exit(), args.err());
        assertMosaic(out1, 120, 60);
        assertTrue(args.out().contains("inputs:      6 placed, 0 problem(s)"), args.out());

        Path list = dir.resolve("list.txt");
        Files.write(list, tiles.stream().map(Path::toString).toList());
        Path out2 = dir.resolve("b.png");
        Run atFile = run("montage", "--grid", "3x2", "@" + list, "-o", out2.toString(), "-q");
        assertEquals(0, atFile.exit(), atFile.err());
        assertMosaic(out2, 120, 60);

        Path out3 = dir.resolve("c.exr");
        Run stdin = runWithInput(String.join("\n", tiles.stream().map(Path::toString).toList()) + "\n",
                "montage", "--grid", "3x2", "--inputs-from", "-", "-o", out3.toString(), "--progress", "json");
        assertEquals(0, stdin.exit(), stdin.err());
        assertTrue(stdin.err().contains("\"event\":\"progress\""), stdin.err());
        assertTrue(stdin.err().contains("\"peak_rss_mb\""), stdin.err());
        try (ImageReader r = ImageReader.open(out3)) {
            assertEquals(64, r.spec().tileWidth(), "EXR output tiled 64 by default");
        }
    }

    @Test
    void stitchReadsEveryManifestKind() throws Exception {
        List<Path> tiles = tiles("tif");
        StringBuilder csv = new StringBuilder("path,x,y\n");
        StringBuilder json = new StringBuilder("[");
        StringBuilder fiji = new StringBuilder("# Define the number of dimensions we are working on\ndim = 2\n");
        StringBuilder deadline = new StringBuilder("TileCount=6\nImageWidth=120\nImageHeight=60\n");
        for (int i = 0; i < 6; i++) {
            int x = i % 3 * 40;
            int y = i / 3 * 30;
            String name = tiles.get(i).getFileName().toString();
            csv.append(name).append(',').append(x).append(',').append(y).append('\n');
            json.append(i > 0 ? "," : "").append("{\"path\":\"").append(name).append("\",\"x\":").append(x)
                    .append(",\"y\":").append(y).append('}');
            fiji.append(name).append("; ; (").append(x).append(".2, ").append(y).append(".4)\n");
            deadline.append("Tile").append(i).append("FileName=").append(name).append('\n')
                    .append("Tile").append(i).append("X=").append(x).append('\n')
                    .append("Tile").append(i).append("Y=").append(60 - y - 30).append('\n');
        }
        json.append(']');
        String[][] manifests = {{"layout.csv", csv.toString()}, {"layout.json", json.toString()},
            {"TileConfiguration.txt", fiji.toString()}, {"draft_config.txt", deadline.toString()}};
        for (String[] m : manifests) {
            Path manifest = Files.writeString(dir.resolve(m[0]), m[1]);
            Path out = dir.resolve("stitched-" + m[0] + ".tif");
            Run r = run("stitch", manifest.toString(), "-o", out.toString(), "-q");
            assertEquals(0, r.exit(), m[0] + ": " + r.err());
            assertMosaic(out, 120, 60);
        }
    }

    @Test
    void assembleKeepsTheDisplayWindow() throws Exception {
        List<String> args = new ArrayList<>(List.of("assemble"));
        for (int i = 0; i < 4; i++) {
            Path bucket = dir.resolve("bucket" + i + ".exr");
            ImageSpec spec = ImageSpec.builder(50, 40, 4, PixelType.HALF).origin(i % 2 * 50, i / 2 * 40)
                    .fullWindow(0, 0, 100, 80).build();
            float[] px = new float[50 * 40 * 4];
            java.util.Arrays.fill(px, (i + 1) / 8f);
            try (ImageWriter w = ImageWriter.open(bucket, spec)) {
                w.writeScanlines(spec.y(), spec.y() + 40, px);
                w.finish();
            }
            args.add(bucket.toString());
        }
        Path frame = dir.resolve("frame.exr");
        args.addAll(List.of("-o", frame.toString(), "-q"));
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        float[] corner = new float[4];
        try (ImageReader reader = ImageReader.open(frame)) {
            assertEquals(100, reader.spec().fullWidth());
            reader.readRegion(99, 79, 1, 1, corner);
        }
        assertEquals(0.5f, corner[0]);
    }

    @Test
    void generateThenInfo() throws Exception {
        Path out = dir.resolve("g.png");
        Run gen = run("generate", "gradient", "--size", "333x211", "-o", out.toString(), "-q");
        assertEquals(0, gen.exit(), gen.err());
        byte[] px = new byte[333 * 211 * 3];
        try (ImageReader r = ImageReader.open(out)) {
            r.readRegion(0, 0, 333, 211, px);
        }
        int x = 300;
        int y = 150;
        int i = (y * 333 + x) * 3;
        assertEquals((int) (255.0 * x / 333), px[i] & 0xFF);
        assertEquals((int) (255.0 * y / 211), px[i + 1] & 0xFF);
        assertEquals((int) (255.0 * (1 - x / 333.0)), px[i + 2] & 0xFF);

        Run info = run("info", "--json", out.toString());
        assertEquals(0, info.exit(), info.err());
        JsonNode node = new ObjectMapper().readTree(info.out()).get(0);
        assertEquals(333, node.get("width").asInt());
        assertEquals(211, node.get("height").asInt());
        assertEquals("uint8", node.get("type").asText());
        assertEquals("png", node.get("format").asText());
        assertEquals(Files.size(out), node.get("file_bytes").asLong());

        Run text = run("info", out.toString());
        assertTrue(text.out().contains("333 x 211, 3 channel(s) R,G,B uint8, scanlines"), text.out());

        Run unknown = run("generate", "plaid", "--size", "10x10", "-o", dir.resolve("p.png").toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown pattern 'plaid'"), unknown.err());
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        List<Path> tiles = tiles("png");
        Path out = dir.resolve("planned.tif");
        List<String> args = new ArrayList<>(List.of("montage", "--grid", "3x2", "--dry-run", "--memory", "64M",
                "-o", out.toString()));
        tiles.forEach(t -> args.add(t.toString()));
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("canvas:            120 x 60"), r.out());
        assertTrue(r.out().contains("bands:"), r.out());
        assertTrue(r.out().contains("of a 67.1 MB budget"), r.out());
        assertTrue(!Files.exists(out));
    }

    @Test
    void anExistingOutputIsNotClobberedWithoutOverwrite() throws Exception {
        List<Path> tiles = tiles("png");
        Path out = Files.writeString(dir.resolve("keep.tif"), "precious");
        Run r = run("montage", tiles.get(0).toString(), "-o", out.toString(), "-q");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("keep.tif: exists; use --overwrite to replace it"), r.err());
        assertArrayEquals("precious".getBytes(), Files.readAllBytes(out));
        Run again = run("montage", tiles.get(0).toString(), "-o", out.toString(), "-q", "--overwrite");
        assertEquals(0, again.exit(), again.err());
        assertEquals(40, ImageReader.readSpec(out).width());
    }

    @Test
    void missingInputsFailNamingThemOrAreReported() throws Exception {
        List<Path> tiles = tiles("png");
        Path gone = dir.resolve("gone.png");
        Path out = dir.resolve("m.tif");
        Run fail = run("montage", tiles.get(0).toString(), gone.toString(), "-o", out.toString(), "-q");
        assertEquals(1, fail.exit());
        assertTrue(fail.err().contains("gone.png: no such file"), fail.err());
        assertTrue(fail.err().lines().count() <= 2, "one or two lines: " + fail.err());
        assertTrue(!Files.exists(out));
        Run skip = run("montage", tiles.get(0).toString(), gone.toString(), "--missing", "skip",
                "-o", out.toString(), "-q");
        assertEquals(0, skip.exit(), skip.err());
        assertEquals("", skip.out(), "quiet");
        assertTrue(skip.err().contains("tilewright: warning: " + gone + ": skipped"), skip.err());
    }

    @Test
    void pyramidsAndDeepZoomFromTheWritingCommands() throws Exception {
        Path tif = dir.resolve("g.tif");
        Run gen = run("generate", "gradient", "--size", "1000x600", "--tile", "128", "--pyramid",
                "--compression", "zip", "-o", tif.toString(), "-q");
        assertEquals(0, gen.exit(), gen.err());
        try (ImageReader r = ImageReader.open(tif)) {
            assertEquals(4, r.mipLevelCount(), "1000x600 down to 125x75");
        }
        try (ImageReader r = ImageReader.open(tif, 0, 3)) {
            assertEquals(125, r.spec().width());
            assertEquals(75, r.spec().height());
        }
        Run info = run("info", tif.toString());
        assertTrue(info.out().contains("  4 MIP levels: 1000x600, 500x300, 250x150, 125x75"), info.out());

        List<Path> tiles = tiles("png");
        List<String> args = new ArrayList<>(List.of("montage", "--grid", "3x2", "--dzi", "--dzi-tile-size", "32",
                "--dzi-format", "png", "-o", dir.resolve("m.dzi").toString(), "-q"));
        tiles.forEach(t -> args.add(t.toString()));
        Run dzi = run(args.toArray(String[]::new));
        assertEquals(0, dzi.exit(), dzi.err());
        // Level 7 = ceil(log2 120) is full size; tile 1_1 spans [31, 65) x [31, 60): 32 + overlap 1 each side.
        assertMosaicPart(dir.resolve("m_files/7/1_1.png"), 31, 31, 34, 29);
        Run again = run(args.toArray(String[]::new));
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("m.dzi: exists; use --overwrite to replace it"), again.err());
        Files.delete(dir.resolve("m.dzi"));
        Run folderLeft = run(args.toArray(String[]::new));
        assertEquals(1, folderLeft.exit());
        assertTrue(folderLeft.err().contains("m_files: exists; use --overwrite to replace it"), folderLeft.err());

        Run png = run("generate", "gradient", "--size", "100x100", "--pyramid", "-o", dir.resolve("p.png").toString());
        assertEquals(1, png.exit());
        assertTrue(png.err().contains("p.png: png files cannot hold pyramid levels"), png.err());
        Run notDzi = run("generate", "gradient", "--size", "100x100", "--dzi", "-o", dir.resolve("n.tif").toString());
        assertEquals(2, notDzi.exit());
        assertTrue(notDzi.err().contains("--dzi options need an output ending in .dzi"), notDzi.err());
        Run levels = run("generate", "gradient", "--size", "100x100", "--pyramid-levels", "0", "-o",
                dir.resolve("l.tif").toString());
        assertEquals(2, levels.exit());
        assertTrue(levels.err().contains("a pyramid has at least 1 level, got 0"), levels.err());
        Run two = run("generate", "gradient", "--size", "1000x600", "--pyramid-levels", "2", "-o",
                dir.resolve("two.tif").toString(), "-q");
        assertEquals(0, two.exit(), two.err());
        try (ImageReader r = ImageReader.open(dir.resolve("two.tif"))) {
            assertEquals(2, r.mipLevelCount());
        }
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        Run r = run("montage", "--grid", "banana", "x.png", "-o", dir.resolve("o.tif").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--grid takes AxB"), r.err());
        Run memory = run("montage", "--memory", "lots", "x.png", "-o", dir.resolve("o.tif").toString());
        assertEquals(2, memory.exit());
        assertTrue(memory.err().contains("expected a size such as 256M"), memory.err());
        Run none = run("montage", "-o", dir.resolve("o.tif").toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("no inputs"), none.err());
    }

    /** Starts generating a 30000² image into {@code out}; returns once it reports writing rows. */
    static Process startWritingALongJob(Path out) throws IOException {
        Process p = start("generate", "mandelbrot", "--size", "30000x30000", "--progress", "log",
                "-o", out.toString());
        p.getOutputStream().close();
        java.io.BufferedReader err = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null && !line.contains("rows")) {
            // until the first progress line
        }
        return p;
    }

    @Test
    void sigintAndSigtermStopTheJobWithExit130AndNoOutput() throws Exception {
        for (String signal : List.of("INT", "TERM")) {
            Path out = dir.resolve("big-" + signal + ".tif");
            Process p = startWritingALongJob(out);
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped promptly after SIG" + signal);
            assertEquals(130, p.exitValue(), "exit code after SIG" + signal);
            assertTrue(!Files.exists(out));
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tw-partial-")),
                        "no partial file after SIG" + signal);
            }
        }
    }

    @Test
    void sigkillLeavesOnlyARecognisableTemporaryFile() throws Exception {
        Path out = dir.resolve("killed.tif");
        Process p = startWritingALongJob(out);
        new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(!Files.exists(out), "nothing under the final name");
        try (var files = Files.list(dir)) {
            List<String> left = files.map(f -> f.getFileName().toString()).toList();
            // A job killed before it created its temporary file would leave nothing at all and
            // prove nothing: startWritingALongJob returns once the job is writing.
            assertEquals(1, left.size(), "exactly the temporary file: " + left);
            assertTrue(left.get(0).startsWith("killed.tif.tw-partial-") && left.get(0).endsWith(".tif"),
                    "a recognisable temporary file: " + left);
        }
    }
}
