package org.tilewright.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.Processes;
import org.tilewright.cli.TilewrightProcess.Run;

/**
 * --resume: a job killed with SIGKILL and run again continues from its last checkpoint and
 * writes the bytes of an uninterrupted run (made without --resume); a journal of another job,
 * a damaged one or a partial file shorter than it says starts the job over with one line;
 * a torn last checkpoint is ignored; a second process on the same job is refused; outputs it
 * cannot continue are refused before anything is left behind. The inputs are written by
 * tifffile, and the resumed output is read back by tifffile against them.
 */
class ResumeIT {
    private static final int TILES = 5;
    private static final int TILE = 1200;
    private static final int SPACING = 10;
    private static final int SIDE = TILES * TILE + (TILES - 1) * SPACING;
    private static final Pattern CONTINUING = Pattern.compile("continuing: (\\d+) of (\\d+) rows");

    @TempDir
    static Path shared;
    private static List<String> tiles;
    private static Path reference;

    @TempDir
    Path dir;

    /** Tiles of noise with a band of each tile's own shade (tifffile), and their uninterrupted montage. */
    @BeforeAll
    static void tilesAndReference() throws Exception {
        String script = String.join("\n",
                "import sys, numpy as np, tifffile",
                "rng = np.random.default_rng(11)",
                "n, side = int(sys.argv[2]), int(sys.argv[3])",
                "for r in range(n):",
                "    for c in range(n):",
                "        a = rng.integers(0, 256, size=(side, side, 3), dtype=np.uint8)",
                "        a[::5, :, :] = 10 * r + c",
                "        tifffile.imwrite(f'{sys.argv[1]}/tile_r{r}_c{c}.tif', a, photometric='rgb')");
        python(script, shared.toString(), Integer.toString(TILES), Integer.toString(TILE));
        tiles = new ArrayList<>();
        for (int r = 0; r < TILES; r++) {
            for (int c = 0; c < TILES; c++) {
                tiles.add(shared.resolve("tile_r" + r + "_c" + c + ".tif").toString());
            }
        }
        reference = shared.resolve("reference.tif");
        Run ref = TilewrightProcess.run(montage(reference, false));
        assertEquals(0, ref.exit(), ref.err());
    }

    private static String[] montage(Path output, boolean resume) {
        List<String> args = new ArrayList<>(List.of("montage", "--grid", TILES + "x" + TILES, "--spacing",
                Integer.toString(SPACING), "--pyramid", "--threads", "1", "-q", "-o", output.toString()));
        if (resume) {
            args.add("--resume");
        }
        args.addAll(tiles);
        return args.toArray(String[]::new);
    }

    private static Processes.Output python(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().remove("LD_PRELOAD");  // the sanitizer runtimes are for Tilewright alone
        Processes.Output o = Processes.run(b, "");
        assertEquals(0, o.exit(), o.out() + o.err());
        return o;
    }

    private static Path journalOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".tw-partial-resume.journal");
    }

    private static Path partialOf(Path output) {
        return output.resolveSibling(output.getFileName() + ".tw-partial-resume.tif");
    }

    /** Starts {@code args}, waits for its first checkpoint, and kills it with SIGKILL. */
    private static void killAfterFirstCheckpoint(Path output, String... args) throws Exception {
        Process p = TilewrightProcess.start(args);
        Path journal = journalOf(output);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(journal) && Files.size(journal) > 200)) {
            if (!p.isAlive()) {
                fail("the job ended (exit " + p.exitValue() + ") before it could be killed: "
                        + new String(p.getErrorStream().readAllBytes()));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("no checkpoint within a minute");
            }
            Thread.sleep(5);
        }
        p.destroyForcibly();  // SIGKILL: no hook, no destructor runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(output), "the killed job must not have finished");
        assertTrue(Files.exists(partialOf(output)) && Files.exists(journal), "the partial file and journal stay");
    }

    /** The rows the resumed run kept, from its line "continuing: N of M rows…". */
    private static int rowsKept(Run run) {
        Matcher m = CONTINUING.matcher(run.err());
        assertTrue(m.find(), "no 'continuing' line: " + run.err());
        assertEquals(SIDE, Integer.parseInt(m.group(2)));
        return Integer.parseInt(m.group(1));
    }

    private List<String> leftovers() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".tw-")).toList();
        }
    }

    private void assertSameBytesAsReference(Path output) throws IOException {
        assertEquals(-1L, Files.mismatch(reference, output), output + " differs from the uninterrupted run");
        assertEquals(List.of(), leftovers(), "a committed job leaves no partial file, level or journal");
    }

    @Test
    void killedPyramidMontageRunAgainWritesTheBytesOfAnUninterruptedRun() throws Exception {
        Path out = dir.resolve("out.tif");
        killAfterFirstCheckpoint(out, montage(out, true));
        Run again = TilewrightProcess.run(montage(out, true));
        assertEquals(0, again.exit(), again.err());
        int kept = rowsKept(again);
        assertTrue(kept > 0 && kept < SIDE && kept % 256 == 0, "kept whole rows of tiles: " + kept);
        assertSameBytesAsReference(out);

        // A reader nobody here wrote: every level is there, and tile r3 c1 is where it was placed.
        String script = String.join("\n",
                "import sys, numpy as np, tifffile",
                "with tifffile.TiffFile(sys.argv[1]) as t:",
                "    # The inputs' shape JSON describes them, not the montage: not copied (tifffile misread it).",
                "    assert 'shape' not in (t.pages[0].description or ''), t.pages[0].description",
                "    levels = t.series[0].levels",
                "    print([l.shape for l in levels])",
                "    full = levels[0].asarray()",
                "tile = tifffile.imread(sys.argv[2])",
                "x, y = 1 * (int(sys.argv[3]) + int(sys.argv[4])), 3 * (int(sys.argv[3]) + int(sys.argv[4]))",
                "side = int(sys.argv[3])",
                "assert np.array_equal(full[y:y + side, x:x + side], tile), 'tile r3 c1 differs'",
                "assert not full[y - int(sys.argv[4]):y, x:x + side].any(), 'spacing is not background'");
        Processes.Output o = python(script, out.toString(), tiles.get(3 * TILES + 1), Integer.toString(TILE),
                Integer.toString(SPACING));
        assertTrue(o.out().startsWith("[(" + SIDE + ", " + SIDE + ", 3), (" + (SIDE + 1) / 2 + ", " + (SIDE + 1) / 2 + ", 3)"),
                o.out());
    }

    @Test
    void killedGenerateOfStripsRunAgainWritesTheSameBytes() throws Exception {
        Path expected = dir.resolve("expected.tif");
        Path out = dir.resolve("strips.tif");
        String[] common = {"generate", "noise", "--size", "9000x7000", "--tile", "0", "--threads", "1", "-q"};
        Run ref = TilewrightProcess.run(concat(common, "-o", expected.toString()));
        assertEquals(0, ref.exit(), ref.err());
        killAfterFirstCheckpoint(out, concat(common, "-o", out.toString(), "--resume"));
        Run again = TilewrightProcess.run(concat(common, "-o", out.toString(), "--resume"));
        assertEquals(0, again.exit(), again.err());
        Matcher m = CONTINUING.matcher(again.err());
        assertTrue(m.find() && Integer.parseInt(m.group(1)) > 0, again.err());
        assertEquals(-1L, Files.mismatch(expected, out));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aJournalOfAnotherJobStartsOverWithOneLine() throws Exception {
        Path out = dir.resolve("out.tif");
        killAfterFirstCheckpoint(out, montage(out, true));
        // Same pixels, but the input changed on disk as far as anyone can tell: not the same job.
        Path touched = Path.of(tiles.get(7));
        FileTime was = Files.getLastModifiedTime(touched);
        Files.setLastModifiedTime(touched, FileTime.fromMillis(was.toMillis() + 5000));
        try {
            Run again = TilewrightProcess.run(montage(out, true));
            assertEquals(0, again.exit(), again.err());
            assertEquals(1, again.err().lines().count(), again.err());
            assertTrue(again.err().contains("starting over: its journal is for another job"), again.err());
            assertSameBytesAsReference(out);
        } finally {
            Files.setLastModifiedTime(touched, was);
        }
    }

    @Test
    void aDamagedJournalStartsOver() throws Exception {
        Path out = dir.resolve("out.tif");
        killAfterFirstCheckpoint(out, montage(out, true));
        flipByte(journalOf(out), 30);  // inside the job's key: the header's checksum fails
        Run again = TilewrightProcess.run(montage(out, true));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("starting over: its journal") && again.err().contains("is damaged"), again.err());
        assertSameBytesAsReference(out);
    }

    @Test
    void aTornLastCheckpointIsIgnoredAndTheOnesBeforeItKept() throws Exception {
        Path out = dir.resolve("out.tif");
        killAfterFirstCheckpoint(out, montage(out, true));
        Path journal = journalOf(out);
        try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "rw")) {
            f.setLength(f.length() - 3);  // the power went while the last checkpoint was written
        }
        Run again = TilewrightProcess.run(montage(out, true));
        assertEquals(0, again.exit(), again.err());
        assertFalse(again.err().contains("starting over"), again.err());
        assertSameBytesAsReference(out);
    }

    @Test
    void aPartialFileShorterThanItsJournalStartsOver() throws Exception {
        Path out = dir.resolve("out.tif");
        killAfterFirstCheckpoint(out, montage(out, true));
        try (RandomAccessFile f = new RandomAccessFile(partialOf(out).toFile(), "rw")) {
            f.setLength(f.length() / 3);
        }
        Run again = TilewrightProcess.run(montage(out, true));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("starting over: the partial file or a pyramid level is missing or shorter"),
                again.err());
        assertSameBytesAsReference(out);
    }

    @Test
    void aSecondProcessOnTheSameJobIsRefusedAndTheFirstFinishes() throws Exception {
        Path out = dir.resolve("out.tif");
        Process first = TilewrightProcess.start(montage(out, true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(journalOf(out)) && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(first.isAlive(), "the first job ended too soon to be raced");
        Run second = TilewrightProcess.run(montage(out, true));
        assertNotEquals(0, second.exit());
        assertTrue(second.err().contains("another process is writing this output with --resume"), second.err());
        assertTrue(first.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), new String(first.getErrorStream().readAllBytes()));
        assertSameBytesAsReference(out);
    }

    @Test
    void outputsItCannotContinueAreRefusedLeavingNothing() throws Exception {
        Path exr = dir.resolve("out.exr");
        Run e = TilewrightProcess.run("generate", "gradient", "--size", "300x200", "-o", exr.toString(), "--resume");
        assertNotEquals(0, e.exit());
        assertTrue(e.err().contains("--resume continues TIFF and BigTIFF outputs only"), e.err());
        Path floats = dir.resolve("float.tif");
        Run f = TilewrightProcess.run("generate", "gradient", "--size", "300x200", "--type", "float", "-o",
                floats.toString(), "--resume");
        assertNotEquals(0, f.exit());
        assertTrue(f.err().contains("--resume needs a TIFF of 8- or 16-bit integers"), f.err());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing is left of a refused job");
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x5A);
        }
    }

    private static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
