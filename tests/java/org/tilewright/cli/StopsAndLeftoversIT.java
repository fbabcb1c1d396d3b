package org.tilewright.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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

/**
 * How a command ends when stopped, and what earlier jobs left behind: a signal stops it
 * within a second wherever it is, and it either aborts cleanly or finishes — never both;
 * leftovers of killed jobs are never inputs and are swept; list files hold paths only.
 */
class StopsAndLeftoversIT {
    @TempDir
    Path dir;

    private Path input(String name, int width, int height) throws Exception {
        Path p = dir.resolve(name);
        try (ImageWriter w = ImageWriter.open(p, ImageSpec.builder(width, height, 3, PixelType.UINT8).build())) {
            byte[] rows = new byte[width * height * 3];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (byte) (i % 251);
            }
            w.writeScanlines(0, height, rows);
            w.finish();
        }
        return p;
    }

    private List<String> listing() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** SIGTERM while 200 000 headers are read: the command used to ignore it for 30 s. */
    @Test
    void sigtermDuringPlanningStopsWithinASecond() throws Exception {
        Path tile = input("tile.png", 16, 16);
        StringBuilder csv = new StringBuilder("path,x,y\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append(tile.getFileName()).append(',').append(i % 1000 * 16).append(',').append(i / 1000 * 16).append('\n');
        }
        Path manifest = Files.writeString(dir.resolve("layout.csv"), csv);
        Process p = TilewrightProcess.start("stitch", manifest.toString(), "-o", dir.resolve("out.tif").toString(),
                "--memory", "2G");  // room for 200 000 inputs' records: the job gets to planning
        Thread.sleep(2500);  // past the JVM's start, inside the planning
        assertTrue(p.isAlive(), "still planning");
        long signalled = System.nanoTime();
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        double seconds = (System.nanoTime() - signalled) / 1e9;
        assertEquals(130, p.exitValue());
        assertTrue(seconds < 1.5, "stopped " + seconds + " s after SIGTERM");
        assertEquals(List.of("layout.csv", "tile.png"), listing());
    }

    /**
     * SIGTERM at many moments of a Deep Zoom job, its last phase included: each run ends
     * either 130 with nothing of the output left, or 0 with the whole output and its summary
     * — never a success printed and then 130, never an output in place after 130.
     */
    @Test
    void aStoppedJobEitherAbortsCleanlyOrFinishesNeverBoth() throws Exception {
        Path in = input("in.png", 3000, 2000);
        int aborted = 0;
        int finished = 0;
        for (int delay = 0; delay <= 1600; delay += 200) {
            Path out = dir.resolve("slide.dzi");
            Process p = TilewrightProcess.start("montage", in.toString(), in.toString(), "-o", out.toString(),
                    "--overwrite", "--progress", "log");
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String first = err.readLine();  // the plan's line: the job has begun
            assertTrue(first != null, "the job started");
            Thread.sleep(delay);
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (p.exitValue() == 130) {
                aborted++;
                assertEquals("", stdout, "no success printed after an abort");
                assertEquals(List.of("in.png"), listing(), "nothing left after an abort at " + delay + " ms");
            } else {
                finished++;
                assertEquals(0, p.exitValue(), stdout);
                assertTrue(stdout.contains("output:"), stdout);
                assertTrue(Files.exists(out) && Files.isDirectory(dir.resolve("slide_files"))
                        && Files.exists(dir.resolve("slide.html")), "the whole output after a finish");
                assertTrue(listing().stream().noneMatch(n -> n.contains(".tw-")), listing().toString());
                for (String name : List.of("slide.dzi", "slide.html")) {
                    Files.delete(dir.resolve(name));
                }
                try (var tiles = Files.walk(dir.resolve("slide_files"))) {
                    for (Path f : (Iterable<Path>) tiles.sorted(java.util.Comparator.reverseOrder())::iterator) {
                        Files.delete(f);
                    }
                }
            }
        }
        assertTrue(aborted > 0, "some stops came before the end");
    }

    /**
     * A killed job's temporary file ({@code name.tw-partial-<pid>-…}) picked up by a glob is
     * left out with a note; one beside the output whose process is gone is removed by the
     * next run of that output, while a live process's is kept.
     */
    @Test
    void leftoversOfKilledJobsAreNeverInputsAndAreSwept() throws Exception {
        Path a = input("a.png", 40, 30);
        Path b = input("b.png", 40, 30);
        long deadPid = findDeadPid();
        Path leftover = Files.copy(a, dir.resolve("old.png.tw-partial-" + deadPid + "-1a2b.png"));
        Path staleOutput = Files.writeString(dir.resolve("out.tif.tw-partial-" + deadPid + "-3c4d.tif"), "stale");
        Path liveOutput = Files.writeString(dir.resolve("out.tif.tw-partial-" + ProcessHandle.current().pid()
                + "-5e6f.tif"), "a live job's");
        Run run = TilewrightProcess.run("montage", a.toString(), leftover.toString(), b.toString(), "-o",
                dir.resolve("out.tif").toString(), "-q");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("leaving out " + leftover + ", a temporary file of an unfinished job"), run.err());
        assertEquals(80, ImageReader.readSpec(dir.resolve("out.tif")).width(), "two inputs in the grid, not three");
        assertFalse(Files.exists(staleOutput), "a dead process's temporary file is removed");
        assertTrue(Files.exists(liveOutput), "a live process's temporary file is kept");
    }

    /** Lines of @list.txt are paths, always: "--overwrite" and "-dash.png" are file names. */
    @Test
    void listFilesHoldPathsNeverOptions() throws Exception {
        input("-dash.png", 20, 10);
        Path victim = Files.writeString(dir.resolve("victim.tif"), "precious");
        Path list = Files.writeString(dir.resolve("list.txt"), "-dash.png\n--overwrite\n-o\n" + victim + "\n");
        Run hostile = TilewrightProcess.run("montage", "@" + list, "-o", dir.resolve("out.tif").toString());
        assertEquals(1, hostile.exit(), hostile.err());
        assertTrue(hostile.err().contains("--overwrite: no such file"), hostile.err());
        assertEquals("precious", Files.readString(victim));
        Files.writeString(list, dir.resolve("-dash.png") + "\n");
        Run ok = TilewrightProcess.run("montage", "@" + list, "-o", dir.resolve("out.tif").toString(), "-q");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(20, ImageReader.readSpec(dir.resolve("out.tif")).width());
    }

    /** Positions that overflow 32 bits name the file and the cause, in every manifest format. */
    @Test
    void overflowingPositionsAreNamedNotArithmeticExceptions() throws Exception {
        input("a.png", 20, 10);
        input("b.png", 20, 10);
        List<Path> manifests = new ArrayList<>();
        manifests.add(Files.writeString(dir.resolve("wide.csv"), "path,x,y\na.png,2147483647,0\nb.png,-2147483648,0\n"));
        manifests.add(Files.writeString(dir.resolve("far.json"),
                "[{\"path\":\"a.png\",\"x\":99999999999,\"y\":0},{\"path\":\"b.png\",\"x\":0,\"y\":0}]"));
        manifests.add(Files.writeString(dir.resolve("TileConfiguration.txt"),
                "dim = 2\na.png; ; (1e300, 0.0)\nb.png; ; (0.0, 0.0)\n"));
        manifests.add(Files.writeString(dir.resolve("deadline.txt"),
                "TileCount=1\nImageWidth=100\nImageHeight=100\nTile0FileName=a.png\nTile0X=1e15\nTile0Y=0\n"));
        for (Path m : manifests) {
            Run r = TilewrightProcess.run("stitch", m.toString(), "-o", dir.resolve("out.tif").toString());
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains(m.getFileName().toString()), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertFalse(Files.exists(dir.resolve("out.tif")));
        }
    }

    /**
     * 300 000 inputs under the default 256 MB budget: refused before a header is read, naming
     * the budget to ask for (1 000 000 inputs used to take 2.3 GB of planning before any word).
     */
    @Test
    void moreInputsThanTheBudgetCanRecordAreRefusedBeforeReadingThem() throws Exception {
        StringBuilder csv = new StringBuilder("path,x,y\n");
        for (int i = 0; i < 300_000; i++) {
            csv.append("never-read.png,").append(i % 1000 * 16).append(',').append(i / 1000 * 16).append('\n');
        }
        Path manifest = Files.writeString(dir.resolve("layout.csv"), csv);
        Run r = TilewrightProcess.run("stitch", manifest.toString(), "-o", dir.resolve("out.tif").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("300000 inputs need about 768.0 MB for their records alone"), r.err());
        assertTrue(r.err().contains("--memory 1720M"), r.err());
        assertFalse(r.err().contains("never-read.png"), "no header was read: " + r.err());
    }

    /** A pid no process has now (pids are recycled, so one is looked for, not assumed). */
    private static long findDeadPid() {
        for (long pid = 4_000_000; ; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
    }
}
