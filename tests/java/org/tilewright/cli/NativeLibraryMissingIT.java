package org.tilewright.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tilewright.Processes;

/**
 * A machine without OpenImageIO 2.4: run in a private mount namespace where the library's
 * folder is an overlay with libOpenImageIO.so.2.4 deleted. The first use of the API throws
 * our exception naming the missing library (not "no jniTilewright in java.library.path"),
 * the command says it in one line, and neither leaves a file.
 */
class NativeLibraryMissingIT {
    private static final String LIBRARIES = "/usr/lib/x86_64-linux-gnu";

    @TempDir
    Path dir;

    /** Runs {@code command} (a bash line) where libOpenImageIO.so.2.4 cannot be found. */
    private Processes.Output withoutOpenImageIO(String command) throws Exception {
        Path overlay = Files.createTempDirectory(dir, "overlay");  // its own per run: rm leaves whiteouts
        Path upper = Files.createDirectories(overlay.resolve("upper"));
        Path work = Files.createDirectories(overlay.resolve("work"));
        String hide = "mount -t overlay overlay -o lowerdir=" + LIBRARIES + ",upperdir=" + upper
                + ",workdir=" + work + " " + LIBRARIES + " && rm " + LIBRARIES
                + "/libOpenImageIO.so.2.4* && " + command;
        return Processes.run(new ProcessBuilder("unshare", "--mount", "--propagation", "private", "bash", "-c", hide), "");
    }

    private static boolean canHideLibraries() throws Exception {
        return Processes.run(new ProcessBuilder("unshare", "--mount", "--propagation", "private", "true"), "").exit() == 0;
    }

    @Test
    void theFirstUseSaysWhatIsMissingAndCreatesNothing() throws Exception {
        assumeTrue(canHideLibraries(), "needs root in a private mount namespace (unshare --mount)");
        String jar = Path.of(System.getProperty("tilewright.jar", "target/tilewright.jar")).toAbsolutePath().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path probe = Files.writeString(dir.resolve("Probe.java"), String.join("\n",
                "import java.nio.file.Path;",
                "import org.tilewright.*;",
                "public class Probe {",
                "    public static void main(String[] args) {",
                "        try {",
                "            ImageWriter.open(Path.of(args[0]), ImageSpec.builder(8, 8, 3, PixelType.UINT8).build());",
                "        } catch (TilewrightException e) {",
                "            System.out.println(e.kind() + \": \" + e.getMessage());",
                "        }",
                "    }",
                "}"));

        Processes.Output api = withoutOpenImageIO("'" + java + "' -cp '" + jar + "' '" + probe + "' '" + out.resolve("api.tif") + "'");
        assertEquals(0, api.exit(), api.err());
        assertEquals("NATIVE_LIBRARY: Tilewright's native library cannot load: libOpenImageIO.so.2.4 not found;"
                + " it needs OpenImageIO 2.4 as Debian 12 ships it (apt-get install libopenimageio2.4)",
                api.out().strip(), api.err());

        Processes.Output cli = withoutOpenImageIO("'" + java + "' -jar '" + jar + "' generate gradient --size 64x64 -o '"
                + out.resolve("cli.tif") + "'");
        assertEquals(1, cli.exit(), cli.err());
        assertEquals(1, cli.err().lines().count(), cli.err());
        assertTrue(cli.err().startsWith("tilewright: error: Tilewright's native library cannot load:"
                + " libOpenImageIO.so.2.4 not found"), cli.err());

        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.toList(), "no file, not even a partial one");
        }
    }
}
