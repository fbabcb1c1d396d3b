package org.tilewright.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.ImageReader;
import org.tilewright.ImageSpec;
import org.tilewright.ImageWriter;
import org.tilewright.PixelType;
import org.tilewright.cli.TilewrightProcess.Run;

/**
 * What scripts rely on: exit codes, one-line errors, quiet and JSON modes, a dry run that
 * refuses what a real run refuses, options that cannot apply refused, and an output name
 * that is never clobbered without --overwrite — not even by a file that appears mid-job.
 */
class CommandContractIT {
    @TempDir
    Path dir;

    private Path input(String name, int width, int height) throws Exception {
        Path p = dir.resolve(name);
        ImageSpec spec = ImageSpec.builder(width, height, 3, PixelType.UINT8).build();
        try (ImageWriter w = ImageWriter.open(p, spec)) {
            byte[] rows = new byte[width * height * 3];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (byte) (i * 7 / 5);
            }
            w.writeScanlines(0, height, rows);
            w.finish();
        }
        return p;
    }

    /**
     * A file created under the output's name while the job runs is left as it is: the job
     * fails naming it (the old check ran at the start only, and the final rename replaced
     * the file). The same for a Deep Zoom descriptor: its tile folder and page, moved into
     * place before it, are taken back, so nothing of the job is left under a final name.
     */
    @Test
    void aFileThatAppearsDuringTheJobIsNeverReplacedWithoutOverwrite() throws Exception {
        Path big = input("big.png", 6000, 3000);
        for (String name : List.of("out.tif", "out.dzi")) {
            Path out = dir.resolve(name);
            Process p = TilewrightProcess.start("montage", big.toString(), big.toString(), big.toString(), "-o",
                    out.toString(), "--progress", "json", "--threads", "1");
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String first = err.readLine();
            assertTrue(first != null && first.contains("\"event\":\"started\""), String.valueOf(first));
            byte[] theirs = "someone else's file".getBytes(StandardCharsets.UTF_8);
            Files.write(out, theirs);
            StringBuilder rest = new StringBuilder();
            for (String line; (line = err.readLine()) != null; ) {
                rest.append(line).append('\n');
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), rest.toString());
            assertTrue(rest.toString().contains(name + ": exists; use --overwrite to replace it"), rest.toString());
            assertArrayEquals(theirs, Files.readAllBytes(out));
            try (var listing = Files.list(dir)) {
                assertEquals(List.of("big.png", name), listing.map(f -> f.getFileName().toString()).sorted().toList());
            }
            Files.delete(out);
        }
    }

    /** A Deep Zoom output's viewer page is one of its names: an existing one is not overwritten. */
    @Test
    void anExistingViewerPageStopsADeepZoomOutputBeforeAnyWork() throws Exception {
        Path in = input("in.png", 300, 200);
        Path page = Files.writeString(dir.resolve("slide.html"), "my page");
        Run refused = TilewrightProcess.run("montage", in.toString(), "-o", dir.resolve("slide.dzi").toString());
        assertEquals(1, refused.exit(), refused.err());
        assertTrue(refused.err().contains("slide.html: exists; use --overwrite to replace it"), refused.err());
        assertEquals("my page", Files.readString(page));
        assertFalse(Files.exists(dir.resolve("slide.dzi")));
        assertFalse(Files.exists(dir.resolve("slide_files")));
        Run replaced = TilewrightProcess.run("montage", in.toString(), "-o", dir.resolve("slide.dzi").toString(),
                "--overwrite", "-q");
        assertEquals(0, replaced.exit(), replaced.err());
        assertTrue(Files.readString(page).contains("OpenSeadragon"));
        assertTrue(Files.isDirectory(dir.resolve("slide_files")));
    }

    /** --dry-run refuses exactly what the real run refuses, with the same exit code and message. */
    @Test
    void aDryRunRefusesWhatTheRealRunRefuses() throws Exception {
        Path in = input("in.png", 64, 48);
        Files.writeString(dir.resolve("taken.tif"), "taken");
        String[][] cases = {{"-o", dir.resolve("taken.tif").toString()},
            {"-o", dir.resolve("a.tif").toString(), "--compression", "zstd"},
            {"-o", dir.resolve("b.tif").toString(), "--tile", "7"},
            {"-o", dir.resolve("c.png").toString(), "--compression", "lzw"}};
        int[] codes = {1, 2, 2, 2};
        for (int i = 0; i < cases.length; i++) {
            String[] real = concat(new String[] {"montage", in.toString()}, cases[i]);
            Run wet = TilewrightProcess.run(real);
            Run dry = TilewrightProcess.run(concat(real, new String[] {"--dry-run"}));
            assertEquals(codes[i], wet.exit(), String.join(" ", real) + ": " + wet.err());
            assertEquals(codes[i], dry.exit(), String.join(" ", real) + " --dry-run: " + dry.err());
            assertEquals(wet.err().lines().filter(l -> !l.contains("%") && !l.contains("inputs into")).toList(),
                    dry.err().lines().toList());
        }
        assertEquals("taken", Files.readString(dir.resolve("taken.tif")));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of("in.png", "taken.tif"), listing.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** Options a format cannot take are usage errors, not silently dropped. */
    @Test
    void optionsThatCannotApplyAreRefused() throws Exception {
        Path in = input("in.png", 64, 48);
        String[][] cases = {{"-o", "x.png", "--compression", "lzw"}, {"-o", "x.tif", "--compression", "zip:12"},
            {"-o", "x.tif", "--grid", "0x0"}, {"-o", "x.png", "--type", "half"}, {"-o", "x.jpg", "--type", "uint16"},
            {"-o", "x.exr", "--type", "uint8"}};
        String[] causes = {"compression 'lzw' is not available for png files", "zip takes a level from 1 to 9",
            "--grid takes counts of at least 1", "png files cannot store half pixels",
            "jpeg files cannot store uint16 pixels", "openexr files cannot store uint8 pixels"};
        for (int i = 0; i < cases.length; i++) {
            cases[i][1] = dir.resolve(cases[i][1]).toString();
            Run r = TilewrightProcess.run(concat(new String[] {"montage", in.toString()}, cases[i]));
            assertEquals(2, r.exit(), String.join(" ", cases[i]) + ": " + r.err());
            assertTrue(r.err().contains(causes[i]), r.err());
            assertEquals(2, r.err().lines().count(), r.err());  // the cause and a hint
        }
        try (var listing = Files.list(dir)) {
            assertEquals(List.of("in.png"), listing.map(f -> f.getFileName().toString()).toList());
        }
    }

    /** An option's bad value: one line and a hint, never the whole usage text. */
    @Test
    void aBadOptionValueIsOneLineAndAHint() throws Exception {
        Run r = TilewrightProcess.run("montage", "in.png", "-o", "x.tif", "--memory", "lots");
        assertEquals(2, r.exit());
        assertEquals(List.of("tilewright: Invalid value for option '--memory': expected a size such as 256M or 2G,"
                + " got 'lots'", "Try 'tilewright montage --help' for more information."), r.err().lines().toList());
    }

    /**
     * -q prints nothing at all on success; --progress json ends stdout with one result object
     * naming the type actually stored (half, for an OpenEXR made of 8-bit PNGs).
     */
    @Test
    void quietIsSilentAndJsonEndsWithTheResult() throws Exception {
        Path in = input("in.png", 64, 48);
        Run quiet = TilewrightProcess.run("montage", in.toString(), "-o", dir.resolve("q.tif").toString(), "-q");
        assertEquals(0, quiet.exit());
        assertEquals("", quiet.out());
        assertEquals("", quiet.err());
        Path exr = dir.resolve("j.exr");
        Run json = TilewrightProcess.run("montage", in.toString(), in.toString(), "-o", exr.toString(),
                "--progress", "json");
        assertEquals(0, json.exit(), json.err());
        List<String> lines = json.out().lines().toList();
        assertEquals(1, lines.size(), json.out());
        JsonNode result = new ObjectMapper().readTree(lines.get(0));
        assertEquals("result", result.get("event").asText());
        assertEquals(exr.toAbsolutePath().toString(), result.get("output").asText());
        assertEquals(128, result.get("width").asInt());
        assertEquals(48, result.get("height").asInt());
        assertEquals("half", result.get("type").asText());
        assertEquals(Files.size(exr), result.get("bytes_on_disk").asLong());
        assertTrue(result.get("peak_rss_bytes").asLong() > 10_000_000, lines.get(0));
        assertTrue(result.get("problems").isArray() && result.get("problems").isEmpty(), lines.get(0));
        assertEquals(PixelType.HALF, ImageReader.readSpec(exr).pixelType());
    }

    /**
     * info --json is an array whatever the number of files, with numbers and arrays where
     * there are numbers and lists; a PNG says zip; an unreadable file among several is named
     * on stderr while the others are still described (exit 1); a .dzi we wrote is described.
     */
    @Test
    void infoHasOneShapeAndGoesOnPastAnUnreadableFile() throws Exception {
        Path png = input("in.png", 64, 48);
        Path broken = Files.writeString(dir.resolve("broken.tif"), "not a tiff");
        Path dzi = dir.resolve("deep.dzi");
        assertEquals(0, TilewrightProcess.run("montage", png.toString(), "-o", dzi.toString(), "-q").exit());
        Run one = TilewrightProcess.run("info", "--json", png.toString());
        assertEquals(0, one.exit(), one.err());
        JsonNode array = new ObjectMapper().readTree(one.out());
        assertTrue(array.isArray() && array.size() == 1, one.out());
        JsonNode d = array.get(0);
        assertEquals("zip", d.get("compression").asText());
        assertTrue(d.get("channel_names").isArray() && d.get("channel_names").size() == 3, one.out());
        assertEquals(64, d.get("data_window").get("width").asInt());
        assertTrue(d.get("data_window").get("x").isInt(), one.out());
        Run several = TilewrightProcess.run("info", "--json", png.toString(), broken.toString(), dzi.toString());
        assertEquals(1, several.exit());
        assertTrue(several.err().contains("broken.tif"), several.err());
        JsonNode both = new ObjectMapper().readTree(several.out());
        assertEquals(2, both.size(), several.out());
        assertEquals("deepzoom", both.get(1).get("format").asText());
        assertEquals(64, both.get(1).get("width").asInt());
        assertEquals(7, both.get(1).get("levels").asInt(), "64, 32, 16, 8, 4, 2 and 1 pixel wide");
        Run text = TilewrightProcess.run("info", png.toString(), broken.toString(), dzi.toString());
        assertEquals(1, text.exit());
        assertTrue(text.out().contains("in.png: 64 x 48") && text.out().contains("deep.dzi: 64 x 48, Deep Zoom"),
                text.out());
    }

    /** Every example line of every command's help stays whole (it was broken inside "-o slide.tif"). */
    @Test
    void helpExamplesAreNeverBrokenInsideAWord() throws Exception {
        for (String command : List.of("montage", "stitch", "assemble", "generate", "info", "demo")) {
            Run help = TilewrightProcess.run("help", command);
            assertEquals(0, help.exit(), help.err());
            List<String> lines = help.out().lines().toList();
            int examples = lines.indexOf("Examples:");
            for (String line : lines.subList(Math.max(0, examples), lines.size())) {
                assertTrue(examples < 0 || line.isEmpty() || line.equals("Examples:") || line.startsWith("  "),
                        command + ": a broken example line '" + line + "'");
            }
        }
    }

    /**
     * Under ulimit -n 64, 200 good inputs with --missing skip: all 200 are placed (145 were
     * dropped as "missing" when the pool opened more files than the limit allowed).
     */
    @Test
    void aLowFileLimitSizesThePoolAndDropsNoGoodInput() throws Exception {
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Path p = dir.resolve(String.format("tile%03d.png", i));
            try (ImageWriter w = ImageWriter.open(p, ImageSpec.builder(8, 8, 3, PixelType.UINT8).build())) {
                byte[] rows = new byte[8 * 8 * 3];
                java.util.Arrays.fill(rows, (byte) i);
                w.writeScanlines(0, 8, rows);
                w.finish();
            }
            paths.add(p.toString());
        }
        Path list = Files.write(dir.resolve("tiles.txt"), paths);
        Path out = dir.resolve("mosaic.tif");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        ProcessBuilder limited = new ProcessBuilder("bash", "-c", "ulimit -n 64 && exec \"$0\" -jar \"$1\" montage @\"$2\""
                + " --grid 20x10 --missing skip --max-open-files 500 -o \"$3\"", java, jar, list.toString(), out.toString());
        org.tilewright.Processes.Output o = org.tilewright.Processes.run(limited, "");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("200 placed, 0 problem(s)"), o.out());
        byte[] px = new byte[3];
        try (ImageReader r = ImageReader.open(out)) {
            for (int i = 0; i < 200; i++) {
                r.readRegion(i % 20 * 8 + 4, i / 20 * 8 + 4, 1, 1, px);
                assertEquals(i, px[0] & 0xFF, "tile " + i);
            }
        }
    }

    /**
     * Without a UTF-8 locale (LANG unset) a non-ASCII path was a usage error with the whole
     * help; the launcher now sets one, and plain {@code java -jar} says what to do in one line.
     */
    @Test
    void nonAsciiPathsWorkWithoutALocaleThroughTheLauncher() throws Exception {
        Path in = input("ü-in.png", 32, 16);
        String java = Path.of(System.getProperty("java.home"), "bin").toString();
        ProcessBuilder launcher = new ProcessBuilder(Path.of("tilewright").toAbsolutePath().toString(), "montage",
                in.toString(), "-o", dir.resolve("ö-out.tif").toString(), "-q");
        launcher.environment().clear();
        launcher.environment().put("PATH", java + ":/usr/bin:/bin");
        launcher.environment().put("HOME", System.getProperty("user.home"));
        launcher.environment().put("TILEWRIGHT_JAR",  // the build under test; never rebuilt mid-run
                Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString());
        org.tilewright.Processes.Output o = org.tilewright.Processes.run(launcher, "");
        assertEquals(0, o.exit(), o.err());
        assertEquals(32, ImageReader.readSpec(dir.resolve("ö-out.tif")).width());

        ProcessBuilder bare = new ProcessBuilder(Path.of(java, "java").toString(), "-jar",
                Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString(),
                "montage", in.toString(), "-o", dir.resolve("x.tif").toString());
        bare.environment().clear();
        org.tilewright.Processes.Output b = org.tilewright.Processes.run(bare, "");
        assertEquals(2, b.exit(), b.err());
        assertEquals(1, b.err().lines().count(), b.err());
        assertTrue(b.err().contains("run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8"), b.err());
    }

    /**
     * A name that is not UTF-8 reaches Java already rewritten with U+FFFD: refused in one line
     * that shows the bytes as typed, and no file is made under the rewritten name.
     */
    @Test
    void aNameThatIsNotUtf8IsRefusedShowingItsBytes() throws Exception {
        Path in = input("in.png", 32, 16);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        ProcessBuilder latin1 = new ProcessBuilder("bash", "-c",
                "exec \"$0\" -jar \"$1\" montage \"$2\" -o \"$(printf 'caf\\351.tif')\"", java, jar, in.toString());
        latin1.directory(dir.toFile());
        latin1.environment().put("LC_ALL", "C.UTF-8");
        org.tilewright.Processes.Output o = org.tilewright.Processes.run(latin1, "");
        assertEquals(2, o.exit(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("the argument 'caf\\xE9.tif' is not valid UTF-8"), o.err());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("in.png"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** No writable home or temporary folder: one line saying where the native library could go. */
    @Test
    void anUnwritableHomeAndTempFolderAreExplainedInOneLine() throws Exception {
        Run r = TilewrightProcess.runWithJvm(List.of("-Duser.home=/proc", "-Djava.io.tmpdir=/proc"), "", "montage",
                "in.png", "-o", dir.resolve("x.tif").toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("cannot unpack Tilewright's native library: neither /proc/.javacpp/cache nor"
                + " the temporary folder /proc can be written"), r.err());
    }

    /** More PNGs in one band than may be open: the plan says so (each reopening decodes from row 0). */
    @Test
    void thePlanWarnsWhenABandNeedsMoreInputsThanMayBeOpen() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("montage", "--grid", "20x1"));
        for (int i = 0; i < 20; i++) {
            args.add(input("t" + i + ".png", 16, 16).toString());
        }
        args.addAll(List.of("-o", dir.resolve("row.tif").toString()));
        String[] few = concat(args.toArray(String[]::new), new String[] {"--max-open-files", "4"});
        Run dry = TilewrightProcess.run(concat(few, new String[] {"--dry-run"}));
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("warning:           20 inputs meet in one band but at most 4 are open at once"),
                dry.out());
        Run real = TilewrightProcess.run(concat(few, new String[] {"-q"}));
        assertEquals(0, real.exit(), real.err());
        assertTrue(real.err().contains("tilewright: warning: 20 inputs meet in one band"), real.err());
        Run roomy = TilewrightProcess.run(concat(args.toArray(String[]::new),
                new String[] {"--max-open-files", "32", "-q", "--overwrite"}));
        assertEquals("", roomy.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
