package org.tilewright.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.Processes;

/** What the README's "Install it on your PATH" does: a linked launcher, completion, man page. */
class InstallationIT {
    @TempDir
    Path dir;

    private static Path built(String name) {
        return Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().resolveSibling(name);
    }

    /** Linked into a folder on PATH, the launcher still finds its repository (it looked beside the link). */
    @Test
    void theLauncherRunsThroughASymlinkOnPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("tilewright"), Path.of("tilewright").toAbsolutePath());
        ProcessBuilder b = new ProcessBuilder("bash", "-c", "tilewright --version").directory(dir.toFile());
        b.environment().put("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        b.environment().put("TILEWRIGHT_JAR", built("tilewright.jar").toString());
        Processes.Output o = Processes.run(b, "");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().startsWith("tilewright 0.1.0"), o.out());
    }

    /** bash completes subcommands and options from the generated script. */
    @Test
    void completionOffersTheCommandsAndTheirOptions() throws Exception {
        String script = "source '" + built("tilewright_completion") + "'\n"
                + "COMP_WORDS=(tilewright mon); COMP_CWORD=1; COMP_LINE='tilewright mon'; COMP_POINT=14\n"
                + "_complete_tilewright; echo \"${COMPREPLY[@]}\"\n"
                + "COMP_WORDS=(tilewright montage --pyr); COMP_CWORD=2; COMP_LINE='tilewright montage --pyr'; COMP_POINT=24\n"
                + "_complete_tilewright 2>/dev/null; echo \"${COMPREPLY[@]}\"\n"
                + "COMP_WORDS=(tilewright stitch --type u); COMP_CWORD=3; COMP_LINE='tilewright stitch --type u'; COMP_POINT=26\n"
                + "_complete_tilewright 2>/dev/null; echo \"${COMPREPLY[@]}\"\n";
        Processes.Output o = Processes.run(new ProcessBuilder("bash", "-c", script), "");
        assertEquals(0, o.exit(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals("montage", lines.get(0).strip(), o.out());
        assertTrue(lines.get(1).contains("--pyramid-levels") && lines.get(1).contains("--pyramid-filter"), o.out());
        assertEquals("uint8 uint16 uint32", lines.get(2).strip(), "the values --type accepts: " + o.out());
    }

    /** The man page renders without warnings and documents every command and option. */
    @Test
    void theManPageRendersEveryCommand() throws Exception {
        ProcessBuilder b = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", built("tilewright.1").toString());
        Processes.Output check = Processes.run(b, "");
        assertEquals(0, check.exit(), check.err());
        assertEquals("", check.err(), "groff warnings");
        ProcessBuilder render = new ProcessBuilder("man", "-l", built("tilewright.1").toString());
        render.environment().put("MANWIDTH", "100");
        render.environment().put("MANPAGER", "cat");
        Processes.Output page = Processes.run(render, "");
        assertEquals(0, page.exit(), page.err());
        for (String text : List.of("tilewright montage", "tilewright stitch", "tilewright assemble", "tilewright generate",
                "tilewright info", "tilewright demo", "--pyramid-levels N", "--missing", "EXIT STATUS")) {
            assertTrue(page.out().contains(text), text + " in:\n" + page.out());
        }
    }
}
